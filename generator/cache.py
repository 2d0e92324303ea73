"""The cache beside an output folder: JSON entries that can make a run faster and nothing else.

`<output's parent>/.docmodels-cache/<output name>/` holds what the last run
learned: the parsed docs, the key and stamp of every file written, the warnings.
It is read back, so it is held to what can be trusted:

- JSON only (never pickle): reading it runs no code;
- each entry carries the format version and the generator's fingerprint (its
  source, templates, Python and settings) and is ignored under any other;
- the folder and its files must belong to the user running docmodels and be
  writable by no one else, or the cache is ignored with a warning (another user
  on a shared /tmp cannot plant entries);
- any unreadable or malformed entry is a miss; a write goes to a temporary file
  renamed into place, and the temporary file goes on any failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from generator.mode import Mode

CACHE_FOLDER = ".docmodels-cache"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
FORMAT = 4  # bump when the layout of cache entries changes


def cache_dir(out_dir: Path) -> Path:
    out = Path(os.path.abspath(out_dir))
    return out.parent / CACHE_FOLDER / out.name


def fingerprint(mode: Mode) -> str:
    """The generator (source and templates), the Python it runs on, and the Mode."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{mode!r}".encode())
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
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        found.extend(Path(folder) / n for n in names if n.endswith((".py", ".jinja")))
    return found


def _trusted(path: Path) -> str | None:
    """Why a cache path must not be trusted, or None (a missing path is fine: nothing to read)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symlink"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others may write to it"
    return None


class Store:
    """Named JSON entries of one output folder's cache."""

    def __init__(self, out_dir: Path, tag: str) -> None:
        self.folder = cache_dir(out_dir)
        self.tag = tag  # the fingerprint: entries made under another one are ignored
        self.problem = next((why for why in (_trusted(self.folder.parent), _trusted(self.folder)) if why), None)

    @property
    def usable(self) -> bool:
        return self.problem is None

    def warning(self) -> str | None:
        if self.problem is None:
            return None
        return f"cache ignored: {self.problem} (delete {self.folder} or fix its owner and mode)"

    def load(self, name: str) -> Any:
        """The entry's value, or None: missing, foreign, untrusted or malformed are all a miss."""
        if not self.usable:
            return None
        path = self.folder / name
        if _trusted(path) is not None or _trusted(path.parent) is not None:
            return None
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprint") != self.tag:
            return None
        return data.get("value")

    def save(self, name: str, value: Any) -> None:
        """Write atomically; a cache that cannot be written is only a slower next run."""
        self.save_text(name, json.dumps(value, separators=(",", ":")))

    def save_text(self, name: str, value: str) -> None:
        """save() of a value given as its JSON text (parts of it may have been encoded before)."""
        if not self.usable:
            return
        target = self.folder / name
        temp = target.parent / f".{target.name}.{os.getpid()}.tmp"
        try:
            self._make_folder()
            if target.parent != self.folder:
                target.parent.mkdir(mode=0o700, exist_ok=True)
            text = f'{{"format":{FORMAT},"fingerprint":{json.dumps(self.tag)},"value":{value}}}'
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(temp, target)
        except (OSError, ValueError):
            try:
                temp.unlink()
            except OSError:
                pass

    def private_folder(self, name: str) -> Path | None:
        """Where the run may keep a folder of its own in the cache (None: no usable cache)."""
        if not self.usable:
            return None
        try:
            self._make_folder()
        except OSError:
            return None
        return self.folder / name

    def names(self, folder: str) -> list[str]:
        """The entries saved under a subfolder of the cache."""
        try:
            return sorted(p.name for p in (self.folder / folder).iterdir() if not p.name.startswith("."))
        except OSError:
            return []

    def forget(self, name: str) -> None:
        try:
            (self.folder / name).unlink()
        except OSError:
            pass

    def _make_folder(self) -> None:
        """The cache folder, private to the user, with a .gitignore of its own (as .pytest_cache
        has), so that `git add -A` in a project that does not ignore it leaves it out."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:  # never through a link: O_EXCL fails on any existing name, a dangling symlink included
            fd = os.open(self.folder.parent / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        except FileExistsError:
            return
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("# Created by docmodels: a cache, safe to delete.\n*\n")
