"""The wire key a doc's field name stands for.

Speakeasy's Python SDKs rename a field whose name is a Python keyword or
builtin (or a Pydantic BaseModel attribute) by appending an underscore, and
their docs show that attribute name: `format_`, `bytes_`, `from_`. The JSON
key is the name without the underscore.
"""

from __future__ import annotations

import builtins
import keyword

# BaseModel attributes Speakeasy escapes the same way (the SDKs' `schema_`, `model_config_`).
_PYDANTIC_RESERVED = frozenset({"schema", "model_config", "json", "dict", "copy", "validate", "construct", "fields"})
# Names the older, dataclass-based SDKs import in every model module
# (`from datetime import date, datetime`): their `date_` travels as `date`.
_IMPORTED = frozenset({"date", "datetime"})
_RESERVED = frozenset(keyword.kwlist) | frozenset(dir(builtins)) | _PYDANTIC_RESERVED | _IMPORTED


def documented_wire_name(doc_name: str) -> str:
    stem = doc_name[:-1]
    if doc_name.endswith("_") and not stem.endswith("_") and stem in _RESERVED:
        return stem
    return doc_name
