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
    name: base
    for base, names in {
        "str": ("str", "string"),
        "int": ("int", "integer", "bigint", "BigInt"),
        "float": ("float", "number"),
        "bool": ("bool", "boolean"),
        "any": ("Any", "any", "object", "unknown"),
        "bytes": ("bytes", "File", "Blob", "Uint8Array", "ArrayBuffer", "io.BufferedReader", "io.IOBase", "io.BytesIO"),
        "date": ("date", "RFCDate", "datetime.date"),
        "datetime": ("datetime", "Date", "datetime.datetime"),
    }.items()
    for name in names
}
# Raw HTTP objects: no JSON shape to check.
_BASE_TYPES.update(dict.fromkeys(("httpx.Response", "requests.Response", "Response", "Request"), "any"))
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

    def at(self, kind: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == kind

    def union(self) -> TypeExpr | Wrapped:
        # Every nested type is a union: counting them bounds the nesting (a type error ends
        # the parse, so the count is not restored on the way out).
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TypeSyntaxError(f"type nested deeper than {MAX_DEPTH} levels")
        members = [self.postfix()]
        while self.at("|"):
            self.pos += 1
            members.append(self.postfix())
        self.depth -= 1
        return members[0] if len(members) == 1 else make_union([_unwrap_nested(m) for m in members])

    def nested(self) -> TypeExpr:
        return _unwrap_nested(self.union())

    def postfix(self) -> TypeExpr | Wrapped:
        expr = self.primary()
        while self.at("[") and self.at("]", 1):
            self.pos += 2
            expr = ListOf(_unwrap_nested(expr))
        return expr

    def arguments(self) -> list[TypeExpr]:
        closer = "]" if self.tokens[self.pos].kind == "[" else ">"
        self.pos += 1
        args = [self.nested()]
        while self.at(","):
            self.pos += 1
            if self.at(closer):
                break
            args.append(self.nested())
        self.take(closer)
        return args

    def primary(self) -> TypeExpr | Wrapped:
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
        has_args = (self.at("[") and not self.at("]", 1)) or self.at("<")
        return _named(token, self.arguments() if has_args else [])

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
        if self.nested() != Primitive("str"):
            raise TypeSyntaxError("index signature keys must be strings: JSON object keys are")
        self.take("]")
        self.take(":")
        value = self.nested()
        self.take("}")
        return MapOf(value)


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


def _arity(name: str, args: list[TypeExpr], expected: int) -> list[TypeExpr]:
    if len(args) != expected:
        raise TypeSyntaxError(f"{name} takes {expected} type argument(s), got {len(args)}")
    return args


def _literal_value(arg: TypeExpr) -> LiteralValue:
    if isinstance(arg, LiteralOf) and len(arg.values) == 1:
        return arg.values[0]
    raise TypeSyntaxError("Literal[...] takes strings, numbers, booleans or None")


def _named(token: _Token, args: list[TypeExpr]) -> TypeExpr | Wrapped:
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
        return make_union(args)
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


def parse_type(segments: list[tuple[str, str | None]]) -> TypeExpr | Wrapped:
    """Parse a type cell; the result may be Wrapped at the top level only."""
    tokens = tokenize(segments)
    parser = _Parser(tokens)
    result = parser.union()
    if parser.pos != len(tokens):
        extra = tokens[parser.pos]
        raise TypeSyntaxError(f"unexpected {extra.text!r} after the type (unbalanced brackets?)")
    return result
