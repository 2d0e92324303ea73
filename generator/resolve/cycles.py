"""Unions that contain themselves with no list, map or model in between.

`A = B | int` with `B = A | str` (or `Self = Self | int`) is a cycle every
target chokes on: mypy rejects the alias, a loader would recurse forever. It
still means something plain: each union of the cycle is the union of the
cycle's other members (A = int | str, B = str | int). Cycles that pass through
a list, a map or a model are real recursive types and stay as they are.
"""

from __future__ import annotations

import dataclasses

from generator.diagnostics import Diagnostic
from generator.ir.nodes import Definition, UnionModel
from generator.ir.types import (
    LiteralOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
    make_union,
)


def _direct(expr: TypeExpr) -> list[str]:
    """The definitions a value of this type may be directly (not inside a container)."""
    if isinstance(expr, Ref):
        return [expr.target] if expr.target else []
    if isinstance(expr, Nullable):
        return _direct(expr.inner)
    if isinstance(expr, UnionOf):
        return [t for m in expr.members for t in _direct(m)]
    return []


def _without(expr: TypeExpr, group: set[str]) -> TypeExpr | None:
    """The type with the direct references to `group` taken out (None: nothing left)."""
    if isinstance(expr, Ref):
        return None if expr.target in group else expr
    if isinstance(expr, Nullable):
        inner = _without(expr.inner, group)
        return LiteralOf((None,)) if inner is None else make_union([inner, LiteralOf((None,))])
    if isinstance(expr, UnionOf):
        kept = [k for m in expr.members if (k := _without(m, group)) is not None]
        return make_union(kept) if kept else None
    return expr


def _components(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Kosaraju), without recursion: cycles may be long."""
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(graph):
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(graph[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(node)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(graph[child])))
    reverse: dict[str, list[str]] = {n: [] for n in graph}
    for node, targets in graph.items():
        for target in targets:
            reverse[target].append(node)
    assigned: set[str] = set()
    components = []
    for start in reversed(order):
        if start in assigned:
            continue
        component, todo = [], [start]
        assigned.add(start)
        while todo:
            node = todo.pop()
            component.append(node)
            for parent in reverse[node]:
                if parent not in assigned:
                    assigned.add(parent)
                    todo.append(parent)
        components.append(sorted(component))
    return components


def flatten_union_cycles(definitions: list[Definition], warnings: list[Diagnostic]) -> list[Definition]:
    unions = {d.py_name: d for d in definitions if isinstance(d, UnionModel)}
    graph = {name: sorted({t for m in u.members for t in _direct(m) if t in unions}) for name, u in unions.items()}
    replaced: dict[str, UnionModel] = {}
    for component in _components(graph):
        group = set(component)
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue
        others: list[TypeExpr] = []
        for name in component:
            others += [k for m in unions[name].members if (k := _without(m, group)) is not None]
        for name in component:
            union = unions[name]
            own = [k for m in union.members if (k := _without(m, group)) is not None]
            members = tuple(dict.fromkeys(own + others)) or (Primitive("any"),)
            cycle = ", ".join(repr(unions[n].title) for n in component)
            warnings.append(Diagnostic(union.source.path, union.source.line,
                                       f"union {union.title!r} contains itself (through {cycle}) with no list, map or "
                                       "model in between: generated as the union of the other member types"))
            replaced[name] = dataclasses.replace(union, members=members)
    return [replaced.get(d.py_name, d) if isinstance(d, UnionModel) else d for d in definitions]
