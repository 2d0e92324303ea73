"""The command line as a user meets it: --check/--diff, -q/-v, progress bar, exit codes, bad locations."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, run_docmodels, target_text

PETSTORE = FIXTURES / "cli" / "petstore"
# Order uses Pet, which uses PetStatus: one group of definitions, one module (order.py) per target.
MODULES = {f"{target}/{name}" for target in ("pydantic_models", "dataclass_models", "typeddict_models", "msgspec_models")
           for name in ("__init__.py", "order.py")} | {f"{t}_models/_runtime.py" for t in ("pydantic", "dataclass", "msgspec")}
GENERATED = {
    ".docmodels-manifest.json", "__init__.py", "py.typed", *MODULES,
    "json_schema/Order.json", "json_schema/Pet.json", "json_schema/PetStatus.json",
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    """A private copy of the petstore spec that a test may edit."""
    return Path(shutil.copytree(PETSTORE, tmp_path / "petstore"))


@pytest.fixture()
def generated(spec: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    run_docmodels("generate", spec, "-o", out, check=True)
    return out


def _edit_pet_doc(spec: Path) -> None:
    doc = spec / "docs/models/pet.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("The pet's name.", "What the pet answers to."), encoding="utf-8")


def test_generate_writes_every_target(generated: Path) -> None:
    assert set(_tree(generated)) == GENERATED


@pytest.mark.slow
def test_check_is_quiet_and_exits_0_when_current(spec: Path, generated: Path) -> None:
    result = run_docmodels("generate", spec, "-o", generated, "--check")
    assert result.returncode == 0, result.stderr
    assert "stale" not in result.stdout + result.stderr


def test_check_lists_stale_files_writes_nothing_and_exits_1(spec: Path, generated: Path) -> None:
    before = _tree(generated)
    _edit_pet_doc(spec)
    result = run_docmodels("generate", spec, "-o", generated, "--check")
    assert result.returncode == 1
    stale = {line.removeprefix("stale: ") for line in result.stdout.splitlines()}
    # The description lands in Pet's module of every Python target, in Pet's schema and in Order's
    # (which embeds Pet); PetStatus, the package __init__ files, the runtimes and the manifest
    # (a list of paths, which stay the same) do not change.
    expected = {"pydantic_models/order.py", "dataclass_models/order.py", "typeddict_models/order.py", "msgspec_models/order.py",
                "json_schema/Pet.json", "json_schema/Order.json"}
    assert stale == {str(generated / rel) for rel in expected}
    assert "run 'docmodels generate'" in result.stderr
    assert _tree(generated) == before


@pytest.mark.slow
def test_check_diff_shows_a_unified_diff(spec: Path, generated: Path) -> None:
    _edit_pet_doc(spec)
    result = run_docmodels("generate", spec, "-o", generated, "--check", "--diff")
    assert result.returncode == 1
    assert "--- a/pydantic_models/order.py\n+++ b/pydantic_models/order.py\n" in result.stdout
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and "The pet's name." in line]
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and "What the pet answers to." in line]
    assert removed and added


@pytest.mark.slow
def test_check_reports_files_of_a_removed_doc(spec: Path, generated: Path) -> None:
    (spec / "docs/models/order.md").unlink()
    result = run_docmodels("generate", spec, "-o", generated, "--check", "--diff")
    assert result.returncode == 1
    assert f"stale (would be removed): {generated / 'json_schema/Order.json'}" in result.stdout
    assert "--- a/json_schema/Order.json" in result.stdout
    assert (generated / "json_schema/Order.json").exists()
    # A real run removes it, and the folder stays importable.
    run_docmodels("generate", spec, "-o", generated, check=True)
    assert not (generated / "json_schema/Order.json").exists()
    assert "class Order(" not in target_text(generated, "pydantic_models")
    assert "class Pet(" in target_text(generated, "pydantic_models")


@pytest.mark.slow
def test_quiet_prints_nothing_verbose_lists_each_file(spec: Path, tmp_path: Path) -> None:
    quiet = run_docmodels("generate", spec, "-o", tmp_path / "q", "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = run_docmodels("generate", spec, "-o", tmp_path / "v", "-v")
    assert verbose.returncode == 0
    written = {line.removeprefix("wrote ") for line in verbose.stdout.splitlines()}
    assert written == {str(tmp_path / "v" / rel) for rel in GENERATED}
    plain = run_docmodels("generate", spec, "-o", tmp_path / "p")
    assert plain.stdout == "" and f"{len(GENERATED)} written, 0 removed, 0 unchanged" in plain.stderr


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = run_docmodels("generate", tmp_path / "missing", "-o", tmp_path / "out", "-q")
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'missing'}:1: spec folder does not exist"


@pytest.mark.slow
def test_fail_on_change_exits_1_only_when_something_changed(spec: Path, generated: Path) -> None:
    current = run_docmodels("generate", spec, "-o", generated, "--fail-on-change")
    assert current.returncode == 0, current.stderr
    _edit_pet_doc(spec)
    changed = run_docmodels("generate", spec, "-o", generated, "--fail-on-change")
    assert changed.returncode == 1
    assert "git add" in changed.stderr
    assert "What the pet answers to." in target_text(generated, "pydantic_models")


@pytest.mark.parametrize(("args", "message"), [
    (("generate", "SPEC"), "give -o OUT_DIR with SPEC_DIR"),
    (("generate", "-o", "OUT"), "-o OUT_DIR needs a SPEC_DIR"),
    (("generate", "SPEC", "-o", "OUT", "--format", "protobuf"), "Invalid value for '--format'"),
    (("diff", "SPEC"), "give two spec folders OLD NEW, or --base GIT_REV"),
])
def test_usage_errors_exit_2(spec: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    real = [str(spec) if a == "SPEC" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    result = run_docmodels(*real)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("where", ["equal", "inside", "contains"])
def test_output_overlapping_the_spec_folder_is_refused(spec: Path, generated: Path, tmp_path: Path, where: str) -> None:
    before = _tree(spec)
    out = {"equal": spec, "inside": spec / "docs" / "generated", "contains": tmp_path}[where]
    result = run_docmodels("generate", spec, "-o", out)
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith(f"{out}:1: output folder {out} ")
    assert ("contains the spec folder" if where == "contains" else "is inside the spec folder") in line
    assert _tree(spec) == before
    assert set(_tree(generated)) == GENERATED


def test_bad_doc_is_reported_with_file_and_line_and_output_kept(spec: Path, generated: Path) -> None:
    before = _tree(generated)
    doc = spec / "docs/models/petstatus.md"
    doc.write_bytes(b"# PetStatus\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | \xff\xfe |\n")
    result = run_docmodels("generate", spec, "-o", generated)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"{doc}:7: not UTF-8 text")
    assert "Traceback" not in result.stderr
    assert _tree(generated) == before


def _three_packages(spec: Path, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        shutil.copytree(spec, tmp_path / "specs" / name)
    (tmp_path / "pyproject.toml").write_text(
        "".join(f'[[tool.docmodels.packages]]\nspec = "specs/{n}"\noutput = "out/{n}"\n' for n in "abc"),
        encoding="utf-8",
    )


@pytest.mark.slow
def test_progress_bar_names_the_package_of_each_step(spec: Path, tmp_path: Path) -> None:
    _three_packages(spec, tmp_path)
    on_tty = _run_with_tty_stderr(["generate", "--format", "jsonschema"], tmp_path)
    assert "out/c: written" in on_tty


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal(spec: Path, tmp_path: Path) -> None:
    """On a TTY a bar counts two steps a package (generate, write); piped or -q, there is none."""
    _three_packages(spec, tmp_path)
    on_tty = _run_with_tty_stderr(["generate", "--format", "jsonschema"], tmp_path)
    assert "docmodels  [" in on_tty and "6/6" in on_tty and "100%" in on_tty and "written" in on_tty
    assert "out/a: 6 written, 0 removed, 0 unchanged" in on_tty  # the summary comes after the bar
    single = _run_with_tty_stderr(["generate", str(spec), "-o", str(tmp_path / "single")], tmp_path)
    assert "2/2" in single and "100%" in single
    shutil.rmtree(tmp_path / "out")
    piped = run_docmodels("generate", "--format", "jsonschema", cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert "%" not in piped.stderr and "6/6" not in piped.stderr
    assert "out/a: 6 written, 0 removed, 0 unchanged" in piped.stderr
    quiet_tty = _run_with_tty_stderr(["generate", "--format", "jsonschema", "-q"], tmp_path)
    assert quiet_tty == ""
    verbose_tty = _run_with_tty_stderr(["generate", "--format", "jsonschema", "-v"], tmp_path)
    assert "%" not in verbose_tty  # -v lists files (on stdout) instead


def _run_with_tty_stderr(args: list[str], cwd: Path) -> str:
    """Run docmodels with stderr on a pseudo-terminal; return what it printed there."""
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="100")
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")
