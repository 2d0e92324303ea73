"""The settings of one run, frozen and passed down (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.types import TypeExpr

WIRE_NAME_STYLES = ("as-documented", "snake_case", "camelCase")
TARGETS = ("pydantic", "dataclasses", "typeddict", "msgspec", "jsonschema")


@dataclass(frozen=True)
class Mode:
    wire_names: str = "as-documented"
    strict: bool = False  # unresolved references are errors, not warnings
    targets: tuple[str, ...] = TARGETS
    templates_dir: str | None = None  # a folder whose templates override the built-in ones
    select: tuple[str, ...] = ()  # only these titles and what they reference (empty: all)
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Override:
    """What the docs lose, put back from [tool.docmodels.packages.overrides] (resolve/overrides.py).

    `target` is `Title` (an enum) or `Title.field`; the settings left None change nothing."""

    target: str
    wire_name: str | None = None
    nullable: bool | None = None
    required: bool | None = None
    type: TypeExpr | None = None  # read from a type expression in the doc's own grammar (config.py)
    open: bool | None = None
    origin: str = "<command line>"  # where it was written, for messages
    line: int = 1
