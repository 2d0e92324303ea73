"""The small objects templates render: every string in them is already valid,
escaped Python (or JSON), so templates only arrange them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldView:
    py_name: str
    key: str  # the wire key as a string literal
    annotation: str
    default: str | None  # the right-hand side after `=`, if any
    doc: str | None  # a docstring literal
    load: str = ""  # dataclasses: converter expression for the raw value
    required: bool = True
    nullable: bool = False


@dataclass(frozen=True)
class ClassView:
    # "model", "enum", "alias", "recursive_alias" (an alias that names itself, through
    # TypeAliasType), "functional" (a TypedDict whose keys are not all identifiers)
    kind: str
    name: str
    doc: str | None = None
    bases: str = ""
    decorators: tuple[str, ...] = ()
    config: str | None = None
    fields: tuple[FieldView, ...] = ()
    members: tuple[tuple[str, str], ...] = ()  # enum (NAME, literal)
    expr: str = ""  # alias right-hand side
    extra_attr: str | None = None  # dataclasses: the attribute holding extra keys
    title: str = ""  # as a string literal
    keys: str = ""  # dataclasses: the documented wire keys, as a frozenset expression


@dataclass(frozen=True)
class ModuleView:
    imports: tuple[str, ...]
    units: tuple[ClassView, ...]
    helpers: tuple[str, ...] = ()  # names of the helper blocks the template must emit
