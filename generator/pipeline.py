"""One package run, start to end: check -> load -> resolve -> emit -> write -> stamp.

`run` is the library call the command line is a shell over. It owns what a run
remembers (generator/cache.py): when neither the docs, nor the generator and
its settings, nor the output changed since the last run, the stamps say so and
nothing is read; otherwise docs whose content did not change are not parsed
again, and output files whose inputs did not change (their key, see
generator/emit/package.py) and which are on disk as the last run left them are
neither rendered nor written. The result is byte-identical to a cold run.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import CACHE_FOLDER, Store, fingerprint
from generator.config import PackageConfig
from generator.diagnostics import Diagnostic, SpecError
from generator.parallel import run_groups

STATE, PARSED = "state.json", "parsed.json"
# Below this many files to render, a worker process costs more than it saves.
PARALLEL_MIN_FILES = 40


@dataclass(frozen=True)
class Outcome:
    output: Path
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    warnings: tuple[Diagnostic, ...] = ()
    diff: str = ""  # with check and show_diff: what would change
    docs_changed: tuple[str, ...] = ()  # docs read again (not reused), for --watch

    @property
    def stale(self) -> bool:
        return bool(self.written or self.removed)


def check_locations(config: PackageConfig) -> None:
    """The output folder is replaced whole: it must not hold the specs, the project or a cache."""
    spec, out = config.spec.resolve(), config.output.resolve()
    where, line = (config.origin, config.line) if config.origin != "<command line>" else (str(config.output), 1)
    if out == spec or spec in out.parents:
        raise SpecError(where, line, f"output folder {config.output} is inside the spec folder {config.spec}: choose another")
    if out in spec.parents:
        raise SpecError(where, line, f"output folder {config.output} contains the spec folder {config.spec}: choose another")
    if any(part == CACHE_FOLDER for part in out.parts):
        raise SpecError(where, line, f"output folder {config.output} is inside a {CACHE_FOLDER} folder, which docmodels "
                        "may delete: choose another")
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents or out == Path(out.anchor):
        raise SpecError(where, line, f"output folder {config.output} contains the current folder: choose a folder of its own")
    if os.path.lexists(out) and not out.is_dir():
        raise SpecError(where, line, f"output path {config.output} exists and is not a folder")


def _stamp(path: Path) -> list[int] | None:
    """What says a file is as a run left it: size, mtime, inode, ctime (which no one can set)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


