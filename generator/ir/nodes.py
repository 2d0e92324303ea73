"""Definitions of the intermediate model: models, enums, unions, placeholders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from generator.ir.types import LiteralValue, TypeExpr


@dataclass(frozen=True)
class Source:
    """Where something was written: a path relative to the spec folder, 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Field:
    name: str  # as the doc shows it
    py_name: str  # a safe Python identifier
    wire_name: str  # the key on the wire (alias)
    type: TypeExpr  # without the top-level Optional/Nullable wrappers
    required: bool
    nullable: bool
    description: str
    example: str | None
    deprecated: bool
    source: Source


@dataclass(frozen=True)
class ObjectModel:
    title: str
    py_name: str
    description: str
    fields: tuple[Field, ...]
    extra_allowed: bool
    deprecated: bool
    examples: tuple[str, ...]  # the doc's Example Usage code blocks, verbatim
    source: Source


@dataclass(frozen=True)
class EnumMember:
    py_name: str
    value: LiteralValue


@dataclass(frozen=True)
class EnumModel:
    title: str
    py_name: str
    description: str
    members: tuple[EnumMember, ...]
    open: bool  # open enums accept values the doc does not list
    deprecated: bool
    examples: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class UnionModel:
    title: str
    py_name: str
    description: str
    members: tuple[TypeExpr, ...]
    deprecated: bool
    examples: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Placeholder:
    """A definition a doc links to but the spec folder lacks: accepts any JSON value."""

    title: str
    py_name: str
    source: Source  # the first reference to it


Definition = Union[ObjectModel, EnumModel, UnionModel, Placeholder]


@dataclass(frozen=True)
class SpecPackage:
    """Every definition of one spec folder, resolved, sorted by Python name."""

    name: str
    definitions: tuple[Definition, ...]

    def by_name(self) -> dict[str, Definition]:
        return {d.py_name: d for d in self.definitions}
