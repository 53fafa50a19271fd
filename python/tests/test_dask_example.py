"""The Dask example (python/examples/dask_parquet.py) runs a folder of appendices through a
distributed.LocalCluster into a Parquet dataset."""

import importlib.util
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "python" / "examples" / "dask_parquet.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_parquet", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_folder_becomes_a_parquet_dataset(tmp_path):
    plans = tmp_path / "plans"
    (plans / "sub").mkdir(parents=True)
    for i in range(3):
        shutil.copy(ROOT / "fixtures" / "bac-giang-402.word.pdf", plans / f"plan-{i}.pdf")
    shutil.copy(ROOT / "fixtures" / "ha-noi-cds.hrules.pdf", plans / "sub" / "ha-noi.PDF")
    (plans / "broken.pdf").write_text("not a pdf")
    example = load_example()
    out = tmp_path / "dataset"
    docs, rows, seconds = example.run(plans, out, workers=2)
    assert docs == 5
    assert seconds > 0
    df = pd.read_parquet(out)
    assert len(df) == rows
    assert list(df.columns) == example.COLUMNS
    counts = df["document_file"].value_counts()
    for i in range(3):
        assert counts[str(plans / f"plan-{i}.pdf")] == 73
    assert counts[str(plans / "sub" / "ha-noi.PDF")] > 0
    assert str(plans / "broken.pdf") not in counts
    assert df["document_id"].nunique() == 2, "three copies share one sha256"
