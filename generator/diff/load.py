"""A spec folder -> its resolved package; a spec folder as a git revision had it."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from generator.diagnostics import SpecError
from generator.ir.nodes import SpecPackage
from generator.mode import Mode
from generator.parse.loader import parse_folder
from generator.resolve import resolve
from generator.resolve.overrides import apply_overrides


def load_spec(folder: Path, label: str, mode: Mode | None = None) -> SpecPackage:
    """Parse and resolve every doc of `folder` as `docmodels generate` does (the overrides of
    `mode` included); errors name files as `label/relative path`."""
    if not folder.is_dir():
        raise SpecError(label, 1, "spec folder does not exist")
    try:
        definitions, _ = parse_folder(folder)
    except SpecError as exc:
        raise _under(label, exc) from None
    mode = mode or Mode()
    definitions = apply_overrides(definitions, mode.overrides, [])  # its messages name the config
    try:
        package, _ = resolve(folder.resolve().name, definitions, mode)
    except SpecError as exc:
        raise _under(label, exc) from None
    return package


def _under(label: str, exc: SpecError) -> SpecError:
    where = exc.diagnostic
    return SpecError(f"{label}/{where.path}", where.line, where.message)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SpecError(str(cwd), 1, f"cannot run git: {exc.strerror or exc}") from None


def _git_text(args: list[str], cwd: Path, failure: str) -> str:
    result = _git(args, cwd)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpecError(str(cwd), 1, failure + (f" ({detail[-1]})" if detail else ""))
    return result.stdout.decode("utf-8", "replace").strip()


def spec_at_revision(revision: str, spec_dir: Path, into: Path) -> tuple[Path, str]:
    """Unpack spec_dir as committed at `revision` below `into`.

    Returns the folder and a label (`REV:path`) for messages. A spec folder the
    revision did not have comes back empty: every model in it is then new.
    """
    if not spec_dir.is_dir():
        raise SpecError(str(spec_dir), 1, "spec folder does not exist")
    top = Path(_git_text(["rev-parse", "--show-toplevel"], spec_dir, "not inside a git repository"))
    rel = spec_dir.resolve().relative_to(top.resolve()).as_posix()
    commit = _git_text(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
        top,
        f"unknown git revision {revision!r}",
    )
    label = f"{revision}:{rel}"
    target = into / ("tree" if rel == "." else rel)
    target.mkdir(parents=True, exist_ok=True)
    if rel != "." and not _git_text(
        ["ls-tree", "-d", "--name-only", commit, "--", rel], top, "cannot list the revision"
    ):
        return target, label
    archive = _git(["archive", "--format=tar", commit, "--", rel], top)
    if archive.returncode != 0:
        raise SpecError(label, 1, "git archive failed: " + archive.stderr.decode("utf-8", "replace").strip())
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into / "tree" if rel == "." else into, filter="data")
    return target, label
