"""How an old type relates to a new one: same, equivalent, widened, narrowed or changed.

`fits(a, b)` holds when every JSON value of type `a` is a value of type `b`.
References with the same key are the same type (their own changes are reported
where they are defined); references with different keys are equal only when the
two definitions have the same shape, assuming so for pairs already being compared
(which is what makes recursive models terminate).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.diff.side import Side
from generator.ir.nodes import Definition, EnumModel, ObjectModel, UnionModel
from generator.ir.types import (
    ListOf,
    LiteralOf,
    LiteralValue,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
    map_refs,
)

ANY = Primitive("any")


def _typed(values: Iterable[LiteralValue]) -> set[tuple[type, LiteralValue]]:
    """Literal values compared with their JSON type: true is not 1."""
    return {(type(v), v) for v in values}


def _literal_is(value: LiteralValue, primitive: str) -> bool:
    """A value of that base type: true is a bool and not an int, 1 an int and a float."""
    return primitive in {bool: ("bool",), int: ("int", "float"), float: ("float",), str: ("str",)}.get(type(value), ())


@dataclass
class Relation:
    """Compares types of the `a` side against the `b` side."""

    a: Side
    b: Side
    assumed: set[tuple[str, str]] = field(default_factory=set)

    def identical(self, x: TypeExpr, y: TypeExpr) -> bool:
        """The same type, references compared by their keys."""
        return map_refs(x, lambda r: Ref(self.a.key_of(r))) == map_refs(y, lambda r: Ref(self.b.key_of(r)))

    def flipped(self) -> Relation:
        return Relation(self.b, self.a, {(y, x) for x, y in self.assumed})

    def fits(self, x: TypeExpr, y: TypeExpr) -> bool:
        """Every value of x (on side a) is a value of y (on side b)."""
        if y == ANY:
            return True
        if isinstance(x, Nullable):
            return isinstance(y, Nullable) and self.fits(x.inner, y.inner)
        if isinstance(y, Nullable):
            return self.fits(x, y.inner)
        if isinstance(x, UnionOf):
            return all(self.fits(m, y) for m in x.members)
        if isinstance(y, UnionOf):
            return any(self.fits(x, m) for m in y.members)
        if isinstance(x, Primitive) and isinstance(y, Primitive):
            return x.name == y.name or (x.name, y.name) == ("int", "float")
        if isinstance(x, LiteralOf):
            return self._literal_fits(x, y)
        if isinstance(x, ListOf) and isinstance(y, ListOf):
            return self.fits(x.item, y.item)
        if isinstance(x, MapOf) and isinstance(y, MapOf):
            return self.fits(x.value, y.value)
        if isinstance(x, Ref):
            return self._ref_fits(x, y)
        return False

    def _literal_fits(self, x: LiteralOf, y: TypeExpr) -> bool:
        if isinstance(y, LiteralOf):
            return _typed(x.values) <= _typed(y.values)
        if isinstance(y, Primitive):
            return all(_literal_is(v, y.name) for v in x.values)
        target = self.b.target(y) if isinstance(y, Ref) else None
        if isinstance(target, EnumModel):
            return target.open or _typed(x.values) <= _typed(m.value for m in target.members)
        return False

    def _ref_fits(self, x: Ref, y: TypeExpr) -> bool:
        source = self.a.target(x)
        if isinstance(y, Ref):
            key_x, key_y = self.a.key_of(x), self.b.key_of(y)
            if key_x == key_y:
                return True
            target = self.b.target(y)
            return source is not None and target is not None and self.same_shape(key_x, source, key_y, target)
        if isinstance(source, EnumModel) and isinstance(y, Primitive):
            return all(_literal_is(m.value, y.name) for m in source.members) and not source.open
        return False

    def same_shape(self, key_x: str, x: Definition, key_y: str, y: Definition) -> bool:
        """Two definitions that accept exactly the same values (placeholders: unknown, so no)."""
        pair = (key_x, key_y)
        if pair in self.assumed:
            return True
        self.assumed.add(pair)
        try:
            return self._same_shape(x, y)
        finally:
            self.assumed.discard(pair)

    def _same_shape(self, x: Definition, y: Definition) -> bool:
        if isinstance(x, ObjectModel) and isinstance(y, ObjectModel):
            fields_y = {f.name: f for f in y.fields}
            return len(x.fields) == len(y.fields) and all(
                f.name in fields_y
                and (f.required, f.nullable) == (fields_y[f.name].required, fields_y[f.name].nullable)
                and self.equivalent(f.type, fields_y[f.name].type)
                for f in x.fields
            )
        if isinstance(x, EnumModel) and isinstance(y, EnumModel):
            return x.open == y.open and _typed(m.value for m in x.members) == _typed(m.value for m in y.members)
        if isinstance(x, UnionModel) and isinstance(y, UnionModel):
            return self.equivalent(UnionOf(x.members), UnionOf(y.members))
        return False

    def equivalent(self, x: TypeExpr, y: TypeExpr) -> bool:
        return self.fits(x, y) and self.flipped().fits(y, x)

    def classify(self, old: TypeExpr, new: TypeExpr) -> str | None:
        """The change kind from old (side a) to new (side b), or None when the type is the same."""
        if self.identical(old, new):
            return None
        wider = self.fits(old, new)
        narrower = self.flipped().fits(new, old)
        if wider and narrower:
            return "type-equivalent"
        if wider:
            return "type-widened"
        if narrower:
            return "type-narrowed"
        return "type-changed"
