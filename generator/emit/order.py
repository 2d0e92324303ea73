"""The order definitions appear in a generated Python module.

Each definition comes after what it names, where cycles allow. Type aliases are
evaluated when the module runs, so each must come after what it names; aliases
in a cycle of aliases name each other lazily (a TypeAliasType with its value in
quotes). Classes may name anything (`from __future__ import annotations` makes
their annotations lazy), but Pydantic completes a model when it is created only
if every model it names is complete: one created earlier is completed later,
building the whole chain of models that waited in one recursion, and a chain of
some hundred exceeds Python's limit. So: groups that name each other (strongly
connected components, generator/graph.py) in dependency order; in a group its
classes, then its aliases in dependency order.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.graph import components, is_cycle
from generator.ir.aliases import named_types
from generator.ir.nodes import Definition
from generator.ir.types import refs_of


def module_order(
    definitions: list[Definition], is_class: Callable[[Definition], bool]
) -> tuple[list[Definition], frozenset[str]]:
    """The module's definitions in order, and the aliases in a cycle of aliases."""
    by_name = {d.py_name: d for d in sorted(definitions, key=lambda d: d.py_name)}
    edges = {
        name: [r.target for t in named_types(d) for r in refs_of(t) if r.target in by_name]
        for name, d in by_name.items()
    }
    ordered: list[Definition] = []
    cyclic: set[str] = set()
    for group in components(list(by_name), edges):
        ordered.extend(by_name[n] for n in group if is_class(by_name[n]))
        aliases = [n for n in group if not is_class(by_name[n])]
        alias_edges = {n: [t for t in edges[n] if t in aliases] for n in aliases}
        for alias_group in components(aliases, alias_edges):
            ordered.extend(by_name[n] for n in alias_group)
            if is_cycle(alias_group, alias_edges):
                cyclic.update(alias_group)
    return ordered, frozenset(cyclic)
