"""Definitions -> JSON Schema 2020-12 documents, one per definition, each with a $defs closure.

Unknown keys are accepted (no additionalProperties: false), as the Pydantic
models ignore them; a doc that allows extra keys says so explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.emit.common import description_of
from generator.emit.interface import Interface
from generator.ir.aliases import alias_type
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf
from generator.jsonvalue import loads_finite

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_BASES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "any": {},
    "bytes": {"type": "string", "format": "binary"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}


# The Python types json.loads gives for each number or boolean base type; the others are text.
_JSON_TYPES_OF = {"int": (int,), "float": (int, float), "bool": (bool,)}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if not schema:
        return schema  # {} already accepts null
    return {"anyOf": [schema, {"type": "null"}]}


def type_schema(expr: TypeExpr, root: str) -> dict[str, Any]:
    if isinstance(expr, Primitive):
        return dict(_BASES[expr.name])
    if isinstance(expr, ListOf):
        return {"type": "array", "items": type_schema(expr.item, root)}
    if isinstance(expr, MapOf):
        return {"type": "object", "additionalProperties": type_schema(expr.value, root)}
    if isinstance(expr, LiteralOf):
        if len(expr.values) == 1:
            return {"const": expr.values[0]}
        return {"enum": list(expr.values)}
    if isinstance(expr, UnionOf):
        return {"anyOf": [type_schema(m, root) for m in expr.members]}
    if isinstance(expr, Nullable):
        return _nullable(type_schema(expr.inner, root))
    if isinstance(expr, Ref):
        return {"$ref": "#" if expr.target == root else f"#/$defs/{expr.target}"}
    raise TypeError(f"unknown type node {expr!r}")


def _matches(value: Any, expr: TypeExpr, by_name: Mapping[str, Interface], seen: frozenset[str] = frozenset()) -> bool:
    """Whether a JSON value has the shape of a type (objects are checked as objects only)."""
    if isinstance(expr, Primitive):
        return expr.name == "any" or (
            type(value) in _JSON_TYPES_OF[expr.name] if expr.name in _JSON_TYPES_OF else isinstance(value, str)
        )
    if isinstance(expr, ListOf):
        return isinstance(value, list) and all(_matches(v, expr.item, by_name, seen) for v in value)
    if isinstance(expr, MapOf):
        return isinstance(value, dict) and all(_matches(v, expr.value, by_name, seen) for v in value.values())
    if isinstance(expr, LiteralOf):
        return any(type(value) is type(v) and value == v for v in expr.values)
    if isinstance(expr, UnionOf):
        return any(_matches(value, m, by_name, seen) for m in expr.members)
    if isinstance(expr, Nullable):
        return value is None or _matches(value, expr.inner, by_name, seen)
    if isinstance(expr, Ref) and expr.target is not None and expr.target not in seen:
        other = by_name[expr.target]
        if other.alias is None:
            return isinstance(value, dict)
        return _matches(value, other.alias, by_name, seen | {expr.target})
    return True  # a reference met again inside itself: the outer check decides


def _example(field: Field, by_name: Mapping[str, Interface]) -> Any:
    """The Example column as a JSON value of the field's type: the cell read as
    JSON if that fits (42, true, {"a": 1}), else its text; the text too when neither fits."""
    text = field.example or ""
    expr = Nullable(field.type) if field.nullable else field.type
    candidates: list[Any] = []
    try:
        candidates.append(loads_finite(text))
    except ValueError:
        pass
    candidates.append(text)
    return next((c for c in candidates if _matches(c, expr, by_name)), text)


def _field_schema(field: Field, root: str, by_name: Mapping[str, Interface]) -> dict[str, Any]:
    schema = type_schema(field.type, root)
    if field.nullable:
        schema = _nullable(schema)
    if field.description:
        schema["description"] = field.description
    if field.example is not None:
        schema["examples"] = [_example(field, by_name)]
    if field.deprecated:
        schema["deprecated"] = True
    return schema


def definition_schema(definition: Definition, root: str, by_name: Mapping[str, Interface]) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": definition.title}
    description = description_of(definition)
    if description:
        schema["description"] = description
    if getattr(definition, "deprecated", False):
        schema["deprecated"] = True
    if isinstance(definition, ObjectModel):
        schema["type"] = "object"
        schema["properties"] = {f.wire_name: _field_schema(f, root, by_name) for f in definition.fields}
        required = [f.wire_name for f in definition.fields if f.required]
        if required:
            schema["required"] = required
        if definition.extra_allowed:
            schema["additionalProperties"] = True
    elif isinstance(definition, EnumModel) and not definition.open:
        schema["enum"] = [m.value for m in definition.members]
    else:
        schema.update(type_schema(alias_type(definition), root))
    return schema


def closure(root: str, references: Mapping[str, list[str]]) -> list[str]:
    """Every definition a root's document needs in its $defs, sorted."""
    seen = {root}
    queue = list(references[root])
    while queue:
        name = queue.pop()
        if name not in seen:
            seen.add(name)
            queue.extend(references[name])
    seen.discard(root)
    return sorted(seen)


def schema_document(definition: Definition, defs: list[Definition], by_name: Mapping[str, Interface]) -> dict[str, Any]:
    """The document of one definition, with the definitions it needs (`defs`) under $defs."""
    root = definition.py_name
    document: dict[str, Any] = {"$schema": DIALECT}
    document.update(definition_schema(definition, root, by_name))
    if defs:
        document["$defs"] = {d.py_name: definition_schema(d, root, by_name) for d in defs}
    return document
