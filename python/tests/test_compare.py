"""compare gives the CLI's numbers: the same runs and the same summaries, to the bit."""

import pandas as pd
import pytest

import cordon
from conftest import FIXTURES, cli, read_csv

SCENARIO = str(FIXTURES / "insurgency.toml")


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    cli("compare", SCENARIO, "--reps", "40", "--seed", "5", "--baseline", "fair", "--out", str(out), "--no-report")
    return out


def test_in_memory_compare_equals_the_cli(cli_results):
    s = cordon.load(SCENARIO)
    mem = cordon.compare(s, reps=40, seed=5, baseline="fair", progress=False)
    disk = cordon.read_results(cli_results, baseline="fair")
    assert mem.coas == disk.coas == ["good", "fair", "poor"]
    pd.testing.assert_frame_equal(mem.summary, disk.summary, check_exact=True)
    runs_csv = read_csv(cli_results / "runs.csv")
    pd.testing.assert_frame_equal(mem.runs, runs_csv[list(mem.runs.columns)], check_exact=True, check_dtype=False)
    assert mem.failures.empty and mem.replications == [40, 40, 40]


def test_results_directory_equals_the_cli(cli_results, tmp_path):
    s = cordon.load(SCENARIO)
    ours = cordon.compare(s, reps=40, seed=5, baseline="fair", out=tmp_path, progress=False)
    pd.testing.assert_frame_equal(read_csv(tmp_path / "runs.csv"), read_csv(cli_results / "runs.csv"), check_exact=True)
    pd.testing.assert_frame_equal(ours.summary, cordon.read_results(cli_results, baseline="fair").summary, check_exact=True)


def test_threads_do_not_change_results():
    s = cordon.load(SCENARIO)
    one = cordon.compare(s, ["poor", "good"], reps=25, seed=9, threads=1, progress=False)
    two = cordon.compare(s, ["poor", "good"], reps=25, seed=9, threads=2, progress=False)
    pd.testing.assert_frame_equal(one.summary, two.summary, check_exact=True)
    assert one.coas == ["poor", "good"] and one.baseline == "good"
    # A baseline missing from the list joins it at the end, as in the CLI.
    assert cordon.compare(s, ["poor"], baseline="fair", reps=2, progress=False).coas == ["poor", "fair"]


def test_tables():
    cmp = cordon.compare(cordon.load(SCENARIO), reps=10, seed=1, progress=False)
    table = cmp.table("fighters_total")
    assert list(table.index) == cmp.coas
    assert table.loc[cmp.baseline, "diff_mean"] == 0.0
    assert list(cmp.means().columns) == cordon.load(SCENARIO).outcomes
    with pytest.raises(KeyError):
        cmp.table("nonsense")


def test_bad_requests_are_input_errors():
    s = cordon.load(SCENARIO)
    with pytest.raises(cordon.InputError, match="--reps must be at least 1"):
        cordon.compare(s, reps=0, progress=False)
    with pytest.raises(cordon.InputError, match="listed twice"):
        cordon.compare(s, ["good", "good"], reps=2, progress=False)
    with pytest.raises(cordon.InputError, match="out=DIR"):
        cordon.compare(s, reps=2, ci_width=0.1, progress=False)


def test_progress_callback_sees_every_run():
    seen = []
    cordon.compare(cordon.load(SCENARIO), reps=20, seed=2, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (60, 60)
