"""Loading, diagnostics with line and column, overrides, errors with the CLI's messages."""

import pytest

import cordon
from conftest import FIXTURES, cli

BAD = str(FIXTURES / "bad-regions.toml")


def test_default_scenario_is_the_embedded_one():
    s = cordon.load()
    assert s.source == cordon.DEFAULT_SCENARIO_NAME
    assert [c["id"] for c in s.courses][:2] == ["two-prong", "pressure-only"]
    assert s.baseline in [c["id"] for c in s.courses]
    assert len(s.uncertain) == 9
    assert s.uncertain[0] == {"field": "region.levant.sanctuary", "dist": "uniform", "low": 0.1, "high": 0.5}
    assert "fighters_total" in s.outcomes
    assert s.check() == []
    assert cordon.check() == []


def test_diagnostics_have_file_line_column_and_hint():
    with pytest.raises(cordon.ScenarioError) as err:
        cordon.load(BAD)
    diags = err.value.diagnostics
    assert [(d.line, d.column) for d in diags] == [(4, 15), (14, 10), (19, 28), (20, 29), (25, 33)]
    first = diags[0]
    assert first.file == BAD
    assert first.message == 'unknown region "nort"'
    assert first.path == "scenario.core_region"
    assert first.hint == 'did you mean "north"?'
    assert first.source_line == 'core_region = "nort"'
    assert [(d.line, d.column) for d in cordon.check(BAD)] == [(4, 15), (14, 10), (19, 28), (20, 29), (25, 33)]


def test_scenario_error_is_the_cli_text():
    with pytest.raises(cordon.ScenarioError) as err:
        cordon.load(BAD)
    done = cli("check", BAD, expect=2)
    assert str(err.value) == done.stderr.rstrip("\n")
    assert isinstance(err.value, ValueError)


def test_text_and_overrides():
    text = (FIXTURES / "insurgency.toml").read_text()
    s = cordon.load(text=text)
    t = s.with_values({"region.province.sanctuary": 0.35, "coa.good.regime": "joint"})
    assert t.hash != s.hash
    assert "sanctuary = 0.35" in t.resolved_toml()
    with pytest.raises(cordon.ScenarioError) as err:
        s.with_values({"region.nowhere.sanctuary": 0.3})
    assert err.value.diagnostics and err.value.diagnostics[0].file == "<override>"


def test_unknown_course_is_an_input_error_with_the_cli_message():
    with pytest.raises(cordon.InputError) as err:
        cordon.simulate(cordon.load(), "two-prongs")
    done = cli("simulate", "--coa", "two-prongs", "--out", "/nonexistent/never-written", expect=2)
    assert "error: " + str(err.value) == done.stderr.strip()


def test_unreadable_file_is_an_input_error():
    with pytest.raises(cordon.InputError, match="cannot read"):
        cordon.load(str(FIXTURES / "no-such-file.toml"))
