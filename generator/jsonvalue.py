"""JSON values read from doc text (literals, examples): only what JSON can write back."""

from __future__ import annotations

import json
import math
from typing import Any


def loads_finite(text: str) -> Any:
    """json.loads, with NaN, Infinity and numbers too large for a float (1e999) refused as
    ValueError: no JSON text or Python literal can hold them."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _refuse_constant(text: str) -> float:
    raise ValueError(f"{text} is not a finite number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value
