"""Unions that contain themselves with no list, map or model in between.

`A = B | int` with `B = A | str` (or `Self = Self | int`) is a cycle every
target chokes on: mypy rejects the alias, a loader would recurse forever. It
still means something plain: each union of the cycle is the union of the
cycle's other members (A = int | str, B = str | int). Cycles that pass through
a list, a map or a model are real recursive types and stay as they are.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.graph import components, is_cycle
from generator.ir.nodes import Definition, UnionModel, evolve
from generator.ir.types import LiteralOf, Nullable, Primitive, Ref, TypeExpr, UnionOf, make_union


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


def flatten_union_cycles(definitions: list[Definition], warnings: list[Diagnostic]) -> list[Definition]:
    unions = {d.py_name: d for d in definitions if isinstance(d, UnionModel)}
    graph = {name: sorted({t for m in u.members for t in _direct(m) if t in unions}) for name, u in unions.items()}
    replaced: dict[str, UnionModel] = {}
    for component in components(sorted(graph), graph):
        if not is_cycle(component, graph):
            continue
        group = set(component)
        kept = {name: [k for m in unions[name].members if (k := _without(m, group)) is not None] for name in component}
        every = [member for name in component for member in kept[name]]
        cycle = ", ".join(repr(unions[n].title) for n in component)
        for name in component:
            union = unions[name]
            message = (
                f"union {union.title!r} contains itself (through {cycle}) with no list, map or "
                "model in between: generated as the union of the other member types"
            )
            warnings.append(Diagnostic(union.source.path, union.source.line, message))
            replaced[name] = evolve(union, members=tuple(dict.fromkeys(kept[name] + every)) or (Primitive("any"),))
    return [replaced.get(d.py_name, d) if isinstance(d, UnionModel) else d for d in definitions]
