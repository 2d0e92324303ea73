"""The type-expression grammar of Speakeasy docs, both flavors, one parser.

    union   := postfix ('|' postfix)*
    postfix := primary ('[' ']')*                 TypeScript arrays
    primary := STRING | NUMBER | NAME args? | '(' union ')' | index
    args    := '[' union (',' union)* ']' | '<' union (',' union)* '>'
    index   := '{' '[' NAME ':' union ']' ':' union '}'   TypeScript index signature

Input is a list of segments (text, href): the cell's text with the link each
piece sat in, so `[Optional[models.X]](x.md)` links `models.X` to x.md.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

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
    make_union,
)


class TypeSyntaxError(ValueError):
    """A type expression that is malformed or names an unknown type."""


@dataclass(frozen=True)
class Wrapped:
    """The top-level Optional/OptionalNullable/Nullable of a field's type."""

    inner: TypeExpr
    optional: bool
    nullable: bool


@dataclass(frozen=True)
class _Token:
    kind: str  # "name", "string", "number", or the punctuation itself
    text: str
    href: str | None


_TOKEN_RE = re.compile(
    r"""
    (?P<space>[\s*`\\]+)                      # emphasis marks, code ticks, stray escapes
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[\[\]<>,|(){}:])
    """,
    re.VERBOSE,
)

# Names that mean a base type, in either flavor.
_BASE_TYPES = {
    "str": "str",
    "string": "str",
    "int": "int",
    "integer": "int",
    "bigint": "int",
    "BigInt": "int",
    "float": "float",
    "number": "float",
    "bool": "bool",
    "boolean": "bool",
    "Any": "any",
    "any": "any",
    "object": "any",
    "unknown": "any",
    "bytes": "bytes",
    "File": "bytes",
    "Blob": "bytes",
    "Uint8Array": "bytes",
    "ArrayBuffer": "bytes",
    "io.BufferedReader": "bytes",
    "io.IOBase": "bytes",
    "io.BytesIO": "bytes",
    "date": "date",
    "datetime": "datetime",
    "Date": "datetime",
    "RFCDate": "date",
    "datetime.date": "date",
    "datetime.datetime": "datetime",
    # Raw HTTP objects: no JSON shape to check.
    "httpx.Response": "any",
    "requests.Response": "any",
    "Response": "any",
    "Request": "any",
}
# Speakeasy's Python docs swap the two: a datetime is linked with the text
# "date" (to #date-objects), a date with the text "datetime" (#datetime-objects).
# The corpora's ground truth (datetime) and the SDKs' code (date_: date with
# `date.fromisoformat(...)` examples) agree on it.
_SWAPPED_DATE_LINKS = {"date": "datetime", "datetime": "date"}
# Generic names whose arguments do not matter: they are file types.
_FILE_GENERICS = {"IO", "ReadableStream", "BinaryIO"}
# Streams of server-sent events or of JSON lines (JsonLStream): each event or line is an item.
_STREAM_GENERICS = {
    "EventStream",
    "EventStreamAsync",
    "eventstreaming.EventStream",
    "eventstreaming.EventStreamAsync",
    "AsyncIterable",
    "Iterable",
    "AsyncIterator",
    "Iterator",
    "JsonLStream",
}
MAX_DEPTH = 150  # keeps every recursive stage well inside Python's stack
_NAMESPACES = ("models.", "components.", "operations.", "errors.", "shared.")
_NULL_NAMES = {"None", "null", "undefined"}
_DECIMAL_NAMES = {"Decimal", "decimal.Decimal"}
_BOOL_NAMES = {"True": True, "true": True, "False": False, "false": False}


def tokenize(segments: list[tuple[str, str | None]]) -> list[_Token]:
    tokens: list[_Token] = []
    for text, href in segments:
        if _is_external(href) and text.count(">") > text.count("<"):
            text = text.replace(">", "")  # older TypeScript docs link `[AxiosResponse>](...)`
        found: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN_RE.match(text, pos)
            if match is None:
                raise TypeSyntaxError(f"unexpected character {text[pos]!r} in type")
            pos = match.end()
            kind = match.lastgroup or ""
            if kind != "space":
                found.append((kind, match.group()))
        if sum(kind == "name" and _names_a_model(value) for kind, value in found) > 1:
            # A link around several models (`[Union[components.A, components.B]](ab.md)`, older
            # docs) leads to the doc of the whole expression, not to each model's own.
            href = None
        tokens.extend(_Token(value if kind == "punct" else kind, value, href) for kind, value in found)
    return tokens


