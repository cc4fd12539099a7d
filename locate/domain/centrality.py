"""Betweenness centrality of the children's network, computed in C by igraph.

The figures are networkx's `betweenness_centrality` (normalised, endpoints excluded): exact
up to `exact_up_to` nodes; above, its estimate from `sources` source nodes drawn with
`random.Random(seed).sample` (the same draw networkx makes for `k=sources, seed=seed`) and
inflated as networkx inflates them. Only the arithmetic moved out of pure Python (where 500
sources over 3,000 children took 15 s); tests/unit/test_centrality.py holds both to the same
numbers.
"""

from __future__ import annotations

import random


def betweenness(nodes: list, edges: list[tuple], *, exact_up_to: int, sources: int,
                seed: int = 0) -> dict:
    """{node: betweenness} for the undirected graph of `nodes` and `edges` (pairs of nodes)."""
    import igraph  # imported here: only the desk's network needs it

    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in edges])
    # igraph counts each unordered pair once (half of networkx's per-source sums): hence 2.
    if n <= exact_up_to:
        raw = graph.betweenness(directed=False)
        return {node: raw[i] * 2 / ((n - 1) * (n - 2)) for i, node in enumerate(nodes)}
    drawn = random.Random(seed).sample(list(nodes), sources)
    raw = graph.betweenness(directed=False, sources=[index[s] for s in drawn])
    drawn_set = set(drawn)
    k = len(drawn)
    # A drawn source is never between itself and others: it is an average over k - 1 sources.
    return {node: raw[i] * 2 / (((k - 1) if node in drawn_set else k) * (n - 2))
            for i, node in enumerate(nodes)}