@contextmanager
def _no_gc() -> Iterator[None]:
    """The IR is a few hundred thousand immutable objects that never form cycles: the
    cyclic collector would only scan them again and again (a third of a cold run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Run:
    config: PackageConfig
    progress: Callable[[str], None]
    warnings: list[Diagnostic] = field(default_factory=list)
    parsed_cache: dict[str, Any] = field(default_factory=dict)  # what to save as PARSED
    keys: dict[str, str] = field(default_factory=dict)  # each output file's key

    def spec_path(self, diagnostic: Diagnostic) -> Diagnostic:
        """Paths inside the pipeline are relative to the spec folder; users want them whole."""
        return Diagnostic(str(self.config.spec / diagnostic.path), diagnostic.line, diagnostic.message)


def run(config: PackageConfig, check: bool = False, show_diff: bool = False,
        progress: Callable[[str], None] = lambda step: None) -> Outcome:
    """Generate (or with `check`, compare) one package; SpecError for bad input, with the
    warnings made before it."""
    job = _Run(config, progress)
    try:
        with _no_gc():
            return _run(job, check, show_diff)
    except SpecError as exc:
        raise exc.with_warnings(job.warnings) from None


def _run(job: _Run, check: bool, show_diff: bool) -> Outcome:
    from generator.parse.loader import scan_docs

    config = job.config
    check_locations(config)
    if not config.spec.is_dir():
        raise SpecError(str(config.spec), 1, "spec folder does not exist")
    tag = fingerprint(config.mode)
    store = Store(config.output, tag)
    if (problem := store.warning()) is not None:
        job.warnings.append(Diagnostic(str(store.folder), 1, problem))
    state = store.load(STATE)
    scan_warnings: list[Diagnostic] = []
    docs = scan_docs(config.spec, scan_warnings)
    current = _unchanged(state, config, docs)
    if current is not None:  # nothing changed since the last run wrote it: no work
        job.warnings.extend(current.warnings)
        job.progress("generated")
        return current
    definitions = _load(job, store, docs, scan_warnings)
    package = _resolve(job, definitions)
    job.progress("generated")
    outcome = _emit(job, package, tag, state, check, show_diff)
    if not check:
        _remember(job, store, docs, outcome)
    return outcome


def _unchanged(state: Any, config: PackageConfig, docs: list[Any]) -> Outcome | None:
    """An Outcome if the stamps show the docs and the output as the last run left them."""
    try:
        if state["spec"] != str(config.spec.resolve()):
            return None
        if state["docs"] != {d.rel: [d.size, d.mtime_ns] for d in docs}:
            return None
        outputs: dict[str, list[Any]] = state["outputs"]
        for rel, (_, *stamp) in outputs.items():
            if _stamp(config.output / rel) != stamp:
                return None
        warnings = tuple(Diagnostic(str(p), int(n), str(m)) for p, n, m in state["warnings"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return Outcome(config.output, unchanged=len(outputs), warnings=warnings)


def _load(job: _Run, store: Store, docs: list[Any], scan_warnings: list[Diagnostic]) -> list[Any]:
    from generator.parse.loader import load_docs

    cached = store.load(PARSED)
    previous = cached.get("docs", {}) if isinstance(cached, dict) and cached.get("spec") == str(job.config.spec.resolve()) else {}
    job.warnings.extend(job.spec_path(w) for w in scan_warnings)
    try:
        parsed = load_docs(docs, previous if isinstance(previous, dict) else {})
    except SpecError as exc:
        d = exc.diagnostic
        raise SpecError(str(job.config.spec / d.path), d.line, d.message) from None
    for entry in parsed:
        job.warnings.extend(job.spec_path(w) for w in entry.warnings)
    definitions = [d for entry in parsed for d in entry.definitions]
    if not definitions:
        raise SpecError(str(job.config.spec), 1, "no model docs found (Markdown files with a '# Title' and a Fields, "
                        "Values or Supported Types section)")
    job.parsed_cache = {"spec": str(job.config.spec.resolve()), "docs": {p.rel: p.encode() for p in parsed}}
    return definitions


def _resolve(job: _Run, definitions: list[Any]) -> Any:
    from generator.resolve import resolve
    from generator.resolve.select import unknown_titles

    mode = job.config.mode
    unknown = unknown_titles(definitions, mode.select)
    if unknown:
        raise SpecError(job.config.origin, job.config.line,
                        f"select names {unknown[0]!r}, which no doc of {job.config.spec} defines")
    try:
        package, warnings = resolve(_package_name(job.config.spec), definitions, mode)
    except SpecError as exc:
        raise SpecError(*_located(job, exc.diagnostic)) from None
    job.warnings.extend(job.spec_path(w) for w in warnings)
    return package


def _located(job: _Run, d: Diagnostic) -> tuple[str, int, str]:
    located = job.spec_path(d)
    return located.path, located.line, located.message


def _package_name(spec_dir: Path) -> str:
    import re

    return re.sub(r"\W+", "_", spec_dir.resolve().name) or "spec"


def _emit(job: _Run, package: Any, tag: str, state: Any, check: bool, show_diff: bool) -> Outcome:
    from generator.emit.common import GENERATED_MARK
    from generator.emit.package import package_files
    from generator.files import plan_output, unified_diff, write_output

    out = job.config.output
    files = package_files(package, job.config.mode, tag)
    previous: dict[str, Any] = {}
    if isinstance(state, dict) and isinstance(state.get("outputs"), dict):
        previous = state["outputs"]
    kept = []
    to_render = []
    for f in files:
        old = previous.get(f.path)
        if isinstance(old, list) and old[:1] == [f.key] and _stamp(out / f.path) == old[1:]:
            kept.append(f.path)
        else:
            to_render.append(f)
    texts = _render(to_render)
    job.keys = {f.path: f.key for f in files}
    if check:
        plan = plan_output(out, texts, kept)
        job.progress("checked")
        diff = unified_diff(out, texts, kept, plan) if show_diff and plan.stale else ""
        return Outcome(out, plan.write, plan.remove, len(plan.unchanged), tuple(job.warnings), diff)
    plan, warnings = write_output(out, texts, kept, GENERATED_MARK)
    job.warnings.extend(warnings)
    job.progress("written")
    return Outcome(out, plan.write, plan.remove, len(plan.unchanged), tuple(job.warnings))


def _render(files: list[Any]) -> dict[str, str]:
    """Every file's text, on both cores where there are enough of them."""
    if len(files) < PARALLEL_MIN_FILES:
        return {f.path: f.render() for f in files}
    halves = [files[0::2], files[1::2]]

    def render(group: list[Any]) -> dict[str, str]:
        return {f.path: f.render() for f in group}

    texts: dict[str, str] = {}
    for part in run_groups(render, halves):
        texts.update(part)
    return texts


def _remember(job: _Run, store: Store, docs: list[Any], outcome: Outcome) -> None:
    """After a run wrote the output: what the next run needs to skip work."""
    from generator.files import MANIFEST

    config = job.config
    store.save(PARSED, job.parsed_cache)
    outputs = {}
    for rel in [*job.keys, MANIFEST]:
        stamp = _stamp(config.output / rel)
        if stamp is None:
            return  # the output changed under us: no stamps, the next run does the work
        outputs[rel] = [job.keys.get(rel, ""), *stamp]
    store.save(STATE, {
        "spec": str(config.spec.resolve()),
        "docs": {d.rel: [d.size, d.mtime_ns] for d in docs},
        "outputs": outputs,
        "warnings": [[w.path, w.line, w.message] for w in outcome.warnings],
    })
