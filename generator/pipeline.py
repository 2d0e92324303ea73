"""One package run, start to end: check -> load -> resolve -> emit -> write -> stamp.

`run` is the library call the command line is a shell over. It owns what a run
remembers (generator/cache.py), and takes the shortest of three paths that give
the same bytes as a cold run:

- nothing changed: the docs and every output file have the stamps the last run
  recorded (size, mtime, inode, ctime), so nothing is read;
- only the descriptions or examples of some docs changed (their interface digest,
  generator/ir/codec.py, is the last run's): everything else resolves as it did,
  so those docs' definitions are the last run's with the new text, and only the
  modules that hold them and the JSON documents that embed them are rendered;
- otherwise the full path: every doc parsed (or reused from the cache when its
  content did not change), resolved, and each output file rendered only where its
  key (generator/emit/package.py) differs from the last run's or its file is not
  as the last run left it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import CACHE_FOLDER, Store, fingerprint
from generator.config import PackageConfig
from generator.diagnostics import Diagnostic, SpecError
from generator.parallel import run_groups

# The cache's entries: the stamps (all a no-op run reads), the parsed docs, what the fast
# path needs to find and re-render a doc's outputs, and each module's resolved definitions.
STATE, PARSED, MEMORY, MODULES = "state.json", "parsed.json", "memory.json", "modules"
MODULE_SHARDS = 16  # files the MODULES entries are spread over: a few to write, one or two to read
SPARE = "spare"  # the output before last: see files.write_output
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

    @property
    def stale(self) -> bool:
        return bool(self.written or self.removed)


def check_locations(config: PackageConfig) -> None:
    """The output folder is replaced whole: it must not hold the specs, the project or a cache."""
    spec, out, cwd = config.spec.resolve(), config.output.resolve(), Path.cwd().resolve()
    where, line = (config.origin, config.line) if config.origin != "<command line>" else (str(config.output), 1)
    refusals = [
        (out == spec or spec in out.parents, f"is inside the spec folder {config.spec}: choose another"),
        (out in spec.parents, f"contains the spec folder {config.spec}: choose another"),
        (CACHE_FOLDER in out.parts, f"is inside a {CACHE_FOLDER} folder, which docmodels may delete: choose another"),
        (
            out == cwd or out in cwd.parents or out == Path(out.anchor),
            "contains the current folder: choose a folder of its own",
        ),
    ]
    for refused, why in refusals:
        if refused:
            raise SpecError(where, line, f"output folder {config.output} {why}")
    if os.path.lexists(out) and not out.is_dir():
        raise SpecError(where, line, f"output path {config.output} exists and is not a folder")


def _stamp(folder: Path, rel: str) -> list[int] | None:
    """What says a file is as a run left it: size, mtime, inode, ctime (which no one can set)."""
    try:
        info = os.lstat(f"{folder}/{rel}")  # strings, not paths: a run stamps tens of thousands of files
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


def package_name(spec_dir: Path) -> str:
    return re.sub(r"\W+", "_", spec_dir.resolve().name) or "spec"


@dataclass
class _Run:
    config: PackageConfig
    store: Store
    tag: str
    progress: Callable[[str], None]
    warnings: list[Diagnostic] = field(default_factory=list)

    def spec_path(self, diagnostic: Diagnostic) -> Diagnostic:
        """Paths inside the pipeline are relative to the spec folder; users want them whole."""
        return Diagnostic(str(self.config.spec / diagnostic.path), diagnostic.line, diagnostic.message)


@dataclass
class _Result:
    """What a path produced: the files to write (text) and keep, and what to remember."""

    texts: dict[str, str]
    kept: list[str]
    keys: dict[str, str]  # every output file's key ("" where the next run must render it)
    parse_warnings: dict[str, list[Any]]  # per doc, as in the cache
    other_warnings: list[Diagnostic]  # resolve's and the config's
    memory: dict[str, Any] | None  # MEMORY, where it changed
    parsed_cache: dict[str, Any] | None  # PARSED, where it changed
    modules_cache: dict[str, str]  # MODULES shards to write (JSON text): module -> its encoded definitions
    full: bool  # every shard is in modules_cache (the others in the cache are stale)


def run(
    config: PackageConfig,
    check: bool = False,
    show_diff: bool = False,
    progress: Callable[[str], None] = lambda step: None,
) -> Outcome:
    """Generate (or with `check`, compare) one package; SpecError for bad input, with the
    warnings made before it."""
    check_locations(config)
    if not config.spec.is_dir():
        raise SpecError(str(config.spec), 1, "spec folder does not exist")
    tag = fingerprint(config.mode)
    job = _Run(config, Store(config.output, tag), tag, progress)
    if (problem := job.store.warning()) is not None:
        job.warnings.append(Diagnostic(str(job.store.folder), 1, problem))
    try:
        with _no_gc():
            return _run(job, check, show_diff)
    except SpecError as exc:
        raise exc.with_warnings(job.warnings) from None


def _run(job: _Run, check: bool, show_diff: bool) -> Outcome:
    from generator.parse.scan import scan_docs

    state = job.store.load(STATE)
    state = state if isinstance(state, dict) and state.get("spec") == str(job.config.spec.resolve()) else {}
    scan_warnings: list[Diagnostic] = []
    docs = scan_docs(job.config.spec, scan_warnings)
    current = _unchanged(job, state, docs)
    if current is not None:
        job.progress("generated")
        return current
    job.warnings.extend(job.spec_path(w) for w in scan_warnings)
    fresh: dict[str, Any] = {}  # docs the fast path parsed, for the full path to reuse if it declines
    result = _fast(job, state, docs, fresh) if not check else None
    if result is None:
        result = _full(job, state, docs, fresh)
    for rel, notes in sorted(result.parse_warnings.items()):
        job.warnings.extend(Diagnostic(str(job.config.spec / rel), line, message) for line, message in notes)
    job.warnings.extend(result.other_warnings)
    job.progress("generated")
    return _write(job, result, docs, check, show_diff)


# --- nothing changed -----------------------------------------------------------------------


def _unchanged(job: _Run, state: dict[str, Any], docs: list[Any]) -> Outcome | None:
    """An Outcome if the stamps show the docs and the output as the last run left them."""
    try:
        if state.get("docs") != {d.rel: [d.size, d.mtime_ns] for d in docs}:
            return None
        outputs: dict[str, list[Any]] = state["outputs"]
        for rel, (_, *stamp) in outputs.items():
            if _stamp(job.config.output, rel) != stamp:
                return None
        warnings = [Diagnostic(str(p), int(n), str(m)) for p, n, m in state["warnings"]]
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    job.warnings.extend(warnings)
    return Outcome(job.config.output, unchanged=len(outputs), warnings=tuple(job.warnings))


# --- the full path -------------------------------------------------------------------------


def _full(job: _Run, state: dict[str, Any], docs: list[Any], fresh: dict[str, Any]) -> _Result:
    from generator.emit.interface import interface_of
    from generator.emit.package import encode_all, package_files
    from generator.parse.loader import load_docs
    from generator.resolve.modules import reference_graph

    config = job.config
    cached = job.store.load(PARSED)
    previous = (
        cached.get("docs", {}) if isinstance(cached, dict) and cached.get("spec") == str(config.spec.resolve()) else {}
    )
    previous = previous if isinstance(previous, dict) else {}
    try:
        parsed = load_docs(docs, {**previous, **{rel: entry.encode() for rel, entry in fresh.items()}})
    except SpecError as exc:
        raise SpecError(*_located(job, exc.diagnostic)) from None
    parse_warnings: dict[str, list[Any]] = {
        p.rel: [[w.line, w.message] for w in p.warnings] for p in parsed if p.warnings
    }
    definitions = [d for entry in parsed for d in entry.definitions]
    if not definitions:
        job.warnings.extend(
            job.spec_path(Diagnostic(rel, int(line), str(message)))
            for rel, notes in parse_warnings.items()
            for line, message in notes
        )
        raise SpecError(
            str(config.spec),
            1,
            "no model docs found (Markdown files with a '# Title' and a Fields, Values or Supported Types section)",
        )
    other_warnings: list[Diagnostic] = []
    package = _resolve(job, definitions, other_warnings)
    encoded = encode_all(list(package.definitions))
    files = package_files(package, config.mode, job.tag, encoded)
    outputs = state.get("outputs", {}) if isinstance(state.get("outputs"), dict) else {}
    kept, to_render = [], []
    for f in files:
        old = outputs.get(f.path)
        if isinstance(old, list) and old[:1] == [f.key] and _stamp(config.output, f.path) == old[1:]:
            kept.append(f.path)
        else:
            to_render.append(f)
    texts = _render(to_render)
    # What the fast path of a later run needs: where each doc's definitions went, who names whom.
    by_doc: dict[str, list[str]] = {}
    for d in definitions:
        by_doc.setdefault(d.source.path, [])
    resolved = {d.py_name: d for d in package.definitions}
    titles = {(d.source.path, d.title): d.py_name for d in package.definitions}
    for d in definitions:  # in parse order: the order with_content pairs them up in
        if (d.source.path, d.title) in titles:
            by_doc[d.source.path].append(titles[(d.source.path, d.title)])
    referrers: dict[str, list[str]] = {}
    for name, targets in reference_graph(list(package.definitions)).items():
        for target in targets:
            referrers.setdefault(target, []).append(name)
    from generator.ir import codec

    memory = {
        "package": package.name,
        "interfaces": {p.rel: p.interface for p in parsed},
        "doc_defs": by_doc,
        "referrers": referrers,
        "exports": {name: codec.encode_node(interface_of(d)) for name, d in resolved.items()},
    }
    shards: dict[str, dict[str, list[str]]] = {}  # shard -> module -> its definitions' JSON (encode_all's)
    for d in package.definitions:
        shards.setdefault(_shard(d.module), {}).setdefault(d.module, []).append(encoded[d.py_name])
    modules = {
        shard: "{" + ",".join(f"{json.dumps(m)}:[{','.join(defs)}]" for m, defs in by_module.items()) + "}"
        for shard, by_module in shards.items()
    }
    parsed_cache = {
        "spec": str(config.spec.resolve()),
        "docs": {p.rel: _reused(previous.get(p.rel), p) for p in parsed},
    }
    return _Result(
        texts,
        kept,
        {f.path: f.key for f in files},
        parse_warnings,
        other_warnings,
        memory,
        parsed_cache,
        modules,
        full=True,
    )


def _shard(module: str) -> str:
    """The MODULES entry that holds a module's definitions."""
    return f"{MODULES}/{zlib.crc32(module.encode('utf-8', 'surrogatepass')) % MODULE_SHARDS:02d}.json"


