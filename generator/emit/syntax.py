"""Python syntax for the view builders: expressions and statements built from structure.

Each builder returns a `Syn`: the construct's one-line text, computed as it is
built, and what it is made of. Most statements fit on their line, and then that
text is the layout (black leaves a line that fits alone: the generated code has
no magic trailing commas). Only a statement that does not fit becomes a layout
document (generator/emit/pysyntax.py, black's rules) for the printer
(generator/emit/doc.py) to lay out at its indentation. Building the document
for every statement would cost ten times as much.

Leaves are plain strings: tokens and dotted names that are already valid,
escaped Python (generator/emit/pyexpr.py makes the literals).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from generator.emit import pysyntax
from generator.emit.doc import WIDTH, render, str_width
from generator.emit.doc import Doc as Layout


class Syn:
    __slots__ = ("args", "flat", "kind")

    def __init__(self, kind: str, flat: str, args: tuple[object, ...]) -> None:
        self.kind = kind
        self.flat = flat
        self.args = args

    def __str__(self) -> str:
        return self.flat


Doc: TypeAlias = "str | Syn"


def flat(doc: Doc) -> str:
    """The construct's text on one line."""
    return doc if isinstance(doc, str) else doc.flat


def _flats(docs: Sequence[Doc]) -> list[str]:
    return [d if isinstance(d, str) else d.flat for d in docs]


# --- expressions ---------------------------------------------------------------------------


def subscript(base: Doc, items: Sequence[Doc]) -> Syn:
    return Syn("subscript", f"{flat(base)}[{', '.join(_flats(items))}]", (base, tuple(items)))


def call(func: Doc, args: Sequence[Doc] = (), kwargs: Sequence[tuple[str, Doc]] = ()) -> Syn:
    text = ", ".join([*_flats(args), *(f"{k}={flat(v)}" for k, v in kwargs)])
    return Syn("call", f"{flat(func)}({text})", (func, tuple(args), tuple(kwargs)))


def union(items: Sequence[Doc]) -> Syn:
    return Syn("union", " | ".join(_flats(items)), (tuple(items),))


def or_(items: Sequence[Doc]) -> Syn:
    return Syn("or", " or ".join(_flats(items)), (tuple(items),))


def compare(left: Doc, operator: str, right: Doc) -> Syn:
    return Syn("compare", f"{flat(left)} {operator} {flat(right)}", (left, operator, right))


def dict_(pairs: Sequence[tuple[Doc, Doc]]) -> Syn:
    return Syn("dict", "{" + ", ".join(f"{flat(k)}: {flat(v)}" for k, v in pairs) + "}", (tuple(pairs),))


def set_(items: Sequence[Doc]) -> Syn:
    return Syn("set", "{" + ", ".join(_flats(items)) + "}", (tuple(items),))


def list_(items: Sequence[Doc]) -> Syn:
    return Syn("list", "[" + ", ".join(_flats(items)) + "]", (tuple(items),))


def tuple_(items: Sequence[Doc]) -> Syn:
    return Syn("tuple", "(" + ", ".join(_flats(items)) + ("," if len(items) == 1 else "") + ")", (tuple(items),))


# --- statements ----------------------------------------------------------------------------


def ann_assign(target: str, annotation: Doc, value: Doc | None = None) -> Syn:
    text = f"{target}: {flat(annotation)}" + ("" if value is None else f" = {flat(value)}")
    return Syn("annassign", text, (target, annotation, value))


def alias(name: str, annotation: str, value: Doc) -> Syn:
    """`Name: TypeAlias = VALUE` (or `Name = VALUE` where that does not fit: see pysyntax.alias)."""
    return Syn("alias", f"{name}: {annotation} = {flat(value)}", (name, value, annotation))


def alias_fits(name: str, value: Doc) -> bool:
    """Whether `Name: TypeAlias = VALUE` keeps its annotation at module level: where it fits
    on its line, or where `Name: TypeAlias = (` does (see pysyntax.alias)."""
    return str_width(f"{name}: TypeAlias = {flat(value)}") <= WIDTH or str_width(f"{name}: TypeAlias = (") < WIDTH


def assign(target: str, value: Doc) -> Syn:
    return Syn("assign", f"{target} = {flat(value)}", (target, value))


