"""A run either completes or leaves the previous output as it was, and never touches files
the tool did not generate: killed runs, full disks, unwritable folders."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import files
from generator.cache import CACHE_FOLDER
from generator.cli import main
from generator.pipeline import SPARE
from tests.conftest import FIXTURES, REPO, fresh_files, run_docmodels

PETSTORE = FIXTURES / "cli" / "petstore"
OLD_NAME, NEW_NAME = "The pet's name.", "What the pet answers to."


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def _importable(out: Path) -> str:
    """Import every generated module in a fresh interpreter; return Pet's `name` description."""
    code = (f"import {out.name}.pydantic_models as p, {out.name}.dataclass_models, {out.name}.typeddict_models; "
            "print(p.Pet.model_fields['name'].description)")
    result = subprocess.run([sys.executable, "-B", "-c", code], cwd=out.parent, capture_output=True, check=False, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A spec, its generated output (old), a hand-written file in it, then the spec edited (new)."""
    spec = Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))
    out = tmp_path / "models"
    run_docmodels("generate", spec, "-o", out, check=True)
    (out / "handwritten.py").write_text("EXTRA = 1\n", encoding="utf-8")
    doc = spec / "docs/models/pet.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    return spec, out


def _killed_at(stage: str, spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **{files.FAULT_ENV: stage}, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)],
                            cwd=REPO, capture_output=True, check=False, text=True, env=env)
    assert result.returncode == -signal.SIGKILL, result.stderr
    return result


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["staging", "staged"])
def test_killed_before_the_swap_leaves_the_old_output(project: tuple[Path, Path], stage: str) -> None:
    spec, out = project
    before = _tree(out)
    _killed_at(stage, spec, out)
    assert _tree(out) == before
    assert _importable(out) == OLD_NAME
    assert files.staging_dir(out).is_dir(), "the kill left its staging folder behind"
    # The next run cleans up and completes.
    run_docmodels("generate", spec, "-o", out, check=True)
    assert _importable(out) == NEW_NAME
    assert not files.staging_dir(out).exists() and not files.retired_dir(out).exists()
    assert (out / "handwritten.py").read_text(encoding="utf-8") == "EXTRA = 1\n"


@pytest.mark.slow
def test_killed_after_the_swap_leaves_the_complete_new_output(project: tuple[Path, Path]) -> None:
    spec, out = project
    _killed_at("swapped", spec, out)
    assert _importable(out) == NEW_NAME
    assert files.plan_output(out, _files_of(spec)).stale is False
    assert files.staging_dir(out).is_dir(), "the previous output waits for the next run to remove it"
    result = run_docmodels("generate", spec, "-o", out, check=True)
    assert "0 written, 0 removed" in result.stderr
    assert not files.staging_dir(out).exists()


def _files_of(spec: Path) -> dict[str, str]:
    """What a cold run writes for the spec (the manifest aside)."""
    return fresh_files(spec)


@pytest.mark.slow
def test_killed_between_the_two_renames_of_the_fallback_is_undone(project: tuple[Path, Path]) -> None:
    """Where folders cannot be exchanged atomically, a kill between the renames is undone by the next run."""
    spec, out = project
    before = _tree(out)
    code = ("import sys, generator.files as f; f._exchange = lambda a, b: False; "
            "from generator.cli import main; sys.argv[0] = 'docmodels'; main()")
    env = dict(os.environ, **{files.FAULT_ENV: "retired"}, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", code, "generate", str(spec), "-o", str(out)],
                            cwd=REPO, capture_output=True, check=False, text=True, env=env)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert not out.exists() and files.retired_dir(out).is_dir()
    files.recover(out)
    assert _tree(out) == before
    assert _importable(out) == OLD_NAME


def test_fallback_swap_completes(project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out = project
    monkeypatch.setattr(files, "_exchange", lambda first, second: False)
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert _importable(out) == NEW_NAME
    assert (out / "handwritten.py").is_file()
    assert not files.retired_dir(out).exists() and not files.staging_dir(out).exists()


@pytest.mark.slow
def test_a_kill_at_any_moment_leaves_old_or_new_output_whole(project: tuple[Path, Path]) -> None:
    """No fault hook: kill as soon as the staging folder shows up (or whenever the run ends)."""
    spec, out = project
    old = _tree(out)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = files.staging_dir(out)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not staging.exists() and time.monotonic() < deadline:
        time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    description = _importable(out)
    if description == OLD_NAME:
        assert _tree(out) == old
    else:
        assert description == NEW_NAME
        assert files.plan_output(out, _files_of(spec)).stale is False
    assert (out / "handwritten.py").read_text(encoding="utf-8") == "EXTRA = 1\n"


def test_disk_full_keeps_the_previous_output(project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out = project
    before = _tree(out)
    real_write, calls = files._write_new, []

    def write_until_full(path: str, text: str) -> None:
        calls.append(Path(path))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, text)

    monkeypatch.setattr(files, "_write_new", write_until_full)
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(out)])
    assert result.exit_code == 2
    failed = out / calls[1].relative_to(files.staging_dir(out))
    assert result.stderr.strip().endswith(
        f"{failed}:1: cannot write output: No space left on device; previous output left as it was")
    assert "Traceback" not in result.output
    assert _tree(out) == before
    assert not files.staging_dir(out).exists()


def test_disk_full_in_the_second_writing_process_keeps_the_previous_output(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large outputs are written by two processes: a failure in the forked one is reported
    like one in the first (the file, exit 2, no traceback) and leaves nothing behind."""
    spec, out = project
    before = _tree(out)
    real_write, parent = files._write_new, os.getpid()

    def full_in_the_child(path: str, text: str) -> None:
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, text)

    monkeypatch.setattr(files, "_write_new", full_in_the_child)
    monkeypatch.setattr(files, "PARALLEL_MIN_FILES", 2)
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(out)])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"{out}/") and message.endswith(
        ":1: cannot write output: No space left on device; previous output left as it was"), message
    assert "Traceback" not in result.output
    assert _tree(out) == before
    assert not files.staging_dir(out).exists()


