"""A spec folder -> the docs in it, by stat alone (a run that changes nothing reads no doc).

Docs come from repositories the user does not control, so the scan is careful:
- only regular `*.md` files are read: a FIFO or device named `x.md` would block
  or never end, so it is skipped with a warning;
- symlinked folders are not followed (no loops, no docs counted twice) and a
  symlinked doc is read only when it resolves inside the spec folder;
- a path that holds control characters or bytes that are not UTF-8 is skipped
  (messages print paths: it could forge output, and cannot be written at all).
This module imports no parser: a run that changes nothing never needs one.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path
from typing import NamedTuple

from generator.diagnostics import Diagnostic

_BAD_NAME = "control characters or bytes that are not UTF-8 in the file name: skipped"


class DocFile(NamedTuple):  # a tuple: a run that changes nothing makes one per doc, 18k on orq
    rel: str  # relative to the spec folder, with /; unique, so DocFiles sort by it
    path: str
    size: int
    mtime_ns: int


def shown_path(rel: str) -> str:
    """The path as messages may print it: escaped if it holds control, format or undecodable characters."""
    if rel.isascii() and rel.isprintable():  # the common case, without a look at each character
        return rel
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in rel):
        return ascii(rel)[1:-1]
    return rel


def scan_docs(spec_dir: Path, warnings: list[Diagnostic]) -> list[DocFile]:
    """Every readable *.md below spec_dir, sorted by relative path; what is skipped gets a warning."""
    root = os.path.realpath(spec_dir)
    found: list[DocFile] = []
    pending = [(str(spec_dir), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            warnings.append(
                Diagnostic(prefix.rstrip("/") or ".", 1, f"cannot list folder ({exc.strerror or exc}): skipped")
            )
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            is_doc = name.endswith(".md")
            if shown_path(rel) != rel:
                if is_doc or entry.is_dir(follow_symlinks=False):
                    warnings.append(Diagnostic(shown_path(rel), 1, _BAD_NAME))
                continue
            if not is_doc and entry.is_file(follow_symlinks=False):
                continue  # another regular file: the folder's type says so, no stat needed
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                warnings.append(Diagnostic(rel, 1, f"cannot read ({exc.strerror or exc}): skipped"))
                continue
            if stat.S_ISDIR(info.st_mode):
                pending.append((entry.path, rel + "/"))
            elif not is_doc:
                if stat.S_ISLNK(info.st_mode) and os.path.isdir(entry.path):
                    warnings.append(Diagnostic(rel, 1, "symlinked folder not followed"))
            elif isinstance(doc := _doc(entry.path, rel, info, root), str):
                warnings.append(Diagnostic(rel, 1, f"{doc}: skipped"))
            else:
                found.append(doc)
    found.sort()
    return found


def _doc(path: str, rel: str, info: os.stat_result, root: str) -> DocFile | str:
    """The doc a `*.md` entry of the listing is, or why it is not read."""
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.path.realpath(path, strict=True)
            info = os.stat(target)
        except (OSError, RuntimeError):  # broken, or a loop of links
            return "symlink that leads nowhere (broken or a loop)"
        if target != root and not target.startswith(root + os.sep):
            return "symlink to a file outside the spec folder"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return DocFile(rel, path, info.st_size, info.st_mtime_ns)
