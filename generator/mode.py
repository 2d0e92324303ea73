"""The settings of one run, frozen and passed down (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

WIRE_NAME_STYLES = ("as-documented", "snake_case", "camelCase")
TARGETS = ("pydantic", "dataclasses", "typeddict", "msgspec", "jsonschema")


@dataclass(frozen=True)
class Mode:
    wire_names: str = "as-documented"
    strict: bool = False  # unresolved references are errors, not warnings
    targets: tuple[str, ...] = TARGETS
    templates_dir: str | None = None  # a folder whose templates override the built-in ones
    select: tuple[str, ...] = ()  # only these titles and what they reference (empty: all)
