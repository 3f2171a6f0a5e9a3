"""simulate gives the CLI's trajectory.csv, links.csv and events.jsonl, to the bit."""

import json

import pandas as pd
import pytest

import cordon
from conftest import cli, read_csv


@pytest.mark.parametrize("mean_field", [False, True])
def test_simulate_matches_the_cli(tmp_path, mean_field):
    args = ["simulate", "--coa", "isolation-only", "--seed", "11", "--replication", "3", "--out", str(tmp_path)]
    cli(*(args + (["--mean-field"] if mean_field else [])))
    sim = cordon.simulate(cordon.load(), "isolation-only", seed=11, replication=3, mean_field=mean_field)
    pd.testing.assert_frame_equal(sim.trajectory, read_csv(tmp_path / "trajectory.csv"), check_exact=True, check_dtype=False)
    pd.testing.assert_frame_equal(sim.links, read_csv(tmp_path / "links.csv"), check_exact=True, check_dtype=False)
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    expected = pd.DataFrame([json.loads(line) for line in lines])
    expected = expected[list(sim.events.columns)]
    pd.testing.assert_frame_equal(sim.events, expected, check_exact=True)
    assert len(sim.events) > 0
    assert sim.stream == "chacha8:11:3"
    assert list(sim.outcome.index) == cordon.load().outcomes
