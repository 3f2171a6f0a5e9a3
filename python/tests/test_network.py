"""Network measures and interdiction on NetworkX graphs and edge tables: the CLI's numbers."""

import json

import networkx as nx
import pandas as pd
import pytest

import cordon
from cordon import network
from conftest import FIXTURES, cli

EDGES = FIXTURES / "edges.csv"


def test_metrics_of_a_table_and_of_networkx_equal_the_cli():
    table = pd.read_csv(EDGES)
    ours = network.metrics(table)
    graph = nx.from_pandas_edgelist(table, "from", "to", edge_attr=True, create_using=nx.DiGraph)
    from_nx = network.metrics(graph)
    pd.testing.assert_frame_equal(ours.sort_index(), from_nx.sort_index(), check_exact=True)
    done = cli("network", "metrics", "--edges", str(EDGES), "--json")
    nodes = json.loads(done.stdout)["nodes"]
    assert sorted(row["id"] for row in nodes) == sorted(ours.index)
    for row in nodes:
        assert set(row["values"]) == set(ours.columns)
        for measure, value in row["values"].items():
            assert ours.loc[row["id"], measure] == value, (row["id"], measure)
    # NetworkX's own betweenness with length as distance.
    expected = nx.betweenness_centrality(graph, weight="length")
    assert ours["betweenness"].to_dict() == pytest.approx(expected)


def test_interdiction_equals_the_cli():
    table = pd.read_csv(EDGES)
    cut = network.interdict(table, "s", "t", 2.0, objective="max-flow")
    done = cli("interdict", "--edges", str(EDGES), "--objective", "max-flow", "--source", "s",
               "--sink", "t", "--budget", "2", "--json")
    data = json.loads(done.stdout)
    assert cut.value == data["value"] and cut.before == data["before"]
    assert cut.arcs == [(a["from"], a["to"]) for a in data["arcs"]]
    assert cut.status == data["status"] == "optimal"
    longest = network.interdict(nx.from_pandas_edgelist(table, "from", "to", edge_attr=True, create_using=nx.DiGraph),
                                "s", "t", 1.0, objective="shortest-path", solver="enumeration")
    assert longest.value >= longest.before


def test_key_players_and_scenario_links():
    kp = network.key_players(pd.read_csv(EDGES), 1, "fragmentation", directed=False)
    assert len(kp.nodes) == 1 and kp.method == "exact"
    s = cordon.load()
    edges = network.scenario_edges(s)
    assert set(edges["from"]) <= set(s.regions)
    m = network.metrics(s, ["degree", "pagerank"])
    done = json.loads(cli("network", "metrics", "--scenario", "--measures", "degree,pagerank", "--json").stdout)
    for row in done["nodes"]:
        assert m.loc[row["id"]].to_dict() == row["values"]


def test_bad_graph_and_node_are_input_errors():
    with pytest.raises(cordon.InputError, match="no node `x`"):
        network.interdict(pd.read_csv(EDGES), "s", "x", 1.0)
    with pytest.raises(cordon.InputError):
        network.metrics(pd.DataFrame({"from": ["a"], "to": ["a"]}))
