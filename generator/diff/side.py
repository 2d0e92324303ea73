"""One version of a spec package, indexed for comparison: definitions by a stable key."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, Placeholder, SpecPackage, UnionModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf


def definition_kind(definition: Definition) -> str:
    return {ObjectModel: "object", EnumModel: "enum", UnionModel: "union"}.get(type(definition), "placeholder")


@dataclass(frozen=True)
class Side:
    """`keys` maps each definition's Python name to its key: the title, or, for a title
    that several docs define, the title and the doc's path (Python names shift with order)."""

    by_key: dict[str, Definition]
    keys: dict[str, str]

    @staticmethod
    def of(package: SpecPackage) -> Side:
        counts = Counter(d.title for d in package.definitions)
        keys = {
            d.py_name: d.title if counts[d.title] == 1 else f"{d.title} ({d.source.path})" for d in package.definitions
        }
        return Side(by_key={keys[d.py_name]: d for d in package.definitions}, keys=keys)

    def models(self) -> dict[str, Definition]:
        """Definitions the spec folder holds (placeholders stand for docs it lacks)."""
        return {k: d for k, d in self.by_key.items() if not isinstance(d, Placeholder)}

    def key_of(self, ref: Ref) -> str:
        return self.keys.get(ref.target or "", ref.title)

    def target(self, ref: Ref) -> Definition | None:
        return self.by_key.get(self.key_of(ref))


def render(expr: TypeExpr, side: Side) -> str:
    """A type as the docs write it, references by title."""
    if isinstance(expr, Primitive):
        return "Any" if expr.name == "any" else expr.name
    if isinstance(expr, ListOf):
        return f"List[{render(expr.item, side)}]"
    if isinstance(expr, MapOf):
        return f"Dict[str, {render(expr.value, side)}]"
    if isinstance(expr, LiteralOf):
        return "Literal[" + ", ".join(render_value(v) for v in expr.values) + "]"
    if isinstance(expr, UnionOf):
        return "Union[" + ", ".join(render(m, side) for m in expr.members) + "]"
    if isinstance(expr, Nullable):
        return f"Nullable[{render(expr.inner, side)}]"
    return side.key_of(expr)


def render_field(field: Field, side: Side) -> str:
    """Its type with the wrappers the docs put around a field's type."""
    inner = render(field.type, side)
    if field.nullable:
        return f"Nullable[{inner}]" if field.required else f"OptionalNullable[{inner}]"
    return inner if field.required else f"Optional[{inner}]"


def render_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
