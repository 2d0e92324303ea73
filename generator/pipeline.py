"""The whole run for one spec package: parse -> resolve -> emit.

Given the output folder, a run reuses what the previous one left in the
cache (generator.cache): docs whose content did not change are not parsed
again, laid-out lines are not laid out again, and when neither the docs,
the generator nor the output changed since the last run that wrote the
output, `output_is_current` says so from file stamps alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.cache import Store, cache_dir, fingerprint, make_cache_dir
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, SpecError
from generator.mode import Mode
from generator.parallel import run_groups

if TYPE_CHECKING:
    from generator.ir.nodes import Definition

STAMP = "stamp.json"
# Below this many docs to parse, a worker process costs more than it saves.
PARALLEL_MIN_DOCS = 200


def package_name(spec_dir: Path) -> str:
    return re.sub(r"\W+", "_", spec_dir.resolve().name) or "spec"


def _in_spec_dir(spec_dir: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Paths inside the pipeline are relative to the spec folder; users want them whole."""
    return Diagnostic(str(spec_dir / diagnostic.path), diagnostic.line, diagnostic.message)


@dataclass(frozen=True)
class DocEntry:
    """One doc as parsed: its stat and content digest say when it may be reused."""

    rel: str
    size: int
    mtime_ns: int
    digest: str
    definitions: tuple[Definition, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Current:
    """The output is what a run would write: the last run's warnings, and how many files."""

    warnings: list[Diagnostic]
    files: int


def generate_files(spec_dir: Path, mode: Mode, out_dir: Path | None = None,
                   write_cache: bool = True) -> tuple[dict[str, str], list[Diagnostic]]:
    """{relative path: text} of the output package, and the warnings.

    With `out_dir`, the cache beside it is used (and updated unless `write_cache`
    is false); the files are the same either way.
    """
    from generator.emit.targets import render_package
    from generator.resolve import resolve

    if not spec_dir.is_dir():
        raise SpecError(str(spec_dir), 1, "spec folder does not exist")
    store = Store(out_dir, fingerprint(mode)) if out_dir is not None else None
    scan_warnings: list[Diagnostic] = []
    docs = _scan_docs(spec_dir, scan_warnings)
    spec = str(spec_dir.resolve())
    cached = store.load("docs") if store else None  # (spec folder, {path: entry}): another folder's is no use
    previous_docs: dict[str, DocEntry] = cached[1] if isinstance(cached, tuple) and cached[0] == spec else {}
    try:
        entries = _parse_docs(docs, previous_docs)
        definitions = [d for e in entries for d in e.definitions]
        warnings = scan_warnings + [w for e in entries for w in e.warnings]
        package, resolve_warnings = resolve(package_name(spec_dir), definitions, mode)
    except SpecError as exc:
        located = _in_spec_dir(spec_dir, exc.diagnostic)
        raise SpecError(located.path, located.line, located.message) from None
    if not definitions:
        raise SpecError(str(spec_dir), 1, "no model docs found (Markdown files with a '# Title' and a Fields, Values or Supported Types section)")
    all_warnings = [_in_spec_dir(spec_dir, w) for w in warnings + resolve_warnings]
    files = render_package(package, mode, store, write_cache)
    if store is not None and write_cache:
        if any(entry is not previous_docs.get(entry.rel) for entry in entries) or len(previous_docs) != len(entries):
            store.save("docs", (spec, {e.rel: e for e in entries}))
        stats = {rel: [size, mtime] for _, rel, size, mtime in docs}
        store.save("pending", (spec, stats, [_plain(w) for w in all_warnings]))
    return files, all_warnings


def _scan_docs(spec_dir: Path, warnings: list[Diagnostic]) -> list[tuple[Path | str, str, int, int]]:
    """(path, relative path, size, mtime) of every doc, taken before any is read."""
    quick = _quick_scan(spec_dir)
    if quick is not None:
        return quick
    from generator.parse.package import find_docs

    out = []
    for path in find_docs(spec_dir, warnings):
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, -1  # reading it will report the error
        out.append((path, path.relative_to(spec_dir).as_posix(), size, mtime))
    return out


def _quick_scan(spec_dir: Path) -> list[tuple[str, str, int, int]] | None:
    """What parse.package.find_docs finds, at a fraction of its cost, for a tree holding only
    plain folders and regular files; None at the first thing it would warn about (a symlink,
    a special file, an unlistable folder), which it is then left to report."""
    from generator.parse.package import shown_path

    found: list[tuple[str, str, int, int]] = []
    pending = [(str(spec_dir), "")]
    try:
        while pending:
            folder, prefix = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_symlink() or shown_path(name) != name:  # find_docs warns about these
                        return None
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{prefix}{name}/"))
                    elif name.endswith(".md"):
                        if not entry.is_file(follow_symlinks=False):
                            return None
                        stat = entry.stat(follow_symlinks=False)
                        found.append((prefix + name, entry.path, stat.st_size, stat.st_mtime_ns))
    except OSError:
        return None
    found.sort(key=lambda item: item[0])
    return [(path, rel, size, mtime) for rel, path, size, mtime in found]  # paths stay strings: cheaper


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _parse_docs(docs: list[tuple[Path | str, str, int, int]], previous: dict[str, DocEntry]) -> list[DocEntry]:
    """Every doc's entry, in path order: reused where its stat or content is unchanged."""
    from generator.parse.package import read_doc

    entries: dict[str, DocEntry] = {}
    todo: list[tuple[Path | str, str, int, int]] = []
    for path, rel, size, mtime in docs:
        old = previous.get(rel)
        if old is not None and size >= 0 and (old.size, old.mtime_ns) == (size, mtime):
            entries[rel] = old
        elif old is not None and size >= 0 and _digest(read_doc(Path(path), rel)) == old.digest:
            entries[rel] = DocEntry(rel, size, mtime, old.digest, old.definitions, old.warnings)
        else:
            todo.append((path, rel, size, mtime))
    groups = [todo]
    if len(todo) >= PARALLEL_MIN_DOCS:  # two halves of about the same size in bytes, in path order
        total, running, half = sum(max(size, 0) for _, _, size, _ in todo), 0, len(todo) // 2
        for index, (_, _, size, _) in enumerate(todo):
            running += max(size, 0)
            if running * 2 >= total:
                half = max(1, index + 1)
                break
        groups = [todo[:half], todo[half:]]
    for parsed in run_groups(_parse_group, groups):
        for entry in parsed:
            entries[entry.rel] = entry
    return [entries[rel] for _, rel, _, _ in docs]


def _parse_group(docs: list[tuple[Path | str, str, int, int]]) -> list[DocEntry]:
    from generator.parse.document import markdown_parser
    from generator.parse.package import parse_file

    md = markdown_parser()
    out = []
    for path, rel, size, mtime in docs:
        text, found, warnings = parse_file(md, Path(path), rel)
        out.append(DocEntry(rel, size, mtime, _digest(text), tuple(found), tuple(warnings)))
    return out


def _plain(diagnostic: Diagnostic) -> list[object]:
    return [diagnostic.path, diagnostic.line, diagnostic.message]


def output_is_current(spec_dir: Path, out_dir: Path, mode: Mode) -> Current | None:
    """`Current` when nothing changed since the last run wrote `out_dir`: the same
    generator and settings, the same docs (by stat) and the output as it left it.
    None means "run": any doubt does."""
    try:
        with open(cache_dir(out_dir) / STAMP, encoding="utf-8") as fh:
            stamp = json.load(fh)
        if stamp.get("fingerprint") != fingerprint(mode) or stamp.get("spec") != str(spec_dir.resolve()):
            return None
        docs = {rel: [size, mtime] for _, rel, size, mtime in _scan_docs(spec_dir, [])}
        if docs != stamp["docs"]:
            return None
        outputs: dict[str, list[int]] = stamp["outputs"]
        for rel, (size, mtime) in outputs.items():
            stat = os.stat(out_dir / rel)
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                return None
        return Current([Diagnostic(*w) for w in stamp["warnings"]], len(outputs))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_output(spec_dir: Path, out_dir: Path, mode: Mode) -> None:
    """After a run wrote `out_dir`: stamp it, so that the next run can see nothing changed."""
    from generator.files import MANIFEST, read_manifest

    tag = fingerprint(mode)
    store = Store(out_dir, tag)
    pending = store.load("pending")
    if pending is None:
        return
    spec, docs, warnings = pending
    if spec != str(spec_dir.resolve()):
        return
    outputs = {}
    try:
        for rel in [*read_manifest(out_dir), MANIFEST]:
            stat = os.stat(out_dir / rel)
            outputs[rel] = [stat.st_size, stat.st_mtime_ns]
    except OSError:
        return
    stamp = {"fingerprint": tag, "spec": spec, "docs": docs, "outputs": outputs, "warnings": warnings}
    try:
        folder = make_cache_dir(out_dir)
        temp = folder / f".{STAMP}.{os.getpid()}.tmp"
        temp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(temp, folder / STAMP)
    except OSError:
        pass
    store.forget("pending")
