"""Parsed definitions -> a SpecPackage: references, names, wire keys, tags and modules, each decided once."""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.ir.nodes import Definition, SpecPackage
from generator.mode import Mode
from generator.resolve.cycles import flatten_union_cycles
from generator.resolve.modules import assign_modules, reference_graph
from generator.resolve.naming import assign_names
from generator.resolve.references import resolve_references
from generator.resolve.select import select
from generator.resolve.tags import infer_tags


def resolve(name: str, definitions: list[Definition], mode: Mode) -> tuple[SpecPackage, list[Diagnostic]]:
    """Definitions must come in a deterministic order (sorted by source path), with the
    package's overrides applied (resolve/overrides.py: their messages name the config)."""
    warnings: list[Diagnostic] = []
    linked = resolve_references(definitions, warnings, strict=mode.strict)
    named = assign_names(linked, mode.wire_names, warnings)
    if mode.select:
        named = select(named, mode.select, reference_graph(named))
    tagged = infer_tags(flatten_union_cycles(named, warnings))
    placed = assign_modules(tagged, reference_graph(tagged))
    return SpecPackage(name=name, definitions=tuple(sorted(placed, key=lambda d: d.py_name))), warnings