@pytest.mark.slow
def test_unwritable_output_location_is_reported(project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores permission bits, so the refusal is simulated where the staging folder is made."""
    spec, out = project
    before = _tree(out)
    real_mkdir = os.mkdir

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        if str(path) == str(files.staging_dir(out)):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", refuse)
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(f"{out}:1: cannot write output: Permission denied; previous output left as it was")
    assert _tree(out) == before


def test_a_file_the_tool_did_not_write_is_never_overwritten(project: tuple[Path, Path]) -> None:
    """A new doc would generate json_schema/Owner.json, but the user already keeps a file there."""
    spec, out = project
    owner = (spec / "docs/models/order.md").read_text(encoding="utf-8").replace("# Order", "# Owner", 1)
    (spec / "docs/models/owner.md").write_text(owner, encoding="utf-8")
    mine = out / "json_schema" / "Owner.json"
    mine.write_text('{"mine": true}\n', encoding="utf-8")
    before = _tree(out)
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{mine}:1: exists and was not generated by docmodels: move it away, then run again"
    assert _tree(out) == before


@pytest.mark.slow
def test_removed_docs_remove_their_files_but_not_handwritten_ones(project: tuple[Path, Path]) -> None:
    spec, out = project
    (out / "json_schema" / "notes.md").write_text("mine\n", encoding="utf-8")
    (spec / "docs/models/order.md").unlink()
    run_docmodels("generate", spec, "-o", out, check=True)
    assert not (out / "json_schema" / "Order.json").exists()
    assert (out / "json_schema" / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert (out / "handwritten.py").read_text(encoding="utf-8") == "EXTRA = 1\n"


def _with_bytecode(out: Path) -> list[Path]:
    """Write bytecode of the generated modules the way a user's import would; the __pycache__ folders."""
    _importable(out)  # no bytecode written (-B)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", f"import {out.name}.pydantic_models.order, {out.name}.typeddict_models.order"],
                   cwd=out.parent, check=True, env=env)
    caches = [out / target / "__pycache__" for target in ("pydantic_models", "typeddict_models")]
    for cache in caches:
        assert any(p.name.startswith("order.") for p in cache.iterdir())
    return caches


@pytest.mark.slow
def test_unchanged_files_keep_their_inode(project: tuple[Path, Path]) -> None:
    spec, out = project
    caches = _with_bytecode(out)
    kept_before = (out / "py.typed").stat()
    # Only Pet's description changes, so PetStatus's schema stays as it was.
    schema_before = (out / "json_schema" / "PetStatus.json").stat()
    run_docmodels("generate", spec, "-o", out, check=True)
    assert (out / "py.typed").stat().st_ino == kept_before.st_ino
    schema_after = (out / "json_schema" / "PetStatus.json").stat()
    assert (schema_after.st_ino, schema_after.st_mtime_ns) == (schema_before.st_ino, schema_before.st_mtime_ns)
    for cache in caches:  # the bytecode of the package's __init__.py (not rewritten) stays
        assert any(p.name.startswith("__init__.") for p in cache.iterdir())
    assert any(p.name.startswith("__init__.") for p in (out / "__pycache__").iterdir())


@pytest.mark.slow
def test_stale_bytecode_of_a_rewritten_module_goes(project: tuple[Path, Path]) -> None:
    spec, out = project
    caches = _with_bytecode(out)
    run_docmodels("generate", spec, "-o", out, check=True)
    for cache in caches:  # order.py (Pet's module) was rewritten
        assert not any(p.name.startswith("order.") for p in cache.iterdir())


@pytest.mark.slow
def test_a_tampered_manifest_cannot_reach_outside_the_output(project: tuple[Path, Path]) -> None:
    spec, out = project
    outside = out.parent / "precious.txt"
    outside.write_text("keep\n", encoding="utf-8")
    manifest = out / files.MANIFEST
    text = manifest.read_text(encoding="utf-8")
    tampered = text.replace('"files": [', '"files": [\n    "../precious.txt",\n    "/etc/hostname",')
    assert tampered != text
    manifest.write_text(tampered, encoding="utf-8")
    run_docmodels("generate", spec, "-o", out, check=True)
    assert outside.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.slow
