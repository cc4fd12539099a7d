"""domain/centrality.py gives networkx's betweenness, exact per group up to a size and a
seeded estimate above it."""

from __future__ import annotations

import networkx as nx
import pytest

from locate.domain.centrality import betweenness


def _graph(seed):
    graph = nx.gnm_random_graph(120, 300, seed=seed)
    graph.add_edges_from([(500, 501), (501, 502), (502, 503), (600, 601)])  # two small groups
    return graph


def _ours(graph, **kw):
    return betweenness(list(graph.nodes), list(graph.edges), **kw)


@pytest.mark.parametrize("seed", [1, 2])
def test_exact_equals_networkx(seed):
    graph = _graph(seed)
    ours = _ours(graph, exact_up_to=1000, sources=50)
    assert ours == pytest.approx(nx.betweenness_centrality(graph), abs=1e-12)
    assert ours[501] > 0 and ours[500] == 0 and ours[600] == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_small_groups_stay_exact_beside_a_large_sampled_one(seed):
    graph = _graph(seed)
    exact = nx.betweenness_centrality(graph)
    ours = _ours(graph, exact_up_to=100, sources=60)
    for node in (500, 501, 502, 503, 600, 601):
        assert ours[node] == pytest.approx(exact[node], abs=1e-12)
    # The large group's estimate from half its children: close, and the same leaders.
    big = [v for v in graph.nodes if v < 500]
    assert max(abs(ours[v] - exact[v]) for v in big) < 0.35 * max(exact[v] for v in big)
    top = sorted(big, key=lambda v: -exact[v])[:3]
    assert set(top) <= set(sorted(big, key=lambda v: -ours[v])[:6])


def test_the_estimate_is_the_same_every_time_and_seeded():
    graph = _graph(3)
    once = _ours(graph, exact_up_to=100, sources=40)
    assert _ours(graph, exact_up_to=100, sources=40) == once
    assert _ours(graph, exact_up_to=100, sources=40, seed=1) != once


def test_drawing_every_source_is_exact():
    graph = _graph(4)
    ours = _ours(graph, exact_up_to=10, sources=10_000)
    assert ours == pytest.approx(nx.betweenness_centrality(graph), abs=1e-12)


def test_a_path_has_its_middle_most_central():
    ours = betweenness(["a", "b", "c"], [("a", "b"), ("b", "c")], exact_up_to=10, sources=2)
    assert ours == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert betweenness(["a", "b"], [("a", "b")], exact_up_to=10, sources=2) == {"a": 0.0,
                                                                                "b": 0.0}
