"""factorial gives the CLI's effects.csv and cells.csv, to the bit."""

import pandas as pd
import pytest

import cordon
from conftest import cli, read_csv

FIX = {"isolation": "links-and-support", "destruction": "concentrate", "sequence": "isolate-first"}


def test_factorial_matches_the_cli(tmp_path):
    fix = ",".join(f"{k}={v}" for k, v in FIX.items())
    cli("factorial", "--reps", "3", "--seed", "8", "--fix", fix, "--out", str(tmp_path))
    res = cordon.factorial(cordon.load(), reps=3, seed=8, fix=FIX, progress=False)
    effects = read_csv(tmp_path / "effects.csv")
    ours = res.effects.rename(columns={"effect": "effect"})
    pd.testing.assert_frame_equal(
        ours.fillna(""), effects[list(ours.columns)].fillna(""), check_exact=True, check_dtype=False
    )
    cells = read_csv(tmp_path / "cells.csv")
    pd.testing.assert_frame_equal(res.cells, cells[list(res.cells.columns)], check_exact=True, check_dtype=False)
    assert set(res.varied) == {"regime", "proxy"}
    main = res.main_effects("fighters_total")
    assert set(main["factors"]) == {"regime", "proxy"}


def test_arm_builds_one_course_from_levels():
    s = cordon.arm(cordon.load(), {"isolation": "none", "regime": "parallel"})
    assert len(s.courses) == 1
    assert "isolation=none" in s.courses[0]["id"] and "regime=parallel" in s.courses[0]["id"]
    with pytest.raises(cordon.InputError, match="no level"):
        cordon.arm(cordon.load(), {"regime": "anarchy"})
