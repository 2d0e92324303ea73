"""How a definition is spelled in Python, shared by the three Python targets.

Objects and closed str/int enums are classes; open enums, other enums,
unions and placeholders are type aliases.
"""

from __future__ import annotations

from generator.ir.nodes import Definition, EnumModel, ObjectModel, Placeholder, UnionModel
from generator.ir.types import LiteralOf, Primitive, TypeExpr, UnionOf


def enum_is_class(enum: EnumModel) -> bool:
    values = [m.value for m in enum.members]
    return not enum.open and (
        all(isinstance(v, str) for v in values) or all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    )


def enum_base(enum: EnumModel) -> str:
    return "str" if all(isinstance(m.value, str) for m in enum.members) else "int"


def is_class(definition: Definition) -> bool:
    return isinstance(definition, ObjectModel) or (isinstance(definition, EnumModel) and enum_is_class(definition))


def alias_type(definition: Definition) -> TypeExpr:
    """The type an alias stands for."""
    if isinstance(definition, UnionModel):
        return UnionOf(definition.members) if len(definition.members) > 1 else definition.members[0]
    if isinstance(definition, EnumModel):
        literal = LiteralOf(tuple(m.value for m in definition.members))
        if not definition.open:
            return literal
        # An open enum accepts any value of its values' type.
        kinds = {type(m.value) for m in definition.members}
        base = {str: "str", int: "int", bool: "bool", float: "float"}.get(kinds.pop()) if len(kinds) == 1 else None
        return UnionOf((literal, Primitive(base))) if base else Primitive("any")
    if isinstance(definition, Placeholder):
        return Primitive("any")
    raise TypeError(f"{definition.py_name} is a class, not an alias")


def alias_members(definition: Definition) -> list[TypeExpr]:
    return [alias_type(definition)]


def description_of(definition: Definition) -> str:
    if isinstance(definition, Placeholder):
        return (
            f"{definition.title}: referenced at {definition.source} but not documented "
            "in the spec folder; accepts any JSON value."
        )
    return definition.description
