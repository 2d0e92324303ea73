"""SpecPackage -> one JSON Schema 2020-12 document per definition, with a $defs closure.

Unknown keys are accepted (no additionalProperties: false), as the Pydantic
models ignore them; a doc that allows extra keys says so explicitly.
"""

from __future__ import annotations

import json
from typing import Any

from generator.emit.shapes import alias_type, description_of
from generator.ir.nodes import Definition, EnumModel, Field, ObjectModel, SpecPackage, UnionModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf, refs_of

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


def _example(field: Field) -> Any:
    """The Example column as a value of the field's type where it reads as one."""
    text = field.example or ""
    if field.type == Primitive("str"):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _field_schema(field: Field, root: str) -> dict[str, Any]:
    schema = type_schema(field.type, root)
    if field.nullable:
        schema = _nullable(schema)
    if field.description:
        schema["description"] = field.description
    if field.example is not None:
        schema["examples"] = [_example(field)]
    if field.deprecated:
        schema["deprecated"] = True
    return schema


def definition_schema(definition: Definition, root: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": definition.title}
    description = description_of(definition)
    if isinstance(definition, ObjectModel):
        schema["type"] = "object"
        if description:
            schema["description"] = description
        schema["properties"] = {f.wire_name: _field_schema(f, root) for f in definition.fields}
        required = [f.wire_name for f in definition.fields if f.required]
        if required:
            schema["required"] = required
        if definition.extra_allowed:
            schema["additionalProperties"] = True
    else:
        if description:
            schema["description"] = description
        if isinstance(definition, EnumModel) and not definition.open:
            schema["enum"] = [m.value for m in definition.members]
        else:
            schema.update(type_schema(alias_type(definition), root))
    if getattr(definition, "deprecated", False):
        schema["deprecated"] = True
    return schema


def _references(definition: Definition) -> list[str]:
    if isinstance(definition, ObjectModel):
        exprs: list[TypeExpr] = [f.type for f in definition.fields]
    elif isinstance(definition, UnionModel):
        exprs = list(definition.members)
    else:
        exprs = []
    return [r.target for e in exprs for r in refs_of(e) if r.target]


def schema_documents(package: SpecPackage) -> dict[str, dict[str, Any]]:
    by_name = package.by_name()
    documents: dict[str, dict[str, Any]] = {}
    for definition in package.definitions:
        root = definition.py_name
        closure: list[str] = []
        seen = {root}
        queue = _references(definition)
        while queue:
            name = queue.pop(0)
            if name in seen:
                continue
            seen.add(name)
            closure.append(name)
            queue.extend(_references(by_name[name]))
        document: dict[str, Any] = {"$schema": DIALECT}
        document.update(definition_schema(definition, root))
        if closure:
            document["$defs"] = {name: definition_schema(by_name[name], root) for name in sorted(closure)}
        documents[root] = document
    return documents


