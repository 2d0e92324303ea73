"""Incremental runs: the same output as a cold run, doing only the work a change needs.

A run reuses the cache the previous one left beside the output folder
(`<parent>/.docmodels-cache/<name>/`): these tests compare every incremental
result with a cold run (no cache) byte for byte, after editing, adding and
removing docs, and check what is not redone and what is never touched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest

from tests.conftest import fresh_files, run_docmodels

CORPUS = "atoma-python"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def spec(corpus_root, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A writable copy of a small corpus's docs."""
    target = tmp_path / "specs" / "models"
    shutil.copytree(corpus_root(CORPUS) / "docs" / "models", target)
    return target


def _generate(spec: Path, out: Path, *extra: str) -> str:
    result = run_docmodels("generate", spec, "-o", out, *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _cold(spec: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A run from nothing: a fresh folder, so no cache either."""
    out = tmp_path / name / "out"
    _generate(spec, out)
    return _tree(out)


def _a_doc_with_description(spec: Path, unreferenced: bool = False) -> Path:
    """A model doc with fields; with `unreferenced`, one no other doc names (so removing it removes its output)."""
    docs = sorted(spec.rglob("*.md"))
    texts = {doc: doc.read_text(encoding="utf-8") for doc in docs}
    for doc, text in texts.items():
        title = text.split("\n", 1)[0][2:].strip()
        named = any(title in other for path, other in texts.items() if path != doc)
        if "## Fields" in text and text.count("\n") > 8 and not (unreferenced and named):
            return doc
    raise AssertionError("no such model doc")


@pytest.mark.slow
def test_a_second_run_with_nothing_changed_rewrites_nothing(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    before = _stamps(out)
    summary = _generate(spec, out)
    assert "0 written, 0 removed" in summary
    assert _stamps(out) == before
    assert (tmp_path / "work" / ".docmodels-cache" / "out").is_dir()


def test_a_run_with_nothing_changed_imports_no_parser_or_template_engine(spec: Path, tmp_path: Path) -> None:
    """It reads stamps only: importing markdown-it-py and Jinja costs more than the whole check."""
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    result = run_docmodels("-X", "importtime", "-m", "generator", "generate", spec, "-o", out, python_options=True)
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "generator.cli" in imported  # -X importtime did list the imports
    assert not {"markdown_it", "jinja2", "generator.parse.document", "generator.emit.package"} & imported
    assert "0 written, 0 removed" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_incremental_output_is_byte_for_byte_the_cold_output(change: str, spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    doc = _a_doc_with_description(spec, unreferenced=change == "remove")
    text = doc.read_text(encoding="utf-8")
    if change == "edit":
        doc.write_text(text.replace("\n\n", "\n\nAn edited sentence, long enough to be wrapped by the layout "
                                    "engine if it ends up in a Field description of the model.\n\n", 1),
                       encoding="utf-8")
    elif change == "add":
        title = text.split("\n", 1)[0][2:].strip()
        (spec / "added.md").write_text(text.replace(f"# {title}", "# AddedModel", 1), encoding="utf-8")
    else:
        title = text.split("\n", 1)[0][2:].strip()
        doc.unlink()
    _generate(spec, out)
    assert _tree(out) == _cold(spec, tmp_path, "cold")
    if change == "remove":
        assert not (out / "json_schema" / f"{title}.json").exists()


def _edit_and_rerun(spec: Path, tmp_path: Path) -> tuple[list[str], dict[str, str], Path, object]:
    """A cold run, an edit of one doc, a run in this process: (docs parsed, files rendered
    with their text, the output folder, the second run's Outcome)."""
    from generator import pipeline
    from generator.config import PackageConfig
    from generator.mode import Mode
    from generator.parse import loader

    out = tmp_path / "work" / "out"
    config = PackageConfig(spec=spec, output=out, mode=Mode())
    cold = pipeline.run(config)
    assert cold.written and not cold.unchanged
    doc = _a_doc_with_description(spec)
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n\n", "\n\nAn edited sentence.\n\n", 1),
                   encoding="utf-8")
    parsed: list[str] = []
    rendered: dict[str, str] = {}
    real_parse, real_write = loader.parse_file, pipeline._write

    def parse_file(md, path, rel):  # type: ignore[no-untyped-def]
        parsed.append(rel)
        return real_parse(md, path, rel)

    def write(job, result, *rest):  # type: ignore[no-untyped-def]
        rendered.update(result.texts)  # what either path rendered
        return real_write(job, result, *rest)

    with mock.patch.object(loader, "parse_file", parse_file), mock.patch.object(pipeline, "_write", write):
        warm = pipeline.run(config)
    assert doc.relative_to(spec).as_posix() in parsed
    return parsed, rendered, out, warm


def test_only_the_edited_doc_is_parsed_again(spec: Path, tmp_path: Path) -> None:
    from generator.files import MANIFEST

    parsed, rendered, out, warm = _edit_and_rerun(spec, tmp_path)
    assert len(parsed) == 1
    assert rendered and set(warm.written) <= set(rendered)  # type: ignore[attr-defined]
    # No cache at all: the same files.
    expected = {rel: text.encode("utf-8") for rel, text in fresh_files(spec).items()}
    assert {rel: data for rel, data in _tree(out).items() if rel != MANIFEST} == expected


@pytest.mark.slow
def test_only_the_files_showing_the_edit_are_rendered_again(spec: Path, tmp_path: Path) -> None:
    """Only the output files whose key (what their text depends on) changed are rendered:
    here every file rendered shows the edit."""
    _, rendered, _, warm = _edit_and_rerun(spec, tmp_path)
    assert rendered and set(warm.written) == set(rendered)  # type: ignore[attr-defined]
    assert sorted(path for path, text in rendered.items() if "An edited sentence." not in text) == []


def _runs_of_an_edit(spec: Path, tmp_path: Path, edit: Callable[[str], str]) -> tuple[list[str], Path]:
    """A cold run, `edit` applied to a model doc, a run in this process: (the paths the
    second run took, the output folder)."""
    from generator import pipeline
    from generator.config import PackageConfig
    from generator.mode import Mode

    out = tmp_path / "work" / "out"
    config = PackageConfig(spec=spec, output=out, mode=Mode())
    pipeline.run(config)
    doc = _a_doc_with_description(spec)
    doc.write_text(edit(doc.read_text(encoding="utf-8")), encoding="utf-8")
    taken: list[str] = []
    real_patch, real_full = pipeline._patch, pipeline._full

    def patch(*args):  # type: ignore[no-untyped-def]
        result = real_patch(*args)
        taken.append("fast" if result is not None else "declined")
        return result

    def full(*args):  # type: ignore[no-untyped-def]
        taken.append("full")
        return real_full(*args)

    with mock.patch.object(pipeline, "_patch", patch), mock.patch.object(pipeline, "_full", full):
        pipeline.run(config)
    return taken, out


def test_a_longer_description_takes_the_fast_path(spec: Path, tmp_path: Path) -> None:
    """New description lines move every field's line: still only the doc's own outputs change."""
    taken, out = _runs_of_an_edit(spec, tmp_path, lambda text: text.replace("\n\n", "\n\nOne more.\n\nAnd two.\n\n", 1))
    assert taken == ["fast"]
    assert _tree(out) == _cold(spec, tmp_path, "cold")


def test_a_changed_type_takes_the_full_path(spec: Path, tmp_path: Path) -> None:
    def retyped(text: str) -> str:
        head, table = text.split("## Fields", 1)
        row = next(line for line in table.splitlines() if line.startswith("| `"))
        cells = row.split("|")
        cells[2] = " *Optional[Dict[str, Any]]* "
        return head + "## Fields" + table.replace(row, "|".join(cells), 1)

    taken, out = _runs_of_an_edit(spec, tmp_path, retyped)
    assert taken == ["full"]
    assert _tree(out) == _cold(spec, tmp_path, "cold")


def test_a_warning_names_the_line_after_an_edit_moves_it(tmp_path: Path) -> None:
    """A reference to a missing doc warns at its line; lines added above move the warning."""
    spec = tmp_path / "spec"
    spec.mkdir()
    doc = spec / "order.md"
    rows = "| `pet` | [models.Pet](../models/pet.md) | :heavy_check_mark: | The pet. |"
    doc.write_text(f"# Order\n\nAn order.\n\n## Fields\n\n| Field | Type | Required | Description |\n"
                   f"| --- | --- | --- | --- |\n{rows}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert f"{doc}:9: " in _generate(spec, out)
    doc.write_text(doc.read_text(encoding="utf-8").replace("An order.", "An order.\n\nOf a pet."), encoding="utf-8")
    second = _generate(spec, out)
    assert f"{doc}:11: " in second and f"{doc}:9: " not in second
    assert _tree(out) == _cold(spec, tmp_path, "cold")


def test_output_file_keys_are_stable() -> None:
    """The same package gives every output file the same key, run after run (the
    incremental run above relies on it)."""
    from generator.emit.package import encode_all, package_files
    from generator.mode import Mode
    from generator.parse.loader import parse_folder
    from generator.resolve import resolve
    from tests.conftest import FIXTURES

    definitions, _ = parse_folder(FIXTURES / "cli" / "petstore")
    package, _ = resolve("petstore", definitions, Mode())
    encoded = encode_all(list(package.definitions))
    first = {f.path: f.key for f in package_files(package, Mode(), "salt", encoded)}
    second = {f.path: f.key for f in package_files(package, Mode(), "salt", encoded)}
    assert first and [path for path in first if first[path] != second[path]] == []


@pytest.mark.slow
def test_files_the_tool_did_not_generate_are_never_touched(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "json_schema" / "README.md").write_text("also mine\n", encoding="utf-8")
    kept = {rel: stamp for rel, stamp in _stamps(out).items() if rel in ("notes.txt", "json_schema/README.md")}
    _a_doc_with_description(spec).unlink()
    _generate(spec, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "json_schema" / "README.md").read_text(encoding="utf-8") == "also mine\n"
    assert {rel: _stamps(out)[rel][0] for rel in kept} == {rel: stamp[0] for rel, stamp in kept.items()}


@pytest.mark.slow
def test_the_cache_is_safe_to_delete_or_damage(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    expected = _tree(out)
    cache = tmp_path / "work" / ".docmodels-cache" / "out"
    for entry in cache.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x80garbage")
    doc = _a_doc_with_description(spec)
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a change that changes no output
    assert "0 written" in _generate(spec, out)
    assert _tree(out) == expected
    shutil.rmtree(cache)
    assert "0 written" in _generate(spec, out)
    assert _tree(out) == expected


@pytest.mark.slow
def test_check_trusts_stamps_only_while_the_output_is_as_written(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    assert run_docmodels("generate", spec, "-o", out, "--check").returncode == 0
    module = next(p for p in sorted((out / "pydantic_models").rglob("*.py")) if not p.name.startswith("_"))
    module.write_text(module.read_text(encoding="utf-8") + "# a hand edit\n", encoding="utf-8")
    stale = run_docmodels("generate", spec, "-o", out, "--check")
    assert stale.returncode == 1 and f"stale: {module}" in stale.stdout.splitlines()
    _generate(spec, out)
    assert "# a hand edit" not in module.read_text(encoding="utf-8")


@pytest.mark.slow
def test_check_writes_no_cache(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    shutil.rmtree(tmp_path / "work" / ".docmodels-cache")
    assert run_docmodels("generate", spec, "-o", out, "--check").returncode == 0
    assert not (tmp_path / "work" / ".docmodels-cache").exists()


@pytest.mark.slow
def test_other_settings_do_not_reuse_this_runs_cache(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    _generate(spec, out)
    _generate(spec, out, "--wire-names", "camelCase")
    cold = tmp_path / "cold" / "out"
    _generate(spec, cold, "--wire-names", "camelCase")
    assert _tree(out) == _tree(cold)


@pytest.mark.slow
def test_a_bad_doc_among_many_is_reported_from_a_worker(corpus_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "models"
    shutil.copytree(corpus_root("mistral-python") / "docs" / "models", spec)
    bad = sorted(spec.rglob("*.md"))[-3]  # in the second half: parsed by the forked worker
    bad.write_bytes(b"# Broken\n\nfirst line\x00\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"{bad}:3: binary file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_git_add_all_leaves_the_cache_out(spec: Path, tmp_path: Path) -> None:
    import subprocess

    work = tmp_path / "work"
    _generate(spec, work / "out")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    tracked = subprocess.run(["git", "ls-files"], cwd=work, check=True, capture_output=True, text=True).stdout
    assert "out/pydantic_models/__init__.py" in tracked.splitlines()
    assert ".docmodels-cache" not in tracked