def _names_a_model(name: str) -> bool:
    return name.startswith(_NAMESPACES) or _namespaced_title(name)


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> _Token | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def take(self, kind: str) -> _Token:
        token = self.peek()
        if token is None:
            raise TypeSyntaxError(f"unbalanced type: expected {kind!r} at the end")
        if token.kind != kind:
            raise TypeSyntaxError(f"expected {kind!r} but found {token.text!r}")
        self.pos += 1
        return token

    def at(self, kind: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind

    def union(self) -> TypeExpr | Wrapped:
        members = [self.postfix()]
        while self.at("|"):
            self.pos += 1
            members.append(self.postfix())
        if len(members) == 1:
            return members[0]
        return make_union([_unwrap_nested(m) for m in members])

    def postfix(self) -> TypeExpr | Wrapped:
        expr = self.primary()
        while self.at("[") and (nxt := self.peek(1)) is not None and nxt.kind == "]":
            self.pos += 2
            expr = ListOf(_unwrap_nested(expr))
        return expr

    def arguments(self) -> list[TypeExpr | Wrapped]:
        opener = self.take(self.peek().kind)  # type: ignore[union-attr]
        closer = "]" if opener.kind == "[" else ">"
        args = [self.union()]
        while self.at(","):
            self.pos += 1
            if self.at(closer):
                break
            args.append(self.union())
        self.take(closer)
        return args

    def primary(self) -> TypeExpr | Wrapped:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TypeSyntaxError(f"type nested deeper than {MAX_DEPTH} levels")
        try:
            return self._primary()
        finally:
            self.depth -= 1

    def _primary(self) -> TypeExpr | Wrapped:
        token = self.peek()
        if token is None:
            raise TypeSyntaxError("empty type")
        self.pos += 1
        if token.kind == "string":
            return LiteralOf((_string_value(token.text),))
        if token.kind == "number":
            return LiteralOf((_number_value(token.text),))
        if token.kind == "(":
            inner = self.union()
            self.take(")")
            return inner
        if token.kind == "{":
            return self.index_signature()
        if token.kind != "name":
            raise TypeSyntaxError(f"unexpected {token.text!r} in type")
        has_args = (self.at("[") and not _next_is(self, 1, "]")) or self.at("<")
        args = self.arguments() if has_args else []
        return _named(token, args)

    def index_signature(self) -> TypeExpr:
        """`{ [k: string]: T }`, newer TypeScript docs' map (any key name): Record<string, T>."""
        if not self.at("["):
            found = self.peek()
            raise TypeSyntaxError(
                "only index signatures `{ [k: string]: T }` are read as object types, "
                f"not {found.text if found else 'the end'!r}"
            )
        self.pos += 1
        self.take("name")
        self.take(":")
        if _unwrap_nested(self.union()) != Primitive("str"):
            raise TypeSyntaxError("index signature keys must be strings: JSON object keys are")
        self.take("]")
        self.take(":")
        value = _unwrap_nested(self.union())
        self.take("}")
        return MapOf(value)


def _next_is(parser: _Parser, offset: int, kind: str) -> bool:
    token = parser.peek(offset)
    return token is not None and token.kind == kind


def _string_value(text: str) -> str:
    if text.startswith("'"):
        text = '"' + text[1:-1].replace('\\"', '"').replace('"', '\\"') + '"'
    try:
        value = json.loads(text)
    except ValueError:
        value = text[1:-1]
    return str(value)


def _number_value(text: str) -> int | float:
    try:
        value = float(text) if "." in text else int(text)
    except ValueError:  # more digits than int() converts
        raise TypeSyntaxError(f"number too long: {text[:20]}...") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeSyntaxError(f"number too large: {text[:20]}...")
    return value


def _unwrap_nested(expr: TypeExpr | Wrapped) -> TypeExpr:
    """Optional[...] below the top level means the value may be null."""
    if isinstance(expr, Wrapped):
        return Nullable(expr.inner)
    return expr


def _arity(name: str, args: list[TypeExpr | Wrapped], expected: int) -> list[TypeExpr]:
    if len(args) != expected:
        raise TypeSyntaxError(f"{name} takes {expected} type argument(s), got {len(args)}")
    return [_unwrap_nested(a) for a in args]


def _literal_value(arg: TypeExpr | Wrapped) -> LiteralValue:
    if isinstance(arg, LiteralOf) and len(arg.values) == 1:
        return arg.values[0]
    raise TypeSyntaxError("Literal[...] takes strings, numbers, booleans or None")


def _named(token: _Token, args: list[TypeExpr | Wrapped]) -> TypeExpr | Wrapped:
    name = token.text
    if name in _BOOL_NAMES and not args:
        return LiteralOf((_BOOL_NAMES[name],))
    if name in _NULL_NAMES and not args:
        return LiteralOf((None,))
    if name in ("Optional", "OptionalNullable", "Nullable"):
        (inner,) = _arity(name, args, 1)
        return Wrapped(inner, optional=name != "Nullable", nullable=name != "Optional")
    if name in ("List", "list", "Array", "Sequence", "Set"):
        (item,) = _arity(name, args, 1)
        return ListOf(item)
    if name in ("Dict", "dict", "Record", "Mapping"):
        key, value = _arity(name, args, 2)
        if key != Primitive("str"):
            raise TypeSyntaxError(f"{name} keys must be strings")
        return MapOf(value)
    if name == "Literal":
        if not args:
            raise TypeSyntaxError("Literal takes at least one value")
        return make_union([LiteralOf((_literal_value(a),)) for a in args])
    if name == "Union":
        if not args:
            raise TypeSyntaxError("Union takes at least one type")
        return _collapse_files(make_union([_unwrap_nested(a) for a in args]))
    if name in _FILE_GENERICS:
        return Primitive("bytes")
    if name in _STREAM_GENERICS:
        (item,) = _arity(name, args, 1)
        return ListOf(item)  # a stream of events or JSON lines, each one an item
    if args:
        raise TypeSyntaxError(f"unknown generic type {name!r}")
    if name in _BASE_TYPES:
        base = _BASE_TYPES[name]
        if token.href and "docs.python.org" in token.href and name in _SWAPPED_DATE_LINKS:
            base = _SWAPPED_DATE_LINKS[name]
        elif base == "datetime" and _links_rfcdate(token.href):
            # TypeScript docs link a Date the SDK sends as YYYY-MM-DD to its RFCDate page.
            base = "date"
        return Primitive(base)
    if name in _DECIMAL_NAMES:
        # A decimal travels as a JSON number or as a string holding one.
        return UnionOf((Primitive("float"), Primitive("str")))
    if name.startswith(_NAMESPACES):
        namespace, title = name.rsplit(".", 1)
        return Ref(title, token.href, namespace=namespace)
    if _is_external(token.href):
        # A link to a library's own documentation (requests.Response, AxiosResponse): the
        # raw HTTP object an SDK adds to its responses, with no JSON shape to check.
        return Primitive("any")
    if _namespaced_title(name):
        namespace, title = name.rsplit(".", 1)
        return Ref(title, token.href, namespace=namespace)
    if token.href:
        return Ref(name, token.href)  # a link to a doc, written without a namespace
    raise TypeSyntaxError(f"unknown type {name!r}")


def _links_rfcdate(href: str | None) -> bool:
    return href is not None and href.split("#")[0].rsplit("/", 1)[-1] == "rfcdate.md"


def _is_external(href: str | None) -> bool:
    return href is not None and href.startswith(("http://", "https://"))


def _namespaced_title(name: str) -> bool:
    """`utils.RetryConfig`, `webhooks.Event`: a title under a namespace Speakeasy may add."""
    head, _, last = name.rpartition(".")
    return bool(head) and last[:1].isupper()


def _collapse_files(expr: TypeExpr) -> TypeExpr:
    """Union[bytes, IO[bytes], io.BufferedReader] is one file type."""
    if isinstance(expr, UnionOf) and all(m == Primitive("bytes") for m in expr.members):
        return Primitive("bytes")
    return expr


def parse_type(segments: list[tuple[str, str | None]]) -> TypeExpr | Wrapped:
    """Parse a type cell; the result may be Wrapped at the top level only."""
    tokens = tokenize(segments)
    if not tokens:
        raise TypeSyntaxError("empty type")
    parser = _Parser(tokens)
    result = parser.union()
    if parser.pos != len(tokens):
        extra = tokens[parser.pos]
        raise TypeSyntaxError(f"unexpected {extra.text!r} after the type (unbalanced brackets?)")
    return result
