"""json.dumps(value, indent=2, ensure_ascii=False), faster.

With an indent, the standard library falls back to its pure-Python encoder;
this one does the same job with fewer checks for the values a JSON Schema
document holds (dicts with string keys, lists, strings, numbers, booleans,
null), and gives byte-identical text (tests/test_layout.py compares them).
One difference, on purpose: an unpaired surrogate (a doc's "\\udc00" literal) is
written as its \\u escape, as UTF-8 cannot hold it.
"""

from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring
from typing import Any

_FLOAT_REPR = float.__repr__
_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps_indented(value: Any, indent: str = "  ", level: int = 0) -> str:
    """The value as json.dumps(indent=2) writes it, its lines nested `level` deep."""
    parts: list[str] = []
    _encode(value, "\n" + indent * level, indent, parts)
    return escape_surrogates("".join(parts))


def escape_surrogates(text: str) -> str:
    """JSON text with every unpaired surrogate as a \\u escape (JSON allows it, UTF-8 does not).

    Surrogates only occur inside JSON strings, so the whole text can be scanned."""
    if text.isascii():
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _encode(value: Any, newline: str, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + indent
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError("only string keys")  # json.dumps would convert them; schemas have none
            out.append(("," + inner if i else inner) + encode_basestring(key) + ": ")
            _encode(item, inner, indent, out)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + indent
        out.append("[")
        for i, item in enumerate(value):
            out.append("," + inner if i else inner)
            _encode(item, inner, indent, out)
        out.append(newline + "]")
    else:
        out.append(json.dumps(value))  # anything else: as json does (or its error)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _FLOAT_REPR(value)
