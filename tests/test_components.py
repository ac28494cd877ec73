from transforms.components import component_roots


def test_components_join_chains_and_use_the_smallest_id_as_root():
    roots = component_roots([("c", "b"), ("b", "a"), ("x", "y")])
    assert roots == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_no_edges_no_components():
    assert component_roots([]) == {}
