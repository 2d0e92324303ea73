"""The small objects templates render, one kind each.

Every statement in them is a document (generator/layout/syntax.py) built from
already-escaped parts, and every docstring is the raw text the `docstring`
filter escapes: templates only arrange them and say how deep each is indented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from generator.layout.doc import Doc


@dataclass(frozen=True)
class FieldView:
    statement: Doc  # `name: annotation = default`
    doc: str | None = None  # an attribute docstring, where the target writes one


@dataclass(frozen=True)
class ModelView:
    """A class: a Pydantic model, a dataclass, a TypedDict, a msgspec Struct."""

    kind: ClassVar[str] = "model"
    name: str
    header: Doc  # `class Name(Base):`
    doc: str | None
    fields: tuple[FieldView, ...]
    decorators: tuple[Doc, ...] = ()
    config: tuple[Doc, ...] = ()  # statements before the fields (`model_config = ...`)


@dataclass(frozen=True)
class DataclassView(ModelView):
    """A dataclass, with what its from_dict and the runtime's to_dict need."""

    kind: ClassVar[str] = "dataclass"
    extra: Doc | None = None  # the field that keeps extra keys
    table: tuple[Doc, ...] = ()  # `_wire = ...` (each field's attribute, key, required-ness), `_extra = ...`
    from_dict: Doc = ""  # its `def` line
    load: tuple[Doc, ...] = ()  # its body


@dataclass(frozen=True)
class EnumView:
    kind: ClassVar[str] = "enum"
    name: str
    header: Doc
    doc: str | None
    members: tuple[Doc, ...]  # `NAME = "value"`


@dataclass(frozen=True)
class AliasView:
    kind: ClassVar[str] = "alias"
    name: str
    statement: Doc  # `Name: TypeAlias = ...` or `Name = TypeAliasType(...)`
    doc: str | None


@dataclass(frozen=True)
class FunctionView:
    """A module-level function (a dataclass alias's loader, a msgspec alias's check)."""

    kind: ClassVar[str] = "function"
    name: str
    header: Doc
    body: tuple[Doc, ...]
    decorators: tuple[Doc, ...] = ()


Unit = ModelView | EnumView | AliasView | FunctionView


@dataclass(frozen=True)
class ModuleView:
    docstring: str
    comments: tuple[str, ...]  # module-level comment lines (`# mypy: ...`), escaped
    imports: tuple[Doc, ...]  # statements; "" is a blank line between sections
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Export:
    name: str  # under which the package exports it
    module: str  # relative, `.chatcompletionchunk`
    attribute: str  # the name in that module
    py_name: str  # the definition's


@dataclass(frozen=True)
class PackageView:
    """A target package's (or namespace subpackage's) __init__.py: names, imported on first use."""

    docstring: str
    comments: tuple[str, ...]
    exports: tuple[Export, ...]
    type_checking: tuple[Doc, ...]  # `from .x import Name` statements for type checkers
    names: Doc  # `__all__ = [...]`
    table: Doc  # `_EXPORTS = {...}`
