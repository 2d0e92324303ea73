"""The order definitions appear in a generated Python module.

Classes come first in name order: `from __future__ import annotations` makes
their annotations lazy, so they may name anything. Type aliases are evaluated
when the module runs, so each comes after every alias it names; aliases in a
cycle name each other lazily (a TypeAliasType with its value in quotes).
"""

from __future__ import annotations

from collections.abc import Callable

from generator.ir.nodes import Definition
from generator.ir.types import TypeExpr, refs_of


def alias_order(
    aliases: list[Definition], members_of: Callable[[Definition], list[TypeExpr]]
) -> tuple[list[Definition], frozenset[str]]:
    """Aliases sorted so dependencies come first; also the names in a cycle,
    which must be written so that they are resolved lazily."""
    names = {a.py_name for a in aliases}
    deps = {
        a.py_name: sorted({r.target for m in members_of(a) for r in refs_of(m) if r.target in names})
        for a in aliases
    }
    by_name = {a.py_name: a for a in aliases}
    done: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cyclic: set[str] = set()
    for start in sorted(names):
        stack = [(start, iter(deps[start]))]
        if state.get(start):
            continue
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[node] = 2
                done.append(node)
            elif state.get(child) == 1:
                cyclic.update(n for n, _ in stack[[n for n, _ in stack].index(child):])
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(deps[child])))
    return [by_name[n] for n in done], frozenset(cyclic)
