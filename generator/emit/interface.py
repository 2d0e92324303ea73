"""What a module of one target needs to know about definitions it does not hold.

A module names definitions of other modules: it imports them, spells a reference
by what they are (a model's `from_dict`, an int enum's strict wrapper), and the
JSON Schema checks an example against an enum's values. That is all it reads of
them, so an edit to a doc that leaves its interface alone re-renders only the
outputs that hold the doc itself (see generator/pipeline.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.aliases import alias_type
from generator.ir.nodes import Definition, EnumModel, ObjectModel, UnionModel
from generator.ir.types import TypeExpr


@dataclass(frozen=True)
class Interface:
    py_name: str
    local_name: str
    module: str
    kind: str  # "model", "enum", "union" or "placeholder"
    enum_class: bool  # an enum written as a class (else a Literal alias)
    int_enum: bool  # an enum class of integers
    deprecated: bool
    alias: TypeExpr | None  # what an enum, union or placeholder accepts
    member_tag: tuple[str, str | int] | None = None  # a model's (key, value) as a member of a tagged union


def enum_is_class(enum: EnumModel) -> bool:
    """A closed enum of several values, all strings or all integers, is a class; the rest
    (open enums, one value, mixed values) are Literal aliases."""
    values = [m.value for m in enum.members]
    return (
        not enum.open
        and len(values) > 1
        and (
            all(isinstance(v, str) for v in values)
            or all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        )
    )


def interface_of(definition: Definition) -> Interface:
    kind = {ObjectModel: "model", EnumModel: "enum", UnionModel: "union"}.get(type(definition), "placeholder")
    enum_class = isinstance(definition, EnumModel) and enum_is_class(definition)
    return Interface(
        py_name=definition.py_name,
        local_name=definition.local_name,
        module=definition.module,
        kind=kind,
        enum_class=enum_class,
        int_enum=enum_class and isinstance(definition, EnumModel) and not isinstance(definition.members[0].value, str),
        deprecated=bool(getattr(definition, "deprecated", False)),
        alias=None if isinstance(definition, ObjectModel) else alias_type(definition),
        member_tag=definition.member_tag if isinstance(definition, ObjectModel) else None,
    )
