"""The order definitions appear in a generated Python module.

Classes come first: `from __future__ import annotations` makes their annotations
lazy, so they may name anything, but each comes after the classes it names where
cycles allow (see class_order). Type aliases are evaluated when the module runs,
so each comes after every alias it names; aliases in a cycle name each other
lazily (a TypeAliasType with its value in quotes).
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


def class_order(
    classes: list[Definition], aliases: list[Definition],
    types_of: Callable[[Definition], list[TypeExpr]],
) -> list[Definition]:
    """Classes (given in name order) so that each comes after the classes it names, directly
    or through aliases, where cycles allow; otherwise in the order given.

    Pydantic completes a model when it is created if every model it names is complete.
    One created before them is completed later, and then builds the whole chain of
    models that were waiting, a few recursion levels per model: a chain of some hundred
    models in name order exceeds Python's recursion limit at import."""
    by_name = {d.py_name: d for d in [*classes, *aliases]}
    class_names = {c.py_name for c in classes}
    rank = {c.py_name: i for i, c in enumerate(classes)}
    reached: dict[str, list[str]] = {}  # alias -> the classes it names, through other aliases

    def named(definition: Definition, seen: set[str]) -> set[str]:
        out: set[str] = set()
        for target in {r.target for t in types_of(definition) for r in refs_of(t)}:
            if target in class_names:
                out.add(target)
            elif target in by_name and target not in seen:
                if target not in reached:
                    seen.add(target)
                    reached[target] = sorted(named(by_name[target], seen), key=rank.__getitem__)
                out.update(reached[target])
        return out

    deps = {c.py_name: sorted(named(c, set()) - {c.py_name}, key=rank.__getitem__) for c in classes}
    done: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in (c.py_name for c in classes):
        if state.get(start):
            continue
        state[start] = 1
        stack = [(start, iter(deps[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[node] = 2
                done.append(node)
            elif not state.get(child):  # a child being visited closes a cycle: it comes later
                state[child] = 1
                stack.append((child, iter(deps[child])))
    return [by_name[n] for n in done]
