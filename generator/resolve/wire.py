"""The key each field travels under on the wire, per the package's wire_names setting."""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Diagnostic
from generator.ir import names
from generator.ir.nodes import Definition, ObjectModel


def camel_case(text: str) -> str:
    head, *rest = text.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def wire_name(doc_name: str, style: str) -> str:
    if style == "snake_case" and re.fullmatch(r"[A-Za-z0-9_]+", doc_name):
        return names.snake_case(doc_name)
    if style == "camelCase" and re.fullmatch(r"[A-Za-z0-9_]+", doc_name):
        return camel_case(doc_name)
    return doc_name


def apply_wire_names(definitions: list[Definition], style: str, warnings: list[Diagnostic]) -> list[Definition]:
    if style == "as-documented":
        return definitions
    out: list[Definition] = []
    for d in definitions:
        if isinstance(d, ObjectModel):
            used: set[str] = set()
            fields = []
            for f in d.fields:
                key = wire_name(f.name, style)
                if key in used:
                    warnings.append(Diagnostic(f.source.path, f.source.line,
                                               f"field {f.name!r} would travel as {key!r} like another field: kept as {f.name!r}"))
                    key = f.name
                used.add(key)
                fields.append(dataclasses.replace(f, wire_name=key))
            d = dataclasses.replace(d, fields=tuple(fields))
        out.append(d)
    return out
