"""Parsed definitions -> a SpecPackage: unique names, references resolved, wire names set."""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.ir.nodes import Definition, SpecPackage
from generator.mode import Mode
from generator.resolve.cycles import flatten_union_cycles
from generator.resolve.naming import assign_class_names, rename_shadowing_fields
from generator.resolve.references import resolve_references
from generator.resolve.wire import apply_wire_names


def resolve(name: str, definitions: list[Definition], mode: Mode) -> tuple[SpecPackage, list[Diagnostic]]:
    """Definitions must come in a deterministic order (sorted by source path)."""
    warnings: list[Diagnostic] = []
    named = assign_class_names(definitions, warnings)
    resolved = rename_shadowing_fields(resolve_references(named, warnings, strict=mode.strict), warnings)
    resolved = flatten_union_cycles(resolved, warnings)
    wired = apply_wire_names(resolved, mode.wire_names, warnings)
    ordered = tuple(sorted(wired, key=lambda d: d.py_name))
    return SpecPackage(name=name, definitions=ordered), warnings
