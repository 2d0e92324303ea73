"""Type expressions of the intermediate model.

A type is a small immutable tree. Parsing produces `Ref`s that carry the
doc's link; resolution fills in `target`, the Python name of the definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

# The base types a doc can name; "datetime" and "date" are distinct, "bytes"
# stands for every file-like type (IO[bytes], Blob, ReadableStream...).
PRIMITIVES = frozenset({"str", "int", "float", "bool", "any", "bytes", "date", "datetime"})

LiteralValue = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Primitive:
    name: str


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    """A JSON object with string keys and values of one type."""

    value: TypeExpr


@dataclass(frozen=True)
class LiteralOf:
    values: tuple[LiteralValue, ...]


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class Nullable:
    """The inner type or JSON null (a nested Nullable[...] or Optional[...])."""

    inner: TypeExpr


@dataclass(frozen=True)
class Ref:
    """A reference to another definition by title.

    `link` is the href as written in the doc (None where the doc gave no link);
    `target` is the Python name of the definition once resolved; `namespace` is
    the prefix the doc wrote (`operations` in `operations.Status`), which names
    the folder to prefer when a title repeats.
    """

    title: str
    link: str | None = None
    target: str | None = None
    namespace: str | None = None


TypeExpr = Union[Primitive, ListOf, MapOf, LiteralOf, UnionOf, Nullable, Ref]


def walk(expr: TypeExpr):  # type: ignore[no-untyped-def]
    """Yield every node of a type tree, parents first."""
    yield expr
    if isinstance(expr, ListOf):
        yield from walk(expr.item)
    elif isinstance(expr, MapOf):
        yield from walk(expr.value)
    elif isinstance(expr, Nullable):
        yield from walk(expr.inner)
    elif isinstance(expr, UnionOf):
        for member in expr.members:
            yield from walk(member)


def refs_of(expr: TypeExpr) -> list[Ref]:
    return [node for node in walk(expr) if isinstance(node, Ref)]


def map_refs(expr: TypeExpr, fn) -> TypeExpr:  # type: ignore[no-untyped-def]
    """Rebuild a type tree with every Ref replaced by fn(ref)."""
    if isinstance(expr, Ref):
        return fn(expr)
    if isinstance(expr, ListOf):
        return ListOf(map_refs(expr.item, fn))
    if isinstance(expr, MapOf):
        return MapOf(map_refs(expr.value, fn))
    if isinstance(expr, Nullable):
        return Nullable(map_refs(expr.inner, fn))
    if isinstance(expr, UnionOf):
        return UnionOf(tuple(map_refs(m, fn) for m in expr.members))
    return expr


def make_union(members: list[TypeExpr]) -> TypeExpr:
    """Normalise a union: flatten, merge literals, drop duplicates, lift null out.

    `Any` absorbs everything, as it does in Python's typing.
    """
    flat: list[TypeExpr] = []
    nullable = False
    for member in members:
        if isinstance(member, UnionOf):
            flat.extend(member.members)
        elif isinstance(member, Nullable):
            nullable = True
            flat.extend(member.inner.members if isinstance(member.inner, UnionOf) else [member.inner])
        elif member == LiteralOf((None,)):
            nullable = True
        else:
            flat.append(member)
    if Primitive("any") in flat:
        return Primitive("any")
    unique: list[TypeExpr] = []
    literal_values: list[LiteralValue] = []
    for member in flat:
        if isinstance(member, LiteralOf):
            if not literal_values:
                unique.append(member)  # holds the place of the merged literal
            for value in member.values:  # by type too: 1, 1.0 and True are three values
                if not any(type(v) is type(value) and v == value for v in literal_values):
                    literal_values.append(value)
        elif member not in unique:
            unique.append(member)
    unique = [LiteralOf(tuple(literal_values)) if isinstance(m, LiteralOf) else m for m in unique]
    if not unique:
        # Only null was listed (`Literal[None]`, `Union[None]`): the type is null, not Any.
        return LiteralOf((None,)) if nullable else Primitive("any")
    result = unique[0] if len(unique) == 1 else UnionOf(tuple(unique))
    return Nullable(result) if nullable else result
