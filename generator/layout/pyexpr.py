"""Python literals for spec data.

Everything a spec says reaches Python code through `py_string`, `py_literal`
or a docstring (generator/layout/syntax.py), which escape it, never by pasting text
into code.
"""

from __future__ import annotations

import math
import re
import unicodedata

from generator.ir.types import LiteralValue

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"'}
_SINGLE_QUOTED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "'": "\\'"}


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


def py_string(text: str) -> str:
    """A Python string literal holding exactly `text`, quoted as black quotes it: double
    quotes, unless the text holds more double quotes than single ones (fewer escapes)."""
    if _PLAIN.fullmatch(text):
        return '"' + text + '"'
    if text.count('"') > text.count("'"):
        return "'" + "".join(escape_char(ch, _SINGLE_QUOTED_ESCAPES) for ch in text) + "'"
    return '"' + "".join(escape_char(ch, _ESCAPES) for ch in text) + '"'


def py_literal(value: LiteralValue) -> str:
    if isinstance(value, str):
        return py_string(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):  # parsing keeps these out
        raise ValueError(f"{value} has no Python literal")
    return repr(value)
