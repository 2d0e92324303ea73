"""Definitions of the intermediate model: models, enums, unions, placeholders.

Parsing fills in what the doc says; resolution (generator/resolve) fills in the
rest: every Python name and wire key (resolve/naming.py), the module each
definition lives in (resolve/modules.py), how a union tells its members apart
(resolve/tags.py). Until then those fields hold their empty defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from generator.ir.types import LiteralValue, Tag, TypeExpr


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
    type: TypeExpr  # without the top-level Optional/Nullable wrappers
    required: bool
    nullable: bool
    description: str
    example: str | None
    deprecated: bool
    source: Source
    py_name: str = ""  # the attribute name in the Python targets
    wire_name: str = ""  # the key on the wire
    deprecation: str = ""  # the doc's deprecation notice, where it gives one (deprecated is then true)


@dataclass(frozen=True)
class ObjectModel:
    title: str
    description: str
    fields: tuple[Field, ...]
    extra_allowed: bool
    deprecated: bool
    examples: tuple[str, ...]  # the doc's Example Usage code blocks, verbatim
    source: Source
    py_name: str = ""  # unique in the package: flat exports, references, json_schema/<py_name>.json
    local_name: str = ""  # unique in its namespace: the class name in its module
    module: str = ""  # dotted path of its module inside each target package
    extra_name: str | None = None  # where extra keys are allowed: the attribute that keeps them
    member_tag: tuple[str, str | int] | None = None  # (key, value) as a member of a tagged union
    deprecation: str = ""  # the doc's deprecation notice, where it gives one (deprecated is then true)


@dataclass(frozen=True)
class EnumMember:
    value: LiteralValue
    name: str | None = None  # the doc's own name for it (a Name column), if any
    py_name: str = ""


@dataclass(frozen=True)
class EnumModel:
    title: str
    description: str
    members: tuple[EnumMember, ...]
    open: bool  # open enums accept values the doc does not list
    deprecated: bool
    examples: tuple[str, ...]
    source: Source
    py_name: str = ""
    local_name: str = ""
    module: str = ""


@dataclass(frozen=True)
class UnionModel:
    title: str
    description: str
    members: tuple[TypeExpr, ...]
    deprecated: bool
    examples: tuple[str, ...]
    source: Source
    py_name: str = ""
    local_name: str = ""
    module: str = ""
    tag: Tag | None = None


@dataclass(frozen=True)
class Placeholder:
    """A definition a doc links to but the spec folder lacks: accepts any JSON value."""

    title: str
    source: Source  # the first reference to it
    py_name: str = ""
    local_name: str = ""
    module: str = ""


Definition = ObjectModel | EnumModel | UnionModel | Placeholder
_Node = TypeVar("_Node")


def evolve(node: _Node, **changes: object) -> _Node:
    """dataclasses.replace without its per-call introspection (resolution makes ~10^5 of these).

    The node classes are frozen dataclasses with no __post_init__, so a copy of the
    instance dict with the changes applied is exactly what replace() would build."""
    fields: dict[str, Any] = node.__dataclass_fields__  # type: ignore[attr-defined]
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(node).__name__} has no field among {sorted(changes)}")
    new: _Node = object.__new__(type(node))
    new.__dict__.update(node.__dict__, **changes)
    return new


@dataclass(frozen=True)
class SpecPackage:
    """Every definition of one spec folder, resolved, sorted by Python name."""

    name: str
    definitions: tuple[Definition, ...]

    def by_name(self) -> dict[str, Definition]:
        return {d.py_name: d for d in self.definitions}