def _reused(old: Any, entry: Any) -> Any:
    """The cache entry of a doc: the last run's where nothing about it changed (no re-encoding)."""
    if (
        isinstance(old, list)
        and len(old) == 7
        and old[:5] == [entry.rel, entry.size, entry.mtime_ns, entry.digest, entry.interface]
    ):
        return old
    return entry.encode()


def _resolve(job: _Run, definitions: list[Any], warnings: list[Diagnostic]) -> Any:
    from generator.resolve import resolve
    from generator.resolve.overrides import apply_overrides
    from generator.resolve.select import unknown_titles

    mode = job.config.mode
    unknown = unknown_titles(definitions, mode.select)
    if unknown:
        raise SpecError(
            job.config.origin,
            job.config.line,
            f"select names {unknown[0]!r}, which no doc of {job.config.spec} defines",
        )
    definitions = apply_overrides(definitions, mode.overrides, warnings)  # their messages name the config
    try:
        package, resolve_warnings = resolve(package_name(job.config.spec), definitions, mode)
    except SpecError as exc:
        raise SpecError(*_located(job, exc.diagnostic)) from None
    warnings.extend(job.spec_path(w) for w in resolve_warnings)
    return package


def _located(job: _Run, d: Diagnostic) -> tuple[str, int, str]:
    located = job.spec_path(d)
    return located.path, located.line, located.message