def test_a_symlinked_output_folder_stays_a_symlink(project: tuple[Path, Path]) -> None:
    spec, out = project
    link = out.parent / "linked"
    link.symlink_to(out, target_is_directory=True)
    run_docmodels("generate", spec, "-o", link, check=True)
    assert link.is_symlink() and link.resolve() == out.resolve()
    assert _importable(out) == NEW_NAME
    assert (out / "handwritten.py").is_file()


@pytest.mark.slow
def test_overlapping_runs_take_turns(project: tuple[Path, Path]) -> None:
    """Two runs at once on one output: the folder lock makes them take turns; both succeed."""
    spec, out = project
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "-q"],
                             cwd=REPO, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert _importable(out) == NEW_NAME
    assert files.plan_output(out, _files_of(spec)).stale is False
    assert not files.staging_dir(out).exists() and not files.retired_dir(out).exists()


# --- the spare tree: the output before last, kept in the cache to build the next staging from ---


def _spare(out: Path) -> Path:
    return out.parent / CACHE_FOLDER / out.name / SPARE


def _edit_again(spec: Path, text: str) -> None:
    doc = spec / "docs/models/pet.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(NEW_NAME, text), encoding="utf-8")


def test_a_run_builds_its_staging_from_the_spare(project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A write links into its staging only the files that changed since the spare was the
    output: those the previous run wrote (and this one does not write again)."""
    spec, out = project
    before = _tree(out)
    run_docmodels("generate", spec, "-o", out, check=True)  # the old output becomes the spare
    after = _tree(out)
    assert _tree(_spare(out)) == {**before, "handwritten.py": b"EXTRA = 1\n"}
    written_before = {rel for rel in after if before.get(rel) != after[rel]}
    links: list[str] = []
    real_link = os.link

    def counting(source: object, target: object, *args: object, **kwargs: object) -> None:
        links.append(Path(str(target)).relative_to(files.staging_dir(out)).as_posix())
        real_link(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", counting)
    status = spec / "docs/models/petstatus.md"
    status.write_text(status.read_text(encoding="utf-8").replace("\n\n", "\n\nWhere a pet is.\n\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    written_now = {rel for rel, text in _tree(out).items() if after.get(rel) != text}
    assert written_before and written_now
    assert sorted(links) == sorted(written_before - written_now)
    assert _importable(out) == NEW_NAME
    assert (out / "handwritten.py").read_text(encoding="utf-8") == "EXTRA = 1\n"


def test_whatever_the_spare_holds_the_output_is_exact(project: tuple[Path, Path], tmp_path: Path) -> None:
    """A spare with stray files, different contents and links where folders go: none of it
    reaches the output, nothing outside is touched, and the output is what a clean run makes."""
    spec, out = project
    run_docmodels("generate", spec, "-o", out, check=True)
    spare = _spare(out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep\n", encoding="utf-8")
    (spare / "stray.py").write_text("import os\n", encoding="utf-8")
    (spare / "py.typed").unlink()
    (spare / "py.typed").write_text("planted\n", encoding="utf-8")  # another file under a kept name
    shutil.rmtree(spare / "json_schema")
    (spare / "json_schema").symlink_to(outside, target_is_directory=True)
    _edit_again(spec, "Its name, once more.")
    run_docmodels("generate", spec, "-o", out, check=True)
    clean = tmp_path / "clean"
    run_docmodels("generate", spec, "-o", clean, check=True)
    expected = _tree(clean)
    expected["handwritten.py"] = b"EXTRA = 1\n"
    assert _tree(out) == {k: (v.replace(b"clean", b"models") if k == files.MANIFEST else v) for k, v in expected.items()}
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_a_spare_that_is_not_a_folder_is_dropped(project: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = project
    run_docmodels("generate", spec, "-o", out, check=True)
    spare = _spare(out)
    shutil.rmtree(spare)
    target = tmp_path / "target"
    target.mkdir()
    spare.symlink_to(target, target_is_directory=True)
    _edit_again(spec, "Its name, once more.")
    run_docmodels("generate", spec, "-o", out, check=True)
    assert list(target.iterdir()) == []
    assert spare.is_dir() and not spare.is_symlink()
    assert _importable(out) == "Its name, once more."


def test_an_output_deleted_after_a_spare_was_kept_is_written_again(project: tuple[Path, Path]) -> None:
    """The spare is the output before last: with no output to bring it up to date against,
    its files must not stand in the way of the new ones."""
    spec, out = project
    run_docmodels("generate", spec, "-o", out, check=True)
    assert _spare(out).is_dir()
    shutil.rmtree(out)
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 0, result.stderr
    assert _importable(out) == NEW_NAME and not (out / "handwritten.py").exists()
