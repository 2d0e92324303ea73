"""`docmodels generate --watch`: regenerate when a doc or the config changes.

It polls the stat of every doc and of the pyproject.toml (no dependency, and the
same scan a run starts with): a change is waited on until the files hold still
for DEBOUNCE seconds (an editor saving, a `git checkout` rewriting a hundred
docs), then the packages whose docs changed run again through the same
incremental path as any run, and one line says what changed and what was written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import PackageConfig
from generator.diagnostics import Diagnostic

POLL = 0.5  # seconds between looks
DEBOUNCE = 0.3  # seconds the files must hold still


@dataclass(frozen=True)
class Snapshot:
    docs: dict[str, dict[str, tuple[int, int]]]  # package output -> doc -> (size, mtime)
    config: tuple[int, int] | None

    def changed_docs(self, other: Snapshot) -> dict[str, list[str]]:
        """Per package output, the docs added, removed or changed since `other`."""
        out = {}
        for package, docs in self.docs.items():
            before = other.docs.get(package, {})
            names = sorted(n for n in docs.keys() | before.keys() if docs.get(n) != before.get(n))
            if names:
                out[package] = names
        return out


def _stat(path: Path | None) -> tuple[int, int] | None:
    try:
        info = path.stat() if path is not None else None
    except OSError:
        return None
    return None if info is None else (info.st_size, info.st_mtime_ns)


def snapshot(packages: list[PackageConfig], config: Path | None) -> Snapshot:
    from generator.parse.scan import scan_docs

    docs = {}
    for package in packages:
        scanned = scan_docs(package.spec, []) if package.spec.is_dir() else []
        docs[str(package.output)] = {d.rel: (d.size, d.mtime_ns) for d in scanned}
    return Snapshot(docs, _stat(config))


def watch(
    packages: list[PackageConfig],
    last: Snapshot,
    load: Callable[[], list[PackageConfig]],
    config: Path | None,
    regenerate: Callable[[list[PackageConfig], dict[str, list[str]]], None],
    problem: Callable[[Exception], None],
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `regenerate` for the packages that changed since `last` (taken before the run that
    made the output as it is), until interrupted: KeyboardInterrupt comes out. `load` re-reads
    the config when it changed; errors go to `problem` and the watch goes on."""
    now = last  # `last` itself while nothing changed
    while True:
        sleep(POLL if now is last else DEBOUNCE)
        seen = snapshot(packages, config)
        if seen != now:  # changed, or still changing: look again until the files hold still
            now = seen
        elif now is not last:
            try:
                if now.config != last.config:
                    packages = load()
                    now = snapshot(packages, config)
                    regenerate(packages, {str(p.output): ["(configuration)"] for p in packages})
                else:
                    changed = now.changed_docs(last)
                    regenerate([p for p in packages if str(p.output) in changed], changed)
            except Exception as exc:  # noqa: BLE001 - a bad edit must not end the watch: report, keep watching
                problem(exc)
            last = now


def describe(changed: list[str], warnings: tuple[Diagnostic, ...]) -> str:
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return f"changed: {shown}" + (f"; {len(warnings)} warnings" if warnings else "")
