"""The EMA Workbench adapter runs EMA's own perform_experiments on Cordon."""

import math

import pytest

import cordon
from conftest import FIXTURES

ema = pytest.importorskip("ema_workbench")
import cordon.ema  # noqa: E402

SCENARIO = str(FIXTURES / "insurgency.toml")


def test_uncertainties_levers_outcomes():
    s = cordon.load(SCENARIO)
    m = cordon.ema.model(s, reps=2)
    names = [u.name for u in m.uncertainties]
    assert names == ["region_province_sanctuary", "actor_good_intelligence_intelligence", "branch_insurgents_fighters"]
    tri = m.uncertainties[1]
    assert (tri.lower_bound, tri.upper_bound) == pytest.approx((0.6, 0.95))
    assert [l.name for l in m.levers] == ["coa"]
    assert [o.name for o in m.outcomes] == [cordon.ema.identifier(o) for o in s.outcomes]


def test_perform_experiments_runs_20_experiments():
    s = cordon.load(SCENARIO)
    m = cordon.ema.model(s, outcomes=["fighters_total", "coalition_losses"], reps=3, seed=2)
    experiments, outcomes = ema.perform_experiments(m, scenarios=10, policies=2)
    assert len(experiments) == 20
    assert set(outcomes) == {"fighters_total", "coalition_losses"}
    assert len(outcomes["fighters_total"]) == 20
    # Experiment 0 again, by hand: the same number.
    row = experiments.iloc[0]
    values = {
        "region.province.sanctuary": float(row["region_province_sanctuary"]),
        "actor.good-intelligence.intelligence": float(row["actor_good_intelligence_intelligence"]),
        "branch.insurgents.fighters": float(row["branch_insurgents_fighters"]),
    }
    coa = str(row["coa"])
    cmp = cordon.compare(s.with_values(values), [coa], baseline=coa, reps=3, seed=2, progress=False)
    expected = cmp.table("fighters_total").loc[coa, "mean"]
    assert outcomes["fighters_total"][0] == expected


def test_factor_levers_with_mean_field():
    m = cordon.ema.model(cordon.load(), levers="factors", outcomes=["fighters_total"], mean_field=True)
    assert [l.name for l in m.levers][:3] == ["isolation", "destruction", "regime"]
    experiments, outcomes = ema.perform_experiments(m, scenarios=2, policies=2)
    assert len(experiments) == 4
    assert all(math.isfinite(x) for x in outcomes["fighters_total"])
