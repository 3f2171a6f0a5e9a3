"""cordon.sa gives `cordon sa sample/analyze` and `cordon prim`'s numbers, to the bit; and,
side by side with SALib on the Ishigami function, the same indices."""

import io
import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from cordon import InputError, sa
from conftest import FIXTURES, cli, read_csv

PARAMS = FIXTURES / "ishigami.txt"
PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


@pytest.mark.parametrize("method,n", [("sobol", 64), ("morris", 10), ("lhs", 20)])
def test_sample_equals_the_cli(method, n):
    done = cli("sa", "sample", "--method", method, "--params", str(PARAMS), "--n", str(n), "--seed", "3")
    theirs = read_csv(io.StringIO(done.stdout))
    ours = sa.sample(PARAMS, method, n, seed=3)
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    pd.testing.assert_frame_equal(sa.sample(PROBLEM, method, n, seed=3), ours, check_exact=True)


@pytest.mark.parametrize("method,n", [("sobol", 128), ("morris", 12)])
def test_analyze_equals_the_cli(tmp_path, method, n):
    design, outputs = tmp_path / "design.csv", tmp_path / "outputs.csv"
    design.write_text(cli("sa", "sample", "--method", method, "--params", str(PARAMS), "--n", str(n), "--seed", "5").stdout)
    x = sa.sample(PARAMS, method, n, seed=5)
    y = ishigami(x.to_numpy())
    outputs.write_text("y\n" + "".join(f"{v!r}\n" for v in y.tolist()))
    flags = ["--resamples", "200", "--seed", "7", "--json"]
    theirs = json.loads(cli("sa", "analyze", "--method", method, "--params", str(PARAMS),
                            "--design", str(design), "--outputs", str(outputs), *flags).stdout)
    from_files = sa.analyze(PARAMS, design, outputs, method, resamples=200, seed=7)
    in_memory = sa.analyze(PROBLEM, x, pd.Series(y), method, resamples=200, seed=7)
    assert from_files.raw == theirs
    assert in_memory.raw == theirs
    assert list(in_memory.indices["parameter"]) == ["x1", "x2", "x3"]
    key = "ST" if method == "sobol" else "mu_star"
    assert in_memory.ranking == list(in_memory.indices.sort_values(key, ascending=False)["parameter"])


