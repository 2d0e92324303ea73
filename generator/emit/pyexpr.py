"""Python source for spec data: string literals, docstrings, type annotations.

Everything a spec says reaches Python code through `py_literal` or
`py_docstring`, which escape it, never by pasting text into code.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field

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
)

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"'}


def escape_char(ch: str, quote_escapes: dict[str, str]) -> str:
    if ch in quote_escapes:
        return quote_escapes[ch]
    code = ord(ch)
    # Control, format (bidi marks), separator and surrogate characters are
    # escaped so the source shows exactly what the string holds.
    if code < 0x20 or code == 0x7F or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        if code <= 0xFF:
            return f"\\x{code:02x}"
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        return f"\\U{code:08x}"
    return ch


# Printable ASCII but the quote and the backslash: what escape_char leaves alone (a fast path).
_PLAIN = re.compile(r"[ !#-\[\]-~]*")
_PLAIN_LINES = re.compile(r"[ !#-\[\]-~\n]*")


def py_string(text: str) -> str:
    """A double-quoted Python string literal holding exactly `text`."""
    if _PLAIN.fullmatch(text):
        return '"' + text + '"'
    return '"' + "".join(escape_char(ch, _ESCAPES) for ch in text) + '"'


def py_literal(value: LiteralValue) -> str:
    if isinstance(value, str):
        return py_string(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):  # parsing keeps these out
        raise ValueError(f"{value} has no Python literal")
    return repr(value)


def py_docstring(text: str) -> str:
    """A triple-quoted docstring holding `text`; newlines stay real newlines."""
    escapes = {"\\": "\\\\", "\r": "\\r", '"': '\\"'}
    if _PLAIN_LINES.fullmatch(text):
        body = text
    else:
        body = "".join("\n" if ch == "\n" else ("\\t" if ch == "\t" else escape_char(ch, escapes)) for ch in text)
    # Black strips trailing spaces in docstrings; strip them first so the text is what we wrote.
    body = "\n".join(line.rstrip() for line in body.split("\n")).strip()
    return '"""' + body + '"""'


@dataclass
class Imports:
    """The names a generated module imports, renamed where a definition takes the name.

    lines() lays them out as isort (and so ruff) wants them: __future__, the
    standard library, then third-party packages, straight imports first.
    """

    taken: frozenset[str]
    used: dict[str, set[str]] = field(default_factory=dict)
    modules: set[tuple[str, str]] = field(default_factory=set)

    def name(self, module: str, symbol: str) -> str:
        local = symbol if symbol not in self.taken else f"_{symbol}"
        self.used.setdefault(module, set()).add(symbol if local == symbol else f"{symbol} as {local}")
        return local

    def module(self, module: str, alias: str = "") -> str:
        self.modules.add((module, alias))
        return alias or module

    def lines(self) -> list[str]:
        sections: list[list[str]] = [["from __future__ import annotations"], [], []]
        for module, alias in sorted(self.modules):
            section = sections[1 if module.split(".")[0] in sys.stdlib_module_names else 2]
            section.append(f"import {module}" + (f" as {alias}" if alias else ""))
        for module in sorted(self.used):
            section = sections[1 if module.split(".")[0] in sys.stdlib_module_names else 2]
            section.extend(_from_imports(module, self.used[module]))
        out: list[str] = []
        for section in sections:
            if section:
                out.extend([*section, ""])
        return out[:-1]


def _from_imports(module: str, symbols: set[str]) -> list[str]:
    """isort's layout (no combine-as): plain names share one statement, each
    `X as _X` gets its own; statements sort by their first name."""
    plain = sorted((s for s in symbols if " as " not in s), key=_isort_key)
    statements = [[s] for s in symbols if " as " in s]
    if plain:
        statements.append(plain)
    statements.sort(key=lambda names: _isort_key(names[0]))
    return [f"from {module} import {', '.join(names)}" for names in statements]


def _isort_key(symbol: str) -> tuple[int, str, str, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions and variables;
    case-insensitive first, then the alias."""
    name, _, alias = symbol.partition(" as ")
    kind = 0 if name.isupper() and len(name) > 1 else (1 if name[:1].isupper() else 2)
    return kind, name.lower(), name, alias


# How each target spells the base types: (module, symbol) or a builtin.
PLAIN_BASES = {
    "str": (None, "str"), "int": (None, "int"), "float": (None, "float"), "bool": (None, "bool"),
    "bytes": (None, "bytes"), "any": ("typing", "Any"),
    "date": ("datetime", "date"), "datetime": ("datetime", "datetime"),
}
STRICT_BASES = {
    **PLAIN_BASES,
    "str": ("pydantic", "StrictStr"), "int": ("pydantic", "StrictInt"),
    "float": ("pydantic", "StrictFloat"), "bool": ("pydantic", "StrictBool"),
    "bytes": ("pydantic", "StrictBytes"),
}


@dataclass
class TypeRenderer:
    imports: Imports
    bases: dict[str, tuple[str | None, str]]

    def typing(self, symbol: str) -> str:
        return self.imports.name("typing", symbol)

    def render(self, expr: TypeExpr) -> str:
        if isinstance(expr, Primitive):
            module, symbol = self.bases[expr.name]
            return symbol if module is None else self.imports.name(module, symbol)
        if isinstance(expr, ListOf):
            return f"list[{self.render(expr.item)}]"
        if isinstance(expr, MapOf):
            return f"dict[{self.render(Primitive('str'))}, {self.render(expr.value)}]"
        if isinstance(expr, LiteralOf):
            return self._literal(expr.values)
        if isinstance(expr, UnionOf):
            return " | ".join(self.render(m) for m in expr.members)
        if isinstance(expr, Nullable):
            return f"{self.render(expr.inner)} | None"
        if isinstance(expr, Ref):
            assert expr.target is not None, "references are resolved before emitting"
            return expr.target
        raise TypeError(f"unknown type node {expr!r}")

    def _literal(self, values: tuple[LiteralValue, ...]) -> str:
        """Literal[...]; typing has no float literals, so float values widen to `float`,
        and null is spelled `None` (linters reject `Literal[None]`)."""
        exact = [v for v in values if v is not None and not isinstance(v, float)]
        parts = [f"{self.typing('Literal')}[{', '.join(py_literal(v) for v in exact)}]"] if exact else []
        if any(isinstance(v, float) for v in values):
            parts.append(self.render(Primitive("float")))
        if None in values:
            parts.append("None")
        return " | ".join(parts)
