"""Connected components over an edge list: the one step that runs on a single worker.

Only edges travel here (pairs of doc ids that passed verification), never documents, so its
memory is O(edges): about 100 bytes per edge, i.e. ~1 GB at ten million edges. Past that, a
distributed label-propagation (iterated min-label joins) would replace it.
"""

from __future__ import annotations

from collections.abc import Iterable

import apache_beam as beam


def component_roots(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map every node on an edge to the smallest node id of its component (deterministic)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for left, right in edges:
        parent.setdefault(left, left)
        parent.setdefault(right, right)
        root_left, root_right = find(left), find(right)
        if root_left != root_right:
            low, high = sorted((root_left, root_right))
            parent[high] = low
    return {node: find(node) for node in parent}


class ConnectedComponents(beam.PTransform):
    """PCollection[(a, b)] edges -> PCollection[(node, component_root)] for nodes on edges."""

    def expand(self, edges):
        return (
            edges
            | "AllEdges" >> beam.combiners.ToList().without_defaults()
            | "UnionFind" >> beam.FlatMap(lambda edge_list: component_roots(edge_list).items())
        )
