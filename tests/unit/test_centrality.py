"""domain/centrality.py gives networkx's betweenness (exact, and its seeded estimate)."""

from __future__ import annotations

import networkx as nx
import pytest

from locate.domain.centrality import betweenness


def _graph(seed):
    graph = nx.gnm_random_graph(120, 300, seed=seed)
    graph.add_edges_from([(500, 501), (501, 502)])  # a second, separate group
    return graph


@pytest.mark.parametrize("seed", [1, 2])
def test_exact_equals_networkx(seed):
    graph = _graph(seed)
    ours = betweenness(list(graph.nodes), list(graph.edges), exact_up_to=1000, sources=50)
    theirs = nx.betweenness_centrality(graph)
    assert ours == pytest.approx(theirs, abs=1e-12)
    assert ours[501] > 0 and ours[500] == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sampled_estimate_equals_networkx_with_the_same_seed(seed):
    graph = _graph(seed)
    args = (list(graph.nodes), list(graph.edges))
    ours = betweenness(*args, exact_up_to=100, sources=40)
    assert ours == pytest.approx(nx.betweenness_centrality(graph, k=40, seed=0), abs=1e-12)
    assert betweenness(*args, exact_up_to=100, sources=40) == ours  # the same every time
    assert ours != betweenness(*args, exact_up_to=100, sources=40, seed=1)


def test_a_path_has_its_middle_most_central():
    ours = betweenness(["a", "b", "c"], [("a", "b"), ("b", "c")], exact_up_to=10, sources=2)
    assert ours == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert betweenness(["a", "b"], [("a", "b")], exact_up_to=10, sources=2) == {"a": 0.0,
                                                                                "b": 0.0}