def _render(files: list[Any]) -> dict[str, str]:
    """Every file's text, on both cores where there are enough of them."""
    if len(files) < PARALLEL_MIN_FILES:
        return {f.path: f.render() for f in files}

    def render(group: list[Any]) -> dict[str, str]:
        return {f.path: f.render() for f in group}

    texts: dict[str, str] = {}
    for part in run_groups(render, [files[0::2], files[1::2]]):
        texts.update(part)
    return texts


# --- the fast path: only descriptions and examples changed --------------------------------


def _fast(job: _Run, state: dict[str, Any], docs: list[Any], fresh: dict[str, Any]) -> _Result | None:
    """The result of an edit that keeps every doc's interface, or None: take the full path."""
    from generator.parse.loader import parse_docs

    memory = job.store.load(MEMORY)
    old_docs = state.get("docs")
    outputs = state.get("outputs")
    if not (isinstance(memory, dict) and isinstance(old_docs, dict) and isinstance(outputs, dict)):
        return None
    if set(old_docs) != {d.rel for d in docs} or job.config.mode.templates_dir:
        return None
    changed = [d for d in docs if old_docs[d.rel] != [d.size, d.mtime_ns]]
    try:
        parsed = parse_docs(changed)
    except SpecError:
        return None  # the full path reports it, with everything else it finds
    fresh.update((entry.rel, entry) for entry in parsed)
    try:
        if any(p.interface != memory["interfaces"][p.rel] for p in parsed):
            return None
        return _patch(job, state, memory, outputs, parsed)
    except (KeyError, TypeError, ValueError, IndexError, OSError):
        return None  # a cache that does not hold what it should: the full path


