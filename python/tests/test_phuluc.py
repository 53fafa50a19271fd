"""The Python package against the bundled fixtures: the contract as Python objects, the
batch call in parallel, to_pandas with the CSV's columns, the error kinds as exceptions."""

import csv
import io
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

import phuluc

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "fixtures" / "bac-giang-402.word.pdf"
EXPECTED = ROOT / "fixtures" / "bac-giang-402.word.expected.json"
BROKEN = ROOT / "tests" / "corpus" / "broken"
# The phuluc command, to compare to_pandas with its CSV (scripts/test.sh builds it first).
PHULUC_BIN = os.environ.get("PHULUC_BIN", str(ROOT / "target" / "debug" / "phuluc"))


def test_extract_gives_the_contract_as_python_objects():
    doc = phuluc.extract(PLAN)
    assert doc["schema"] == "phuluc/1"
    assert len(doc["records"]) == 73
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    # The accepted output, but for the file name as given.
    doc["source"]["file"] = expected["source"]["file"]
    assert doc == expected


def test_extract_many_keeps_the_input_order_and_releases_the_gil(tmp_path):
    paths = []
    for i in range(6):
        p = tmp_path / f"copy-{i}.pdf"
        shutil.copy(PLAN, p)
        paths.append(p)
    shutil.copy(ROOT / "fixtures" / "ha-noi-cds.hrules.pdf", tmp_path / "ha-noi.pdf")
    paths.insert(3, tmp_path / "ha-noi.pdf")
    # A Python thread keeps running while the documents are read.
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        docs = phuluc.extract_many(paths, jobs=2)
    finally:
        stop.set()
        t.join()
    assert [d["source"]["file"] for d in docs] == [str(p) for p in paths]
    assert [len(d["records"]) for d in docs].count(73) == 6
    assert len(ticks) > 5, "the GIL was held while reading"
    one = phuluc.extract_many(paths, jobs=1)
    assert one == docs, "the result does not depend on the number of workers"


def test_to_pandas_has_the_csv_columns_and_rows():
    doc = phuluc.extract(PLAN)
    df = phuluc.to_pandas(doc)
    assert len(df) == 73
    out = subprocess.run(
        [PHULUC_BIN, "extract", str(PLAN), "-f", "csv", "-q"],
        capture_output=True,
        check=False,
    )
    if out.returncode != 0:
        pytest.fail(f"the phuluc command is needed here (cargo build): {out.stderr!r}")
    rows = list(csv.reader(io.StringIO(out.stdout.decode("utf-8"))))
    assert list(df.columns) == rows[0]
    assert df.astype(str).values.tolist() == rows[1:]
    both = phuluc.to_pandas([doc, doc])
    assert len(both) == 146
    assert list(both.columns[:2]) == ["document_id", "document_file"]
    assert set(both["document_id"]) == {doc["source"]["sha256"]}


@pytest.mark.parametrize(
    "name, error, code",
    [
        ("not-pdf-html.pdf", phuluc.NotPdfError, 4),
        ("encrypted-user-password.pdf", phuluc.EncryptedError, 6),
        ("prose-no-table.pdf", phuluc.NoTableError, 8),
    ],
)
def test_errors_are_exceptions_naming_the_file(name, error, code):
    with pytest.raises(error) as caught:
        phuluc.extract(BROKEN / name)
    assert isinstance(caught.value, phuluc.PhulucError)
    assert caught.value.exit_code == code
    assert name in str(caught.value)


def test_missing_files_wrong_passwords_and_batches_with_failures(tmp_path):
    with pytest.raises(phuluc.ReadError):
        phuluc.extract(tmp_path / "missing.pdf")
    with pytest.raises(phuluc.WrongPasswordError):
        phuluc.extract(BROKEN / "encrypted-user-password.pdf", password="wrong")
    assert phuluc.extract(BROKEN / "encrypted-user-password.pdf", password="secret")["records"]
    paths = [PLAN, BROKEN / "not-pdf-html.pdf"]
    with pytest.raises(phuluc.NotPdfError):
        phuluc.extract_many(paths)
    results = phuluc.extract_many(paths, return_exceptions=True)
    assert len(results[0]["records"]) == 73
    assert isinstance(results[1], phuluc.NotPdfError)


WORD = ROOT / "fixtures" / "layouts" / "inspect-laocai.docx"


def test_word_files_and_their_error_kinds(tmp_path):
    doc = phuluc.extract(WORD)
    truth = json.loads(WORD.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert [r["stt"] for r in doc["records"]] == [r["stt"] for r in truth["records"]]
    # A zip with a Word content-types part but no readable document part.
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(WORD.read_bytes()[:2000])
    with pytest.raises(phuluc.DamagedError) as caught:
        phuluc.extract(damaged)
    assert caught.value.exit_code == 5 and "damaged.docx" in str(caught.value)
    # An OLE compound file with an EncryptionInfo stream: Office's password protection.
    locked = tmp_path / "locked.docx"
    locked.write_bytes(
        bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "EncryptionInfo".encode("utf-16-le")
    )
    with pytest.raises(phuluc.WordEncryptedError) as caught:
        phuluc.extract(locked)
    assert isinstance(caught.value, phuluc.EncryptedError) and caught.value.exit_code == 6


def test_without_normalizing_and_the_schema():
    raw = phuluc.extract(PLAN, normalize=False)
    assert all("agencies" not in (r.get("lead") or {}) for r in raw["records"])
    schema = phuluc.schema()
    assert schema["properties"]["schema"]["const"] == "phuluc/1"
    shipped = json.loads((ROOT / "docs" / "phuluc-1.schema.json").read_text(encoding="utf-8"))
    assert schema == shipped
