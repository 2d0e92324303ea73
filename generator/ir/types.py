"""Type expressions of the intermediate model.

A type is a small immutable tree. Parsing produces `Ref`s that carry the
doc's link; resolution fills in `target`, the Python name of the definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

# The base types a doc can name; "datetime" and "date" are distinct, "bytes"
# stands for every file-like type (IO[bytes], Blob, ReadableStream...).
PRIMITIVES = frozenset({"str", "int", "float", "bool", "any", "bytes", "date", "datetime"})

LiteralValue = str | int | float | bool | None


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
class Tag:
    """How a union's object members tell themselves apart: each carries the field `key`
    typed as a single literal of its own (resolve/tags.py infers it).

    `members` has each member's definition name, its literal, and whether it requires
    the field; `attribute` is the field's Python name ("" where the members differ)."""

    key: str
    attribute: str
    members: tuple[tuple[str, LiteralValue, bool], ...]

    @property
    def required(self) -> bool:
        """Every member requires the tag."""
        return all(required for _, _, required in self.members)


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeExpr, ...]
    tag: Tag | None = None  # set when the members are object models told apart by a literal field


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


TypeExpr = Primitive | ListOf | MapOf | LiteralOf | UnionOf | Nullable | Ref


def children(expr: TypeExpr) -> tuple[TypeExpr, ...]:
    if isinstance(expr, ListOf):
        return (expr.item,)
    if isinstance(expr, MapOf):
        return (expr.value,)
    if isinstance(expr, Nullable):
        return (expr.inner,)
    if isinstance(expr, UnionOf):
        return expr.members
    return ()


def walk(expr: TypeExpr) -> Iterator[TypeExpr]:
    """Every node of a type tree, parents first (iteratively: types nest 150 deep)."""
    todo = [expr]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(reversed(children(node)))


def refs_of(expr: TypeExpr) -> list[Ref]:
    """The references in a type, left to right (the hot path of resolution: no generator)."""
    found: list[Ref] = []
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, Ref):
            found.append(node)
        elif not isinstance(node, (Primitive, LiteralOf)):
            todo.extend(reversed(children(node)))
    return found


def map_types(expr: TypeExpr, fn: Callable[[TypeExpr], TypeExpr]) -> TypeExpr:
    """Rebuild a type tree bottom-up, each node (its children already rebuilt) passed through fn.
    A subtree fn leaves alone is kept as it was, not copied."""
    if isinstance(expr, ListOf):
        item = map_types(expr.item, fn)
        expr = expr if item is expr.item else ListOf(item)
    elif isinstance(expr, MapOf):
        value = map_types(expr.value, fn)
        expr = expr if value is expr.value else MapOf(value)
    elif isinstance(expr, Nullable):
        inner = map_types(expr.inner, fn)
        expr = expr if inner is expr.inner else Nullable(inner)
    elif isinstance(expr, UnionOf):
        members = tuple(map_types(m, fn) for m in expr.members)
        if any(new is not old for new, old in zip(members, expr.members)):
            expr = UnionOf(members, expr.tag)
    return fn(expr)


def map_refs(expr: TypeExpr, fn: Callable[[Ref], TypeExpr]) -> TypeExpr:
    """Rebuild a type tree with every Ref replaced by fn(ref)."""
    return map_types(expr, lambda node: fn(node) if isinstance(node, Ref) else node)


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