def _patch(
    job: _Run, state: dict[str, Any], memory: dict[str, Any], outputs: dict[str, Any], parsed: list[Any]
) -> _Result | None:
    from generator.emit.interface import Interface
    from generator.emit.package import Emitter, json_path, module_path
    from generator.emit.registry import JSON_TARGET, PYTHON_TARGETS
    from generator.files import MANIFEST, read_regular
    from generator.graph import reachable
    from generator.ir import codec

    config, out = job.config, job.config.output
    fresh = {}  # py_name -> the new definition
    for entry in parsed:
        names = memory["doc_defs"][entry.rel]
        if len(names) != len(entry.definitions):
            return None
        for name, new in zip(names, entry.definitions):
            fresh[name] = new
    interfaces = _Decoded(memory["exports"], lambda x: codec.decode_node(Interface, x))  # a module reads a few of 10^4
    touched: dict[str, list[Any]] = {}  # module -> its definitions, the changed ones new
    shards: dict[str, dict[str, Any]] = {}
    for name in fresh:
        module = interfaces[name].module
        if module not in touched:
            shard = shards.setdefault(_shard(module), job.store.load(_shard(module)))
            if not isinstance(shard, dict) or not isinstance(shard.get(module), list):
                return None
            touched[module] = [codec.decode(d) for d in shard[module]]
    changed = {}
    for module, members in touched.items():
        for i, d in enumerate(members):
            if d.py_name in fresh:
                members[i] = changed[d.py_name] = codec.with_content(d, fresh[d.py_name])
        shards[_shard(module)][module] = [codec.encode(d) for d in members]
    modules = {shard: json.dumps(value, separators=(",", ":")) for shard, value in shards.items()}
    emitter = Emitter(memory["package"], None)
    texts: dict[str, str] = {}
    for target in config.mode.targets:
        if target in PYTHON_TARGETS:
            for module, members in touched.items():
                texts[module_path(PYTHON_TARGETS[target], module)] = emitter.python_module(
                    PYTHON_TARGETS[target], module, members, interfaces
                )
    if JSON_TARGET in config.mode.targets:
        from generator.emit.jsonschema import definition_schema

        for root in sorted(reachable(changed, memory["referrers"])):
            path = json_path(root)
            old = outputs.get(path)
            if not isinstance(old, list) or _stamp(out, path) != old[1:]:
                return None
            document = json.loads(read_regular(out / path) or "")  # ValueError if it is not one: the full path
            for name, definition in changed.items():
                if name == root:
                    defs = document.pop("$defs", None)
                    document = {"$schema": document["$schema"], **definition_schema(definition, root, interfaces)}
                    if defs is not None:
                        document["$defs"] = defs
                elif name in document.get("$defs", {}):
                    document["$defs"][name] = definition_schema(definition, root, interfaces)
            texts[path] = emitter.json_document(root, document)
    kept = []
    for rel, (_, *stamp) in outputs.items():
        if rel in texts or rel == MANIFEST:
            continue
        if _stamp(out, rel) != stamp:
            return None  # a file not as the last run left it: the full path renders it
        kept.append(rel)
    keys = {rel: ("" if rel in texts else value[0]) for rel, value in outputs.items() if rel != MANIFEST}
    parse_warnings = {k: v for k, v in state["parse_warnings"].items()}
    for entry in parsed:
        parse_warnings.pop(entry.rel, None)
        if entry.warnings:
            parse_warnings[entry.rel] = [[w.line, w.message] for w in entry.warnings]
    other = [Diagnostic(str(p), int(n), str(m)) for p, n, m in state["other_warnings"]]
    if {w.path for w in other} & {str(config.spec / entry.rel) for entry in parsed}:
        return None  # resolve warned about the doc, at lines the edit may have moved
    # The parsed cache keeps the doc's old entry: a later full run parses it again (one doc).
    return _Result(texts, kept, keys, parse_warnings, other, None, None, modules, full=False)


