"""A spec folder -> every definition its Markdown docs hold, in path order."""

from __future__ import annotations

import os
from pathlib import Path

from generator.diagnostics import Diagnostic, SpecError
from generator.ir.nodes import Definition
from generator.parse.document import markdown_parser, parse_doc

MAX_DOC_BYTES = 16 * 1024 * 1024


def find_docs(spec_dir: Path) -> list[Path]:
    """Every *.md below spec_dir, sorted; symlinked folders are not followed (no loops)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(spec_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if f.endswith(".md") and not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(spec_dir).as_posix())


def read_doc(path: Path, rel: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(rel, 1, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_DOC_BYTES:
        raise SpecError(rel, 1, f"doc is {len(data)} bytes, more than the {MAX_DOC_BYTES} a doc may have")
    if b"\x00" in data:
        raise SpecError(rel, 1, "binary file (NUL bytes), not a Markdown doc")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpecError(rel, line, f"not UTF-8 text (byte {data[exc.start]:#04x})") from None


def parse_package(spec_dir: Path) -> tuple[list[Definition], list[Diagnostic]]:
    md = markdown_parser()
    definitions: list[Definition] = []
    warnings: list[Diagnostic] = []
    for path in find_docs(spec_dir):
        rel = path.relative_to(spec_dir).as_posix()
        found, doc_warnings = parse_doc(md, read_doc(path, rel), rel)
        definitions.extend(found)
        warnings.extend(doc_warnings)
    return definitions, warnings
