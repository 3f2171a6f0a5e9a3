"""sensitivity gives the CLI's design and indices, to the bit."""

import pandas as pd
import pytest

import cordon
from conftest import FIXTURES, cli, read_csv

SCENARIO = str(FIXTURES / "insurgency.toml")


@pytest.mark.parametrize("method,n", [("morris", 4), ("sobol", 8), ("lhs", 12)])
def test_sensitivity_matches_the_cli(tmp_path, method, n):
    cli("sensitivity", SCENARIO, "--method", method, "--n", str(n), "--metric", "fighters_total",
        "--reps", "2", "--seed", "4", "--resamples", "50", "--coa", "fair", "--out", str(tmp_path))
    res = cordon.sensitivity(cordon.load(SCENARIO), method, n, "fighters_total", reps=2, seed=4,
                             resamples=50, coa="fair", progress=False)
    ours = res.indices.rename(columns={"index": "kind"})
    theirs = read_csv(tmp_path / "sensitivity.csv")
    for column in ("value", "ci_low", "ci_high"):
        if column in theirs:
            assert ours[column].tolist() == pytest.approx(theirs[column].tolist(), abs=0, rel=0, nan_ok=True)
    design = read_csv(tmp_path / "design.csv")
    for name in res.design.columns:
        assert res.design[name].tolist() == design[name].tolist()
    assert res.ranking[0] in res.design.columns
    assert res.coa == "fair" and len(res.outputs) == len(res.design)


def test_written_files_equal_the_cli(tmp_path):
    a, b = tmp_path / "cli", tmp_path / "py"
    cli("sensitivity", SCENARIO, "--method", "morris", "--n", "3", "--metric", "coalition_losses",
        "--reps", "2", "--out", str(a))
    cordon.sensitivity(cordon.load(SCENARIO), "morris", 3, "coalition_losses", reps=2, out=b, progress=False)
    for name in ("design.csv", "sensitivity.csv"):
        assert (a / name).read_text() == (b / name).read_text()


def test_unknown_metric_is_an_input_error():
    with pytest.raises(cordon.InputError, match="fighters_totl"):
        cordon.sensitivity(cordon.load(SCENARIO), "lhs", 8, "fighters_totl", progress=False)
