"""Unique class names when a title repeats across folders (components/, operations/...)."""

from __future__ import annotations

import dataclasses
import posixpath

from generator.diagnostics import Diagnostic
from generator.ir import names
from generator.ir.nodes import Definition, ObjectModel
from generator.ir.types import ListOf, walk


def _folder_prefix(path: str) -> str:
    folder = posixpath.basename(posixpath.dirname(path))
    return names.class_name(folder.title().replace("_", "")) if folder else ""


def assign_class_names(definitions: list[Definition], warnings: list[Diagnostic]) -> list[Definition]:
    """The first definition of a name (in path order) keeps it; later ones take
    their folder's name as a prefix, then a number, and a warning says so."""
    # A title that is its own Python name wins over one that only maps onto it ('users' -> 'Users').
    exact = {d.py_name for d in definitions if d.py_name == d.title}
    taken: set[str] = set()
    out: list[Definition] = []
    for definition in definitions:
        wanted = definition.py_name

        def blocked(name: str, title: str = definition.title) -> bool:
            return name in taken or (name in exact and name != title)

        candidate = wanted
        if blocked(candidate):
            candidate = _folder_prefix(definition.source.path) + wanted
        n = 1
        base = candidate
        while blocked(candidate):
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        if candidate != wanted:
            again = "is defined more than once" if wanted == definition.title else f"would be {wanted!r} like another title"
            warnings.append(
                Diagnostic(definition.source.path, definition.source.line,
                           f"title {definition.title!r} {again}: this one is generated as {candidate!r}")
            )
            definition = dataclasses.replace(definition, py_name=candidate)
        elif candidate != definition.title:
            warnings.append(
                Diagnostic(definition.source.path, definition.source.line,
                           f"title {definition.title!r} is not a usable Python name: generated as {candidate!r}")
            )
        out.append(definition)
    return out


def rename_shadowing_fields(definitions: list[Definition], warnings: list[Diagnostic]) -> list[Definition]:
    """A field named like a definition would hide it inside the class body
    (`Status: Status | None = None` breaks Pydantic and mypy): add `_`."""
    definition_names = {d.py_name for d in definitions}
    out: list[Definition] = []
    for definition in definitions:
        # `list` is a fine field name unless the class's own annotations say `list[...]`.
        module_names = definition_names | ({"list"} if _uses_lists(definition) else set())
        if isinstance(definition, ObjectModel) and any(f.py_name in module_names for f in definition.fields):
            used = {f.py_name for f in definition.fields}
            fields = []
            for f in definition.fields:
                if f.py_name in module_names:
                    new = f.py_name + "_"
                    while new in module_names or new in used:
                        new += "_"
                    used.add(new)
                    what = "the list type its class uses" if f.py_name == "list" else "a model"
                    warnings.append(Diagnostic(f.source.path, f.source.line,
                                               f"field {f.name!r} is named like {what}: generated as {new!r}"))
                    f = dataclasses.replace(f, py_name=new)
                fields.append(f)
            definition = dataclasses.replace(definition, fields=tuple(fields))
        out.append(definition)
    return out


def _uses_lists(definition: Definition) -> bool:
    return isinstance(definition, ObjectModel) and any(
        isinstance(node, ListOf) for f in definition.fields for node in walk(f.type)
    )