def test_sobol_matches_salib_on_ishigami():
    """Same design as SALib's sampler, the same S1 and ST as SALib's estimator to 1e-9, and
    near the analytic values (Ishigami a = 7, b = 0.1) at N = 1024."""
    pytest.importorskip("SALib")
    from SALib.analyze import sobol as salib_sobol
    from SALib.sample import sobol as salib_sample

    x = sa.sample(PROBLEM, "sobol", 1024)
    with warnings.catch_warnings():  # SALib advises a power of two for skip_values
        warnings.simplefilter("ignore", UserWarning)
        theirs_x = salib_sample.sample(PROBLEM, 1024, calc_second_order=False, scramble=False, skip_values=1)
    np.testing.assert_array_equal(x.to_numpy(), theirs_x)
    y = ishigami(x.to_numpy())
    ours = sa.analyze(PROBLEM, x, y, "sobol", resamples=100).to_salib()
    theirs = salib_sobol.analyze(PROBLEM, y, calc_second_order=False, num_resamples=100, seed=1)
    np.testing.assert_allclose(ours["S1"], theirs["S1"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours["ST"], theirs["ST"], rtol=1e-9, atol=1e-12)
    # Analytic indices of Ishigami (7, 0.1); the estimates are within 0.05 at N = 1024.
    np.testing.assert_allclose(ours["S1"], [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(ours["ST"], [0.5576, 0.4424, 0.2437], atol=0.05)
    # The bootstraps differ (different resamples); the half-widths agree within a factor 2.
    assert np.all(ours["ST_conf"] < 2 * theirs["ST_conf"]) and np.all(theirs["ST_conf"] < 2 * ours["ST_conf"])


def test_morris_matches_salib_on_ishigami():
    """SALib's Morris estimator on our trajectories: the same μ, μ* and σ to 1e-9."""
    pytest.importorskip("SALib")
    from SALib.analyze import morris as salib_morris

    x = sa.sample(PROBLEM, "morris", 50, seed=2)
    y = ishigami(x.to_numpy())
    ours = sa.analyze(PROBLEM, x, y, "morris", resamples=100).to_salib()
    theirs = salib_morris.analyze(PROBLEM, x.to_numpy(), y, num_levels=4, num_resamples=100, seed=1)
    for key in ("mu", "mu_star", "sigma"):
        np.testing.assert_allclose(ours[key], np.asarray(theirs[key]), rtol=1e-9, atol=1e-12, err_msg=key)


def test_prim_equals_the_cli(tmp_path):
    x = sa.sample(PROBLEM, "lhs", 300, seed=4)
    # The cases of interest fill a box: x1 > 1 and x2 > 0.
    margin = np.minimum(x["x1"].to_numpy() - 1.0, x["x2"].to_numpy())
    y = margin > 0
    data = x.assign(y=y.astype(int))
    path = tmp_path / "data.csv"
    data.to_csv(path, index=False, float_format="%.17g")
    theirs = json.loads(cli("prim", "--data", str(path), "--y", "y", "--json").stdout)
    ours = sa.prim(read_csv(path)[["x1", "x2", "x3"]], read_csv(path)["y"])
    assert ours.raw["prim"] == theirs["prim"] and ours.raw["stability"] == theirs["stability"]
    assert ours.chosen == theirs["prim"]["chosen"] is not None
    assert len(ours.trajectory) == len(theirs["prim"]["trajectory"])
    assert ours.trajectory.loc[ours.chosen, "density"] >= 0.8
    assert set(ours.box().index) == {"x1", "x2"}
    assert ours.box().loc["x1", "lower"] == pytest.approx(1.0, abs=0.1)
    # A number classified by above= is the same data set.
    above = sa.prim(x, margin, above=0.0)
    assert above.raw == ours.raw


def test_cart_equals_the_cli(tmp_path):
    x = sa.sample(PROBLEM, "lhs", 300, seed=4)
    margin = np.minimum(x["x1"].to_numpy() - 1.0, x["x2"].to_numpy())
    data = x.assign(y=(margin > 0).astype(int))
    path = tmp_path / "data.csv"
    data.to_csv(path, index=False, float_format="%.17g")
    theirs = json.loads(cli("prim", "--data", str(path), "--y", "y", "--cart", "--json").stdout)
    ours = sa.cart(read_csv(path)[["x1", "x2", "x3"]], read_csv(path)["y"])
    assert ours.raw == theirs["cart"]
    assert ours.nodes["n"].iloc[0] == 300 and ours.nodes["k"].iloc[0] == int(data["y"].sum())
    assert ours.leaves["n"].sum() == 300 and ours.leaves["k"].sum() == ours.nodes["k"].iloc[0]
    # The densest leaf is the box of the cases of interest: x1 > 1 and x2 > 0.
    best = ours.box()
    assert ours.leaves["density"].iloc[0] == 1.0
    assert set(best.index) >= {"x1", "x2"}
    assert best.loc["x1", "lower"] == pytest.approx(1.0, abs=0.15)
    assert best.loc["x2", "lower"] == pytest.approx(0.0, abs=0.15)
    assert sa.cart(x, margin, above=0.0).raw == ours.raw
    with pytest.raises(InputError, match="mass_min"):
        sa.cart(x, margin, above=0.0, mass_min=0.7)


def test_bad_inputs_are_input_errors(tmp_path):
    bad = tmp_path / "params.txt"
    bad.write_text("x1 0 1\nx2 zero 1\n")
    with pytest.raises(InputError, match=r"params.txt:2:4: "):
        sa.sample(bad, "lhs", 4)
    x = sa.sample(PROBLEM, "sobol", 8)
    with pytest.raises(InputError, match="rows"):
        sa.analyze(PROBLEM, x, np.zeros(len(x) - 1), "sobol")
    with pytest.raises(InputError, match="unknown method"):
        sa.sample(PROBLEM, "fast", 8)
    with pytest.raises(InputError, match="neither 0 nor 1|not 0 or 1"):
        sa.prim(x, np.arange(len(x)))
