"""A folder of appendices through Dask into a Parquet dataset: phuluc unchanged inside an
existing distributed engine (docs/scale.md).

    python python/examples/dask_parquet.py PLANS_DIR OUT_DIR [--workers N] [--scheduler ADDR]

Each PDF under PLANS_DIR (recursively) is one task: a Dask worker reads it with
`phuluc.extract` and turns it into the flat CSV's rows with `phuluc.to_pandas`; the rows of
all documents become one Parquet dataset in OUT_DIR (one file per document), with
`document_id` (the PDF's sha256) and `document_file` in front of the CSV's fixed columns. A
document that fails is reported and left out. Without --scheduler, a `distributed.LocalCluster`
of N worker processes (one thread each) is started on this machine; with it, the tasks go to
an existing cluster (the workers need the phuluc package installed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Optional, Tuple

import pandas as pd

import phuluc

#: The dataset's columns: the document, then the CSV's fixed columns (the `extra:` columns of
#: unknown headers differ between documents and are left out of a dataset's common schema).
COLUMNS = ["document_id", "document_file"] + phuluc.CSV_COLUMNS


def rows_of(path: str) -> pd.DataFrame:
    """One document's rows (empty when it fails: its error is printed by the caller)."""
    try:
        doc = phuluc.extract(path)
    except phuluc.PhulucError as e:
        print(f"phuluc: error: {e}", file=sys.stderr)
        return pd.DataFrame({c: pd.Series(dtype="string") for c in COLUMNS})
    return phuluc.to_pandas([doc])[COLUMNS]


def find_pdfs(folder: Path) -> List[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())


def run(
    folder: Path, out: Path, workers: int = 2, scheduler: Optional[str] = None
) -> Tuple[int, int, float]:
    """Converts every PDF under `folder` into the Parquet dataset `out`; returns (documents,
    rows, seconds of the conversion, cluster start excluded)."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    paths = find_pdfs(folder)
    if not paths:
        raise SystemExit(f"{folder}: no *.pdf file")
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        started = time.perf_counter()
        meta = pd.DataFrame({c: pd.Series(dtype="string") for c in COLUMNS})
        frame = dd.from_map(rows_of, paths, meta=meta, enforce_metadata=False)
        frame.to_parquet(str(out), write_index=False, compute=True)
        seconds = time.perf_counter() - started
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    rows = len(pd.read_parquet(out))
    return len(paths), rows, seconds


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plans", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler")
    args = ap.parse_args(argv)
    docs, rows, seconds = run(args.plans, args.out, args.workers, args.scheduler)
    print(f"{docs} documents, {rows} rows in {seconds:.2f} s ({docs / seconds:.1f} documents/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
