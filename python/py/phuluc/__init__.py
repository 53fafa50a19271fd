"""phuluc: the appendix tables ("Phụ lục") of Vietnamese government plans as records.

    import phuluc
    doc = phuluc.extract("plan.pdf")          # the phuluc/1 contract as dicts and lists
    docs = phuluc.extract_many(paths)         # in parallel, the GIL released
    df = phuluc.to_pandas(doc)                # the flat CSV's columns, one row per record

The documents are read by the Rust pipeline (the `phuluc` crate); errors are the command
line's error kinds as exceptions (all subclasses of PhulucError), each naming the file.
The contract is docs/json-contract.md; its JSON Schema is `phuluc.schema()`.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native

__all__ = [
    "CSV_COLUMNS",
    "extract",
    "extract_many",
    "to_pandas",
    "schema",
    "PhulucError",
    "ReadError",
    "NotPdfError",
    "DamagedError",
    "EncryptedError",
    "WrongPasswordError",
    "NoTextLayerError",
    "NoTableError",
    "LimitExceededError",
    "InternalError",
    "UnsupportedError",
    "WordDamagedError",
    "WordEncryptedError",
    "NeedsConverterError",
]


class PhulucError(Exception):
    """A document could not be extracted. `kind` names the error, `exit_code` is the code
    `phuluc extract` gives for it, `path` the input."""

    kind = "error"
    exit_code = 1

    def __init__(self, message: str, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.path = path


class ReadError(PhulucError, OSError):
    """The file could not be read (missing, permission)."""

    kind, exit_code = "read", 3


class NotPdfError(PhulucError):
    """The file is not a PDF."""

    kind, exit_code = "not_pdf", 4


class DamagedError(PhulucError):
    """The PDF is damaged beyond repair."""

    kind, exit_code = "damaged", 5


class EncryptedError(PhulucError):
    """The PDF is encrypted: give `password=`."""

    kind, exit_code = "encrypted", 6


class WrongPasswordError(EncryptedError):
    """The password does not open the PDF."""

    kind, exit_code = "wrong_password", 6


class NoTextLayerError(PhulucError):
    """The PDF has no text layer (a scan: run OCR first)."""

    kind, exit_code = "no_text_layer", 7


class NoTableError(PhulucError):
    """No appendix table was found; the message says what was seen instead."""

    kind, exit_code = "no_table", 8


class LimitExceededError(PhulucError):
    """A safety limit was exceeded (size, pages, time …)."""

    kind, exit_code = "limit_exceeded", 9


class InternalError(PhulucError):
    """A bug in phuluc: please report it with the file."""

    kind, exit_code = "internal", 70


class UnsupportedError(NotPdfError):
    """The file is neither a PDF nor a Word document phuluc reads."""

    kind, exit_code = "unsupported", 4


class WordDamagedError(DamagedError):
    """The Word file (.docx/.docm) is damaged: a broken archive or XML."""

    kind, exit_code = "word_damaged", 5


class WordEncryptedError(EncryptedError):
    """The Word file is password-protected: save an unprotected copy and read that."""

    kind, exit_code = "word_encrypted", 6


class NeedsConverterError(PhulucError):
    """A .doc or .odt needs LibreOffice (`soffice`) to be read; the message says what to
    install."""

    kind, exit_code = "needs_converter", 4


_ERRORS = {
    cls.kind: cls
    for cls in (
        ReadError,
        NotPdfError,
        DamagedError,
        EncryptedError,
        WrongPasswordError,
        NoTextLayerError,
        NoTableError,
        LimitExceededError,
        InternalError,
        UnsupportedError,
        WordDamagedError,
        WordEncryptedError,
        NeedsConverterError,
    )
}

#: The flat CSV's fixed columns, in order (`extra:<header>` columns of unknown headers follow
#: them in a document's table).
CSV_COLUMNS: List[str] = list(_native.flat_columns())

PathLike = Union[str, "os.PathLike[str]"]
Document = Dict[str, Any]


def _result(path: PathLike, outcome: tuple) -> Union[Document, PhulucError]:
    text, kind, message = outcome
    if text is not None:
        return json.loads(text)
    return _ERRORS.get(kind, PhulucError)(message, os.fspath(path))


def extract(
    path: PathLike, *, normalize: bool = True, password: Optional[str] = None
) -> Document:
    """Reads one PDF; returns the phuluc/1 document (dicts, lists, strings, numbers)."""
    result = _result(path, _native.extract(os.fspath(path), normalize, password))
    if isinstance(result, PhulucError):
        raise result
    return result


def extract_many(
    paths: Iterable[PathLike],
    *,
    jobs: Optional[int] = None,
    normalize: bool = True,
    password: Optional[str] = None,
    return_exceptions: bool = False,
) -> List[Union[Document, PhulucError]]:
    """Reads many PDFs on `jobs` worker threads (default: the cores), the GIL released;
    returns their documents in the order of `paths`. A failed document raises its error
    (the first in input order, after all were read), or with `return_exceptions=True`
    stands in the list as its exception."""
    paths = [os.fspath(p) for p in paths]
    outcomes = _native.extract_many(paths, normalize, password, jobs)
    results = [_result(p, o) for p, o in zip(paths, outcomes)]
    if not return_exceptions:
        for r in results:
            if isinstance(r, PhulucError):
                raise r
    return results


def to_pandas(doc_or_docs: Union[Document, Sequence[Document]]):
    """A pandas DataFrame with the flat CSV's columns (`phuluc extract -f csv`), one row per
    record. For a list of documents, their rows in order, with `document_id` (the input's
    sha256) and `document_file` in front."""
    import pandas as pd

    def frame(doc: Document):
        columns, rows = _native.flat_table(json.dumps(doc, ensure_ascii=False))
        return pd.DataFrame(rows, columns=columns, dtype="string")

    if isinstance(doc_or_docs, dict):
        return frame(doc_or_docs)
    frames = []
    for doc in doc_or_docs:
        df = frame(doc)
        df.insert(0, "document_file", pd.Series([doc["source"]["file"]] * len(df), dtype="string"))
        df.insert(0, "document_id", pd.Series([doc["source"]["sha256"]] * len(df), dtype="string"))
        frames.append(df)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def schema() -> Dict[str, Any]:
    """The JSON Schema of the phuluc/1 contract."""
    return json.loads(_native.schema_json())
