"""The type a definition that is not an object model stands for (an enum, a union, a placeholder)."""

from __future__ import annotations

from generator.ir.nodes import Definition, EnumModel, ObjectModel, Placeholder, UnionModel, evolve
from generator.ir.types import LiteralOf, Nullable, Primitive, TypeExpr, UnionOf, make_union


def alias_type(definition: Definition) -> TypeExpr:
    """What an enum, a union or a placeholder accepts, as a type expression."""
    if isinstance(definition, UnionModel):
        # Docs may list a member twice (three `str` sections, or several file types that are all bytes).
        union = make_union(list(definition.members))
        if definition.tag is None:
            return union
        if isinstance(union, Nullable) and isinstance(union.inner, UnionOf):
            return Nullable(evolve(union.inner, tag=definition.tag))
        assert isinstance(union, UnionOf), "a tag is only inferred for a union of several members"
        return evolve(union, tag=definition.tag)
    if isinstance(definition, EnumModel):
        literal = LiteralOf(tuple(m.value for m in definition.members))
        if not definition.open:
            return literal
        # An open enum accepts any value of its values' type.
        base = value_kind(definition)
        return UnionOf((literal, Primitive(base))) if base else Primitive("any")
    if isinstance(definition, Placeholder):
        return Primitive("any")
    raise TypeError(f"{definition.py_name} is an object model, not an alias")


def value_kind(enum: EnumModel) -> str | None:
    """The base type every value of the enum has ("str", "int", ...), if they share one."""
    kinds = {type(m.value) for m in enum.members}
    if len(kinds) != 1:
        return None
    return {str: "str", int: "int", bool: "bool", float: "float"}.get(kinds.pop())


def named_types(definition: Definition) -> list[TypeExpr]:
    """The types a definition names: its fields' for a model, what it stands for otherwise."""
    if isinstance(definition, ObjectModel):
        return [f.type for f in definition.fields]
    return [alias_type(definition)]
