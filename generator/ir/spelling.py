"""The public names generated Python code spells types with, per target.

The emitters (generator/emit) spell types from these tables, and the naming
stage (resolve/naming.py) reads them to know which names a class body uses: a
field named like one of them would hide it there (`str: str | None = None`
breaks the next `x: str`). Everything else the generated code needs comes in
under a private name (`_dt.datetime`, `_rt.Exact`, `_t.ClassVar`), which no
field can take, so it needs no rename.
"""

from __future__ import annotations

from generator.ir.nodes import Field
from generator.ir.types import ListOf, LiteralOf, MapOf, Primitive, Ref, TypeExpr, walk

_PLAIN = {"str": "str", "int": "int", "float": "float", "bool": "bool", "bytes": "bytes", "any": "Any"}

# How each target spells the base types (date and datetime are private everywhere).
BASES: dict[str, dict[str, str]] = {
    # Strict types: Pydantic alone would take "123" for an int, unlike the JSON Schema.
    # Lax bytes: JSON carries bytes as text, which StrictBytes refuses in Python mode.
    "pydantic": {**_PLAIN, "str": "StrictStr", "int": "StrictInt", "float": "StrictFloat", "bool": "StrictBool"},
    "dataclasses": _PLAIN,
    # JSON carries bytes as text, and the Pydantic target takes any text for bytes (msgspec's
    # bytes would take base64 only): the msgspec Structs keep the text, as str.
    "msgspec": {**_PLAIN, "bytes": "str"},
    "typeddict": _PLAIN,
}
LIST, DICT, LITERAL = "list", "dict", "Literal"
# Names a class body of the target calls besides its types.
CLASS_BODY: dict[str, tuple[str, ...]] = {"pydantic": ("Field",), "msgspec": ("msgspec",), "dataclasses": ()}
# The targets whose classes have fields as attributes (TypedDict keys bind nothing).
ATTRIBUTE_TARGETS = ("pydantic", "dataclasses", "msgspec")


def names_in_types(types: list[TypeExpr], target: str) -> set[str]:
    """The public names a class body of `target` spells these field types with
    (definitions by their Python names)."""
    used = set(CLASS_BODY.get(target, ()))
    bases = BASES[target]
    for expr in types:
        for node in walk(expr):
            if isinstance(node, Primitive) and node.name in bases:
                used.add(bases[node.name])
            elif isinstance(node, ListOf):
                used.add(LIST)
            elif isinstance(node, MapOf):
                used.update((DICT, bases["str"]))
            elif isinstance(node, LiteralOf):
                used.add(LITERAL)
            elif isinstance(node, Ref) and node.target:
                used.add(node.target)
    return used


def pydantic_uses_field(field: Field) -> bool:
    """Whether the Pydantic target writes the field's default as `Field(...)` (else `= None` or none)."""
    return bool(field.description) or field.deprecated or field.wire_name != field.py_name
