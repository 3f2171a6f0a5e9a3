"""explore gives the CLI's tables, to the bit: in memory and in a results directory."""

import pandas as pd
import pytest

import cordon
from conftest import FIXTURES, cli, read_csv

SCENARIO = str(FIXTURES / "insurgency.toml")
ARGS = dict(worlds=12, reps=2, seed=3, satisfice="fighters_total<1500")
TABLES = ("worlds", "results", "robustness", "pairwise", "satisficing", "discovery", "boxes")
FILES = ("worlds.csv", "results.csv", "robustness.csv", "pairwise.csv", "satisficing.csv",
         "discovery.csv", "boxes.csv", "verdict.txt")


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("explore")
    cli("explore", SCENARIO, "--worlds", "12", "--reps", "2", "--seed", "3",
        "--satisfice", "fighters_total<1500", "--out", str(out))
    return out


def test_in_memory_explore_equals_the_cli(cli_dir):
    ours = cordon.explore(cordon.load(SCENARIO), **ARGS, progress=False)
    theirs = cordon.read_exploration(cli_dir)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(ours, name), getattr(theirs, name), check_exact=True, obj=name)
    assert (ours.verdict, ours.criterion, ours.ranking) == (theirs.verdict, theirs.criterion, theirs.ranking)
    assert ours.verdict + "\n" == (cli_dir / "verdict.txt").read_text()
    # Read independently of the package: results.csv holds the same numbers as ours.results.
    pd.testing.assert_frame_equal(ours.results, read_csv(cli_dir / "results.csv"), check_exact=True, check_dtype=False)
    assert ours.coas == ["good", "fair", "poor"] and len(ours.worlds) == 12 and len(ours.results) == 36
    assert set(ours.robustness["metric"]) == {"fighters_total", "coalition_losses", "civilian_casualties"}
    table = ours.table()
    assert list(table.index) == ours.ranking and table["rank"].tolist() == [1, 2, 3]
    assert set(ours.discovery["question"]) == {"fails", "not_best"}


def test_directory_equals_the_cli(cli_dir, tmp_path):
    res = cordon.explore(cordon.load(SCENARIO), **ARGS, out=tmp_path, progress=False)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (cli_dir / name).read_bytes(), name
    assert res.out == str(tmp_path) and res.ranking == cordon.read_exploration(cli_dir).ranking


def test_threads_do_not_change_results_and_boxes_are_tables():
    s = cordon.load(SCENARIO)
    one = cordon.explore(s, ["poor", "good"], worlds=10, reps=1, seed=2, threads=1, progress=False)
    two = cordon.explore(s, ["poor", "good"], worlds=10, reps=1, seed=2, threads=2, progress=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), check_exact=True, obj=name)
    assert one.coas == ["poor", "good"] and one.satisficing.empty
    for coa in one.coas:
        box = one.box(coa)
        assert set(box.columns) == {"box", "lower", "upper", "qp_lower", "qp_upper", "levels"}
        assert set(box.index) <= set(one.parameters)


def test_mean_field_runs_once_per_world():
    res = cordon.explore(cordon.load(SCENARIO), worlds=6, reps=5, mean_field=True, sampler="sobol", progress=False)
    assert res.reps == 1 and any("mean-field" in n for n in res.notes)
    assert res.results.filter(like="_sd").isna().all().all()


def test_bad_requests_are_input_errors(tmp_path):
    s = cordon.load(SCENARIO)
    with pytest.raises(cordon.InputError, match="unknown outcome \"fighters\" in --metrics"):
        cordon.explore(s, worlds=4, metrics=["fighters"], progress=False)
    with pytest.raises(cordon.InputError, match="out of range"):
        cordon.explore(s, worlds=1, progress=False)
    with pytest.raises(cordon.InputError, match="is not METRIC<VALUE"):
        cordon.explore(s, worlds=4, satisfice="fighters_total", progress=False)
    with pytest.raises(cordon.InputError, match="unknown course of action"):
        cordon.explore(s, ["nobody"], worlds=4, progress=False)
    # resume=True on a fresh directory starts the exploration (as `cordon explore --resume`
    # does, so a cluster array task can always pass it): no error, a complete directory.
    fresh = cordon.explore(
        s, worlds=4, reps=1, mean_field=True, out=tmp_path / "fresh", resume=True, progress=False
    )
    assert (tmp_path / "fresh" / "manifest.json").exists()
    assert len(fresh.results) > 0
    with pytest.raises(cordon.InputError, match="no manifest.json"):
        cordon.read_exploration(tmp_path / "nowhere")