def subscript_assign(obj: str, key: Doc, value: Doc) -> Syn:
    return Syn("subscript_assign", f"{obj}[{flat(key)}] = {flat(value)}", (obj, key, value))


def return_(value: Doc) -> Syn:
    return Syn("return", f"return {flat(value)}", (value,))


def if_header(condition: Doc) -> Syn:
    return Syn("if", f"if {flat(condition)}:", (condition,))


def decorator(expr: Doc) -> Syn:
    return Syn("decorator", f"@{flat(expr)}", (expr,))


def class_header(name: str, bases: Sequence[Doc] = (), keywords: Sequence[tuple[str, Doc]] = ()) -> Syn:
    inside = ", ".join([*_flats(bases), *(f"{k}={flat(v)}" for k, v in keywords)])
    return Syn(
        "class", f"class {name}({inside}):" if inside else f"class {name}:", (name, tuple(bases), tuple(keywords))
    )


def param(name: str, annotation: Doc | None = None, default: Doc | None = None) -> Syn:
    text = name + ("" if annotation is None else f": {flat(annotation)}")
    if default is not None:
        text += f" = {flat(default)}" if annotation is not None else f"={flat(default)}"
    return Syn("param", text, (name, annotation, default))


def def_header(name: str, params: Sequence[Doc], returns: Doc | None = None) -> Syn:
    text = f"def {name}({', '.join(_flats(params))})" + ("" if returns is None else f" -> {flat(returns)}") + ":"
    return Syn("def", text, (name, tuple(params), returns))


def import_module(module: str, alias_: str = "") -> str:
    return pysyntax.import_(module, alias_)


def import_from(module: str, names: Sequence[str]) -> Syn:
    return Syn("from_import", f"from {module} import {', '.join(names)}", (module, tuple(names)))


# --- layout --------------------------------------------------------------------------------


def _layout(doc: Doc) -> Layout:
    if isinstance(doc, str):
        return doc
    return _BUILDERS[doc.kind](*doc.args)


def _layouts(docs: Sequence[Doc]) -> list[Layout]:
    return [_layout(d) for d in docs]


def _optional(doc: Doc | None) -> Layout | None:
    return None if doc is None else _layout(doc)


_BUILDERS: dict[str, Callable[..., Layout]] = {
    "subscript": lambda base, items: pysyntax.subscript(_layout(base), _layouts(items)),
    "call": lambda func, args, kwargs: pysyntax.call(
        _layout(func), _layouts(args), [(k, _layout(v)) for k, v in kwargs]
    ),
    "union": lambda items: pysyntax.union(_layouts(items)),
    "or": lambda items: pysyntax.or_(_layouts(items)),
    "compare": lambda left, op, right: pysyntax.compare(_layout(left), op, _layout(right)),
    "dict": lambda pairs: pysyntax.dict_([(_layout(k), _layout(v)) for k, v in pairs]),
    "set": lambda items: pysyntax.set_(_layouts(items)),
    "list": lambda items: pysyntax.list_(_layouts(items)),
    "tuple": lambda items: pysyntax.tuple_(_layouts(items)),
    "annassign": lambda target, ann, value: pysyntax.annassign(target, _layout(ann), _optional(value)),
    "alias": lambda name, value, ann: pysyntax.alias(name, _layout(value), ann),
    "assign": lambda target, value: pysyntax.assign(target, _layout(value)),
    "subscript_assign": lambda obj, key, value: pysyntax.subscript_assign(obj, _layout(key), _layout(value)),
    "return": lambda value: pysyntax.return_(_layout(value)),
    "if": lambda condition: pysyntax.if_(_layout(condition)),
    "decorator": lambda expr: pysyntax.decorator(_layout(expr)),
    "class": lambda name, bases, keywords: pysyntax.class_(
        name, _layouts(bases), [(k, _layout(v)) for k, v in keywords]
    ),
    "param": lambda name, ann, default: pysyntax.param(name, _optional(ann), _optional(default)),
    "def": lambda name, params, returns: pysyntax.def_(name, _layouts(params), _optional(returns)),
    "from_import": lambda module, names: pysyntax.from_import(module, list(names)),
}


def fit(doc: Doc, indent: int) -> str:
    """The statement laid out at `indent` columns (the first line's indentation is the caller's)."""
    text = flat(doc)
    if indent + (len(text) if text.isascii() else str_width(text)) <= WIDTH:
        return text
    return render(_layout(doc), indent)
