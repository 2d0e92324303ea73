"""`--select TITLE`: only the definitions asked for and everything they reference."""

from __future__ import annotations

from generator.graph import reachable
from generator.ir.nodes import Definition


def unknown_titles(definitions: list[Definition], wanted: tuple[str, ...]) -> list[str]:
    """The wanted titles no definition has (as its doc title or its Python name)."""
    known = {d.title for d in definitions} | {d.py_name for d in definitions}
    return [title for title in wanted if title not in known]


def select(definitions: list[Definition], wanted: tuple[str, ...], edges: dict[str, list[str]]) -> list[Definition]:
    starts = [d.py_name for d in definitions if d.title in wanted or d.py_name in wanted]
    keep = reachable(starts, edges)
    return [d for d in definitions if d.py_name in keep]
