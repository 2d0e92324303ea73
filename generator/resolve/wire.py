"""The key a field travels under on the wire: the one place that decides it.

Speakeasy's Python SDKs rename a field whose name is a Python keyword or
builtin (or a Pydantic BaseModel attribute) by appending an underscore, and
their docs show that attribute name: `format_`, `bytes_`, `from_`. The JSON
key is the name without the underscore; the package's wire_names style then
applies to that key.
"""

from __future__ import annotations

import builtins
import keyword
import re

from generator.ir import names

# BaseModel attributes Speakeasy escapes the same way (the SDKs' `schema_`, `model_config_`).
_PYDANTIC_RESERVED = frozenset({"schema", "model_config", "json", "dict", "copy", "validate", "construct", "fields"})
# Names the older, dataclass-based SDKs import in every model module
# (`from datetime import date, datetime`): their `date_` travels as `date`.
_IMPORTED = frozenset({"date", "datetime"})
_RESERVED = frozenset(keyword.kwlist) | frozenset(dir(builtins)) | _PYDANTIC_RESERVED | _IMPORTED
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]+")


def documented_key(doc_name: str) -> str:
    """The key a doc's field name stands for, before any style applies."""
    stem = doc_name[:-1]
    if doc_name.endswith("_") and not stem.endswith("_") and stem in _RESERVED:
        return stem
    return doc_name


def camel_case(text: str) -> str:
    head, *rest = text.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def wire_key(doc_name: str, style: str) -> str:
    """The key for a field shown as `doc_name`, in a package whose wire_names is `style`."""
    key = documented_key(doc_name)
    if style == "snake_case" and _PLAIN_KEY.fullmatch(key):
        return names.snake_case(key)
    if style == "camelCase" and _PLAIN_KEY.fullmatch(key):
        return camel_case(key)
    return key
