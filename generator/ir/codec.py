"""Definitions as plain JSON data and back, for the cache (generator/cache.py).

The cache is read back from disk, so what it holds must never be able to run
code (it is JSON, not pickle) and a malformed entry must not become a broken
definition: `decode` checks every shape and raises ValueError, which the cache
treats as a miss.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generator.ir.nodes import (
    Definition,
    EnumMember,
    EnumModel,
    Field,
    ObjectModel,
    Placeholder,
    Source,
    UnionModel,
    evolve,
)
from generator.ir.types import (
    PRIMITIVES,
    ListOf,
    LiteralOf,
    LiteralValue,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    Tag,
    TypeExpr,
    UnionOf,
)


def encode_type(expr: TypeExpr) -> Any:
    if isinstance(expr, Primitive):
        return expr.name
    if isinstance(expr, ListOf):
        return ["L", encode_type(expr.item)]
    if isinstance(expr, MapOf):
        return ["M", encode_type(expr.value)]
    if isinstance(expr, LiteralOf):
        return ["V", list(expr.values)]
    if isinstance(expr, UnionOf):
        return ["U", [encode_type(m) for m in expr.members], _encode_tag(expr.tag)]
    if isinstance(expr, Nullable):
        return ["N", encode_type(expr.inner)]
    return ["R", expr.title, expr.link, expr.target, expr.namespace]


def _encode_tag(tag: Tag | None) -> Any:
    return None if tag is None else [tag.key, tag.attribute, [list(m) for m in tag.members]]


def encode(definition: Definition) -> Any:
    d = definition
    names = [d.py_name, d.local_name, d.module]
    src = [d.source.path, d.source.line]
    if isinstance(d, ObjectModel):
        fields = [
            [
                f.name,
                encode_type(f.type),
                f.required,
                f.nullable,
                f.description,
                f.example,
                f.deprecated,
                f.source.line,
                f.py_name,
                f.wire_name,
            ]
            for f in d.fields
        ]
        return [
            "O",
            d.title,
            d.description,
            fields,
            d.extra_allowed,
            d.deprecated,
            list(d.examples),
            src,
            names,
            d.extra_name,
            None if d.member_tag is None else list(d.member_tag),
        ]
    if isinstance(d, EnumModel):
        return [
            "E",
            d.title,
            d.description,
            [[m.value, m.name, m.py_name] for m in d.members],
            d.open,
            d.deprecated,
            list(d.examples),
            src,
            names,
        ]
    if isinstance(d, UnionModel):
        return [
            "U",
            d.title,
            d.description,
            [encode_type(m) for m in d.members],
            d.deprecated,
            list(d.examples),
            src,
            names,
            _encode_tag(d.tag),
        ]
    return ["P", d.title, src, names]


# --- decoding: every shape checked --------------------------------------------------------


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected a boolean")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _list(value: Any, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ValueError("expected a list" + ("" if length is None else f" of {length}"))
    return value


def _literal(value: Any) -> LiteralValue:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError("expected a literal value")


def decode_type(data: Any) -> TypeExpr:
    if isinstance(data, str):
        if data not in PRIMITIVES:
            raise ValueError(f"unknown base type {data!r}")
        return Primitive(data)
    items = _list(data)
    kind = items[0] if items else None
    if kind == "L":
        return ListOf(decode_type(_list(data, 2)[1]))
    if kind == "M":
        return MapOf(decode_type(_list(data, 2)[1]))
    if kind == "V":
        return LiteralOf(tuple(_literal(v) for v in _list(_list(data, 2)[1])))
    if kind == "U":
        _, members, tag = _list(data, 3)
        return UnionOf(tuple(decode_type(m) for m in _list(members)), _decode_tag(tag))
    if kind == "N":
        return Nullable(decode_type(_list(data, 2)[1]))
    if kind == "R":
        _, title, link, target, namespace = _list(data, 5)
        return Ref(_str(title), _opt_str(link), _opt_str(target), _opt_str(namespace))
    raise ValueError(f"unknown type node {kind!r}")


def _decode_tag(data: Any) -> Tag | None:
    if data is None:
        return None
    key, attribute, members = _list(data, 3)
    return Tag(
        _str(key),
        _str(attribute),
        tuple((_str(m[0]), _literal(m[1]), _bool(m[2])) for m in (_list(x, 3) for x in _list(members))),
    )


def _source(data: Any) -> Source:
    path, line = _list(data, 2)
    return Source(_str(path), _int(line))


def _names(data: Any) -> dict[str, str]:
    py_name, local_name, module = _list(data, 3)
    return {"py_name": _str(py_name), "local_name": _str(local_name), "module": _str(module)}


def decode(data: Any) -> Definition:
    items = _list(data)
    kind = items[0] if items else None
    if kind == "O":
        _, title, description, fields, extra, deprecated, examples, src, names, extra_name, tag = _list(data, 11)
        source = _source(src)
        decoded = tuple(_field(_list(f, 10), source.path) for f in _list(fields))
        member_tag = None
        if tag is not None:
            key, value = _list(tag, 2)
            member_tag = (_str(key), value if isinstance(value, str) else _int(value))
        return ObjectModel(
            _str(title),
            _str(description),
            decoded,
            _bool(extra),
            _bool(deprecated),
            tuple(_str(e) for e in _list(examples)),
            source,
            extra_name=_opt_str(extra_name),
            member_tag=member_tag,
            **_names(names),
        )
    if kind == "E":
        _, title, description, members, is_open, deprecated, examples, src, names = _list(data, 9)
        decoded_members = tuple(
            EnumMember(_literal(m[0]), _opt_str(m[1]), _str(m[2])) for m in (_list(x, 3) for x in _list(members))
        )
        return EnumModel(
            _str(title),
            _str(description),
            decoded_members,
            _bool(is_open),
            _bool(deprecated),
            tuple(_str(e) for e in _list(examples)),
            _source(src),
            **_names(names),
        )
    if kind == "U":
        _, title, description, members, deprecated, examples, src, names, tag = _list(data, 9)
        return UnionModel(
            _str(title),
            _str(description),
            tuple(decode_type(m) for m in _list(members)),
            _bool(deprecated),
            tuple(_str(e) for e in _list(examples)),
            _source(src),
            tag=_decode_tag(tag),
            **_names(names),
        )
    if kind == "P":
        _, title, src, names = _list(data, 4)
        return Placeholder(_str(title), _source(src), **_names(names))
    raise ValueError(f"unknown definition kind {kind!r}")


def _field(f: list[Any], path: str) -> Field:
    name, type_, required, nullable, description, example, deprecated, line, py_name, wire_name = f
    return Field(
        _str(name),
        decode_type(type_),
        _bool(required),
        _bool(nullable),
        _str(description),
        _opt_str(example),
        _bool(deprecated),
        Source(path, _int(line)),
        _str(py_name),
        _str(wire_name),
    )


def interface_digest(definitions: tuple[Definition, ...] | list[Definition]) -> str:
    """A digest of what other definitions' outputs may depend on: everything a doc says but
    its descriptions, examples and line numbers (whether a description is there at all
    counts: Pydantic writes Field(...) for it; no output shows a line). Two parses with the
    same digest resolve alike, so an edit that keeps it only changes the outputs that hold
    the doc itself."""
    blanked = []
    for d in definitions:
        if isinstance(d, ObjectModel):
            fields = tuple(
                evolve(f, description="x" if f.description else "", example=None, source=_unplaced(f.source))
                for f in d.fields
            )
            d = evolve(d, fields=fields)
        if not isinstance(d, Placeholder):
            d = evolve(d, description="", examples=())
        blanked.append(encode(evolve(d, source=_unplaced(d.source))))
    return hashlib.sha256(json.dumps(blanked, separators=(",", ":")).encode("utf-8", "surrogatepass")).hexdigest()


def _unplaced(source: Source) -> Source:
    return Source(source.path, 0)


def with_content(resolved: Definition, parsed: Definition) -> Definition:
    """The resolved definition with the descriptions, examples and lines of a new parse of
    its doc (whose interface digest is the old one's: the two differ in nothing else)."""
    if isinstance(resolved, Placeholder) or isinstance(parsed, Placeholder):
        return resolved
    if isinstance(resolved, ObjectModel) and isinstance(parsed, ObjectModel):
        fields = tuple(
            evolve(f, description=p.description, example=p.example, source=p.source)
            for f, p in zip(resolved.fields, parsed.fields)
        )
        resolved = evolve(resolved, fields=fields)
    return evolve(resolved, description=parsed.description, examples=parsed.examples, source=parsed.source)
