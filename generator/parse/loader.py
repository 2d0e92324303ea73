"""A spec folder -> its docs, each parsed or reused from the last run: the one doc loader.

`docmodels generate` and `docmodels diff` both read a spec folder through here:
generator/parse/scan.py finds the docs (and says what it skips), generator/parse/package.py
reads each one carefully. Parsing runs on both cores where there are enough docs to pay
for a worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.ir import codec
from generator.ir.nodes import Definition
from generator.parallel import run_groups
from generator.parse.package import parse_file, read_doc
from generator.parse.scan import DocFile, scan_docs

# Below this many docs to parse, a worker process costs more than it saves.
PARALLEL_MIN_DOCS = 200


@dataclass(frozen=True)
class Parsed:
    """One doc as parsed: its stat and content digest say when it may be reused."""

    rel: str
    size: int
    mtime_ns: int
    digest: str
    interface: str  # codec.interface_digest of its definitions
    definitions: tuple[Definition, ...]
    warnings: tuple[Diagnostic, ...]

    def encode(self) -> list[Any]:
        return codec.encode_node(self)

    @staticmethod
    def decode(rel: str, data: Any) -> Parsed:
        """Raises ValueError or TypeError on anything but what encode() wrote for the doc at `rel`."""
        parsed = codec.decode_node(Parsed, data)
        if {parsed.rel, *(d.source.path for d in parsed.definitions), *(w.path for w in parsed.warnings)} != {rel}:
            raise ValueError("a cached entry of another doc")
        return parsed


def digest_of(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def parse_docs(docs: list[DocFile]) -> list[Parsed]:
    """The docs parsed afresh, in their order (both cores where there are enough)."""
    return [entry for parsed in run_groups(_parse_group, _halves(docs)) for entry in parsed]


def load_docs(docs: list[DocFile], previous: Mapping[str, Any]) -> list[Parsed]:
    """Every doc parsed, in path order: reused from `previous` (the last run's encoded entries,
    by path) where its stat or its content digest is unchanged and the entry decodes."""
    entries: dict[str, Parsed] = {}
    todo: list[DocFile] = []
    for doc in docs:
        old = _decoded(doc.rel, previous.get(doc.rel))
        if old is not None and (old.size, old.mtime_ns) == (doc.size, doc.mtime_ns):
            entries[doc.rel] = old
        elif old is not None and digest_of(read_doc(Path(doc.path), doc.rel)) == old.digest:
            entries[doc.rel] = Parsed(
                doc.rel, doc.size, doc.mtime_ns, old.digest, old.interface, old.definitions, old.warnings
            )
        else:
            todo.append(doc)
    for entry in parse_docs(todo):
        entries[entry.rel] = entry
    return [entries[doc.rel] for doc in docs]


def _decoded(rel: str, data: Any) -> Parsed | None:
    if data is None:
        return None
    try:
        return Parsed.decode(rel, data)
    except (ValueError, TypeError, KeyError):
        return None  # a malformed entry is a miss


def _halves(todo: list[DocFile]) -> list[list[DocFile]]:
    """Two groups of about the same size in bytes, in path order (one where too few to split)."""
    if len(todo) < PARALLEL_MIN_DOCS:
        return [todo] if todo else []
    total, running = sum(max(d.size, 0) for d in todo), 0
    for index, doc in enumerate(todo):
        running += max(doc.size, 0)
        if running * 2 >= total:
            return [todo[: index + 1], todo[index + 1 :]]
    return [todo]


def _parse_group(docs: list[DocFile]) -> list[Parsed]:
    from generator.parse.document import markdown_parser

    md = markdown_parser()
    out = []
    for doc in docs:
        text, found, warnings = parse_file(md, Path(doc.path), doc.rel)
        out.append(
            Parsed(
                doc.rel,
                doc.size,
                doc.mtime_ns,
                digest_of(text),
                codec.interface_digest(found),
                tuple(found),
                tuple(warnings),
            )
        )
    return out


def parse_folder(spec_dir: Path) -> tuple[list[Definition], list[Diagnostic]]:
    """Every definition of a spec folder and the warnings, with no cache (docmodels diff, tests)."""
    warnings: list[Diagnostic] = []
    entries = load_docs(scan_docs(spec_dir, warnings), {})
    return [d for e in entries for d in e.definitions], warnings + [w for e in entries for w in e.warnings]
