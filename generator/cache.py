"""What a run may reuse from the previous one, kept beside the output.

The cache of OUT lives in OUT's parent folder, in `.docmodels-cache/<OUT's name>/`:
outside the generated package (so `--check` and the manifest never see it),
git-ignored (by a .gitignore of its own), and safe to delete at any time (the
next run is a cold one).

Every file in it is tagged with a fingerprint of the generator (its source,
templates, the Python and black versions) and the run's Mode: anything made
by another generator or with other settings is ignored, never trusted.
Files are replaced atomically, so an interrupted run leaves the old ones.
They are pickles, so they are trusted as much as the project folder they sit in.

What is kept: per doc, its parsed definitions (reused while its stat or content
is unchanged); per Python module, the layout memo; per JSON document, its text;
how long each target took (to share the work between the two processes); and
stamp.json, the state after the last run that wrote the output (see
generator.pipeline.output_is_current).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from generator.mode import Mode

CACHE_FOLDER = ".docmodels-cache"
_FORMAT = 1  # bump when the layout of cache files changes


def cache_dir(out_dir: Path) -> Path:
    out = Path(os.path.abspath(out_dir))
    return out.parent / CACHE_FOLDER / out.name


def make_cache_dir(out_dir: Path) -> Path:
    """The cache folder, created with a .gitignore of its own (as .pytest_cache has), so that
    `git add -A` in a project that does not ignore it still leaves it out."""
    folder = cache_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by docmodels: a cache, safe to delete.\n*\n", encoding="utf-8")
    return folder


def fingerprint(mode: Mode) -> str:
    """The generator (source and templates), the Python and black it runs on, and the Mode."""
    digest = hashlib.sha256(f"{_FORMAT}|{sys.version}|{mode!r}".encode())
    package = Path(__file__).resolve().parent
    roots = [package, package.parent / "templates", package / "templates"]
    if mode.templates_dir:
        roots.append(Path(mode.templates_dir))
    for root in roots:
        for path in sorted(_files(root)):
            digest.update(str(path.relative_to(root)).encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
    black = importlib.util.find_spec("black")
    if black is not None and black.origin:
        stat = os.stat(black.origin)
        digest.update(f"black|{black.origin}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        found.extend(Path(folder) / n for n in names if n.endswith((".py", ".jinja")))
    return found


class Store:
    """Load and save named entries of one output folder's cache."""

    def __init__(self, out_dir: Path, tag: str) -> None:
        self.out_dir = out_dir
        self.folder = cache_dir(out_dir)
        self.tag = tag  # the fingerprint: entries made under another one are ignored

    def load(self, name: str) -> Any:
        try:
            with open(self.folder / name, "rb") as fh:
                tag, value = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a missing, partial or foreign cache file is no cache
            return None
        return value if tag == self.tag else None

    def save(self, name: str, value: Any) -> None:
        """Write atomically; a cache that cannot be written is only a slower next run."""
        try:
            make_cache_dir(self.out_dir)
            temp = self.folder / f".{name}.{os.getpid()}.tmp"
            with open(temp, "wb") as fh:
                pickle.dump((self.tag, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.folder / name)
        except OSError:
            pass

    def forget(self, name: str) -> None:
        try:
            (self.folder / name).unlink()
        except OSError:
            pass
