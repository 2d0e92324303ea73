"""The order definitions appear in a generated Python module.

Each definition comes after what it names, where cycles allow (see module_order).
Type aliases are evaluated when the module runs, so each must come after what it
names; aliases in a cycle of aliases name each other lazily (a TypeAliasType with
its value in quotes). Classes may name anything (`from __future__ import
annotations` makes their annotations lazy), but Pydantic completes a model when it
is created only if every model it names is complete: one created earlier is
completed later, building the whole chain of models that waited in one recursion,
a few levels per model, and a chain of some hundred exceeds Python's limit.
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


def module_order(
    definitions: list[Definition],
    is_class: Callable[[Definition], bool],
    names_of: Callable[[Definition], list[TypeExpr]],
    alias_members: Callable[[Definition], list[TypeExpr]],
) -> tuple[list[Definition], frozenset[str]]:
    """Definitions (given in name order), each group of mutually dependent ones after the
    groups it names; within a group its classes, then its aliases in alias_order. Also
    the aliases in a cycle of aliases."""
    by_name = {d.py_name: d for d in definitions}
    rank = {d.py_name: i for i, d in enumerate(definitions)}
    deps = {
        d.py_name: sorted({r.target for t in names_of(d) for r in refs_of(t) if r.target in by_name}, key=rank.__getitem__)
        for d in definitions
    }
    ordered: list[Definition] = []
    cyclic: set[str] = set()
    for group in _components(list(by_name), deps):
        members = [by_name[n] for n in sorted(group, key=rank.__getitem__)]
        ordered.extend(d for d in members if is_class(d))
        aliases, in_cycle = alias_order([d for d in members if not is_class(d)], alias_members)
        ordered.extend(aliases)
        cyclic |= in_cycle
    return ordered, frozenset(cyclic)


def _components(nodes: list[str], deps: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components, each after those it depends on (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(deps[root]))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(deps[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found