class _Decoded(Mapping[str, Any]):
    """A mapping of cached entries, each decoded on first use."""

    def __init__(self, raw: dict[str, Any], decode: Callable[[Any], Any]) -> None:
        self.raw, self.decode, self.done = raw, decode, dict[str, Any]()

    def __getitem__(self, name: str) -> Any:
        if name not in self.done:
            self.done[name] = self.decode(self.raw[name])
        return self.done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


# --- writing and remembering ---------------------------------------------------------------


def _write(job: _Run, result: _Result, docs: list[Any], check: bool, show_diff: bool) -> Outcome:
    from generator.emit.common import GENERATED_MARK
    from generator.files import MANIFEST, plan_output, unified_diff, write_output

    out = job.config.output
    if check:
        plan = plan_output(out, result.texts, result.kept)
        job.progress("checked")
        diff = unified_diff(out, result.texts, result.kept, plan) if show_diff and plan.stale else ""
        return Outcome(out, plan.write, plan.remove, len(plan.unchanged), tuple(job.warnings), diff)
    spare = job.store.private_folder(SPARE)
    plan, warnings = write_output(out, result.texts, result.kept, GENERATED_MARK, spare)
    job.warnings.extend(warnings)
    job.progress("written")
    outcome = Outcome(out, plan.write, plan.remove, len(plan.unchanged), tuple(job.warnings))
    # What the next run needs to skip work: stamps of what is on disk now, and the rest.
    if result.parsed_cache is not None:
        job.store.save(PARSED, result.parsed_cache)
    if result.memory is not None:
        job.store.save(MEMORY, result.memory)
    for shard, text in result.modules_cache.items():
        job.store.save_text(shard, text)
    if result.full:
        for stale in {f"{MODULES}/{name}" for name in job.store.names(MODULES)} - set(result.modules_cache):
            job.store.forget(stale)
    outputs = {}
    for rel in [*result.keys, MANIFEST]:
        stamp = _stamp(out, rel)
        if stamp is None:
            job.store.forget(STATE)
            return outcome  # the output changed under us: no stamps, the next run does the work
        outputs[rel] = [result.keys.get(rel, ""), *stamp]
    job.store.save(
        STATE,
        {
            "spec": str(job.config.spec.resolve()),
            "docs": {d.rel: [d.size, d.mtime_ns] for d in docs},
            "outputs": outputs,
            "warnings": [[w.path, w.line, w.message] for w in outcome.warnings],
            "parse_warnings": result.parse_warnings,
            "other_warnings": [[w.path, w.line, w.message] for w in result.other_warnings],
        },
    )
    return outcome
