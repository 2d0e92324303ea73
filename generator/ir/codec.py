"""Frozen dataclasses as plain JSON data and back, for the cache (generator/cache.py).

A node is the list of its field values in declaration order, headed by its class name
where the annotation admits several classes (a TypeExpr, a Definition). The cache is read
back from disk, so decoding builds nothing but the classes of NODES (and the one a caller
names) and checks every value against its field's annotation: anything else raises
ValueError or TypeError, which the cache treats as a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from generator.diagnostics import Diagnostic
from generator.ir.nodes import Definition, EnumMember, Field, ObjectModel, Placeholder, Source, evolve
from generator.ir.types import PRIMITIVES, Primitive, Tag, TypeExpr

NODES = frozenset(
    {*typing.get_args(Definition), *typing.get_args(TypeExpr), Source, Field, EnumMember, Tag, Diagnostic}
)
_SCALARS = frozenset({str, int, float, bool, type(None)})
_LIST = frozenset({list})
_Node = TypeVar("_Node")


class _Converter(NamedTuple):
    """How the values of one annotation go to JSON and back."""

    json_types: frozenset[type]  # what the JSON value may be (an int is not a bool)
    encode: Callable[[Any], Any] | None  # None: the value is its own JSON
    decode: Callable[[Any], Any] | None  # None: a JSON value of json_types is the value


class _Plan(NamedTuple):
    """How to take a class apart and build it again, worked out once per class."""

    encode: Callable[[Any], list[Any]]
    decode: Callable[..., Any]  # (data, start=0): start is 1 after a class name


def encode(definition: Definition) -> Any:
    return _encode_tagged(definition)


def decode(data: Any) -> Definition:
    definition: Definition = _tagged_decoder(typing.get_args(Definition))(data)
    return definition


def encode_node(node: object) -> list[Any]:
    """A frozen dataclass whose fields hold scalars, tuples, NODES and unions of them."""
    return _plan(type(node)).encode(node)


def decode_node(cls: type[_Node], data: Any) -> _Node:
    """The `cls` that encode_node wrote; TypeError or ValueError for anything else."""
    node: _Node = _plan(cls).decode(data)
    return node


def _new_plan(cls: type) -> _Plan:
    names = tuple(f.name for f in dataclasses.fields(cls))  # TypeError for anything but a dataclass
    if hasattr(cls, "__post_init__") or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise TypeError(f"the cache holds frozen dataclasses that are their fields alone, not {cls.__name__}")
    hints = typing.get_type_hints(cls)
    converters = [_PRIMITIVE_NAME if cls is Primitive else _converter(hints[name]) for name in names]
    values = attrgetter(*names) if len(names) > 1 else (lambda node: (getattr(node, names[0]),))
    return _Plan(_encoder(converters, values), _decoder(converters, cls, names))


_plan: Callable[[type], _Plan] = cache(_new_plan)  # typed by hand: to mypy a class is not the Hashable cache() wants


def _encoder(converters: list[_Converter], values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], list[Any]]:
    """A node's fields or a fixed tuple's items -> a list."""
    encoders = tuple((i, c.encode) for i, c in enumerate(converters) if c.encode is not None)

    def encode(value: Any) -> list[Any]:
        out = list(values(value))
        for i, encode_item in encoders:
            out[i] = encode_item(out[i])
        return out

    return encode


def _decoder(converters: list[_Converter], cls: type | None, names: tuple[str, ...]) -> Callable[..., Any]:
    """A list -> a node of `cls` (or a tuple), every value checked."""
    json_types = tuple(c.json_types for c in converters)
    decoders = tuple((i, c.decode) for i, c in enumerate(converters) if c.decode is not None)
    size = len(converters)

    def decode(data: Any, start: int = 0) -> Any:
        if type(data) is not list or len(data) != start + size:
            raise ValueError(f"expected a list of {start + size}")
        values = data[start:]
        if not all(map(frozenset.__contains__, json_types, map(type, values))):
            raise TypeError("a value of the wrong type")
        for i, decode_item in decoders:
            values[i] = decode_item(values[i])
        if cls is None:
            return tuple(values)
        node: object = object.__new__(cls)  # what __init__ would build, without its setattr per field
        node.__dict__.update(zip(names, values))
        return node

    return decode


@cache
def _converter(hint: Any) -> _Converter:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALARS or (origin in (typing.Union, types.UnionType) and set(args) <= _SCALARS):
        return _Converter(frozenset(args or {hint}), None, None)
    if origin in (typing.Union, types.UnionType):
        inner = tuple(a for a in args if a is not type(None))
        one = _converter(inner[0]) if len(inner) == 1 else _Converter(_LIST, _encode_tagged, _tagged_decoder(inner))
        return one if len(inner) == len(args) else _optional(one)
    if origin is tuple and args[-1:] == (...,):
        return _tuple_of(_converter(args[0]))
    if origin is tuple:
        items = [_converter(a) for a in args]
        return _Converter(_LIST, _encoder(items, tuple), _decoder(items, None, ()))
    if hint in NODES:  # its plan looked up when used: the classes refer to each other
        return _Converter(_LIST, encode_node, lambda data: _plan(hint).decode(data))
    raise TypeError(f"the cache cannot hold {hint!r}")


def _encode_tagged(node: object) -> list[Any]:
    return [type(node).__name__, *encode_node(node)]


@cache
def _tagged_decoder(classes: tuple[type, ...]) -> Callable[[Any], Any]:
    """One of several classes, named first in its list."""
    if not set(classes) <= NODES:
        raise TypeError(f"the cache cannot hold {classes!r}")
    by_name = {cls.__name__: cls for cls in classes}

    def decode(data: Any) -> Any:
        cls = by_name.get(data[0]) if type(data) is list and data and type(data[0]) is str else None
        if cls is None:
            raise ValueError(f"expected one of {', '.join(by_name)}")
        return _plan(cls).decode(data, 1)

    return decode


def _optional(converter: _Converter) -> _Converter:
    json_types, encode_, decode_ = converter
    return _Converter(
        json_types | {type(None)},
        None if encode_ is None else (lambda value: None if value is None else encode_(value)),
        None if decode_ is None else (lambda data: None if data is None else decode_(data)),
    )


def _tuple_of(item: _Converter) -> _Converter:
    json_types, encode_item, decode_item = item

    def decode(data: list[Any]) -> tuple[Any, ...]:
        if not all(map(json_types.__contains__, map(type, data))):
            raise TypeError("an item of the wrong type")
        return tuple(data if decode_item is None else map(decode_item, data))

    return _Converter(_LIST, list if encode_item is None else (lambda value: list(map(encode_item, value))), decode)


def _primitive_name(name: str) -> str:
    if name not in PRIMITIVES:
        raise ValueError(f"unknown base type {name!r}")
    return name


_PRIMITIVE_NAME = _Converter(frozenset({str}), None, _primitive_name)  # only the names the emitters know


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
