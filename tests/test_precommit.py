"""The pre-commit hooks, run by the real pre-commit tool in a throwaway git repository.

The hook repository is a fresh git copy of this checkout's installable files
(committed state plus uncommitted edits and new files), so the test means the same
on a clean clone in CI and in a work tree with changes not yet committed; pointing
`try-repo` at the checkout itself would miss files not yet added to git.
pre-commit installs the hooks into its own virtualenv from PyPI; when it cannot
reach PyPI at all the tests skip and say so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, run_docmodels, target_text

pytestmark = pytest.mark.slow  # each test installs the hooks' environment with pre-commit

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

PETSTORE = FIXTURES / "cli" / "petstore"
_INSTALLABLE = ("generator/", "templates/", "pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")
_NO_NETWORK = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
               "Could not fetch URL", "No matching distribution found", "Name or service not known")
_GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com"}


def _env(pre_commit_home: Path) -> dict[str, str]:
    # Nothing of this interpreter's setup may leak into the hook's own virtualenv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PRE_COMMIT_HOME")}
    return {**env, **_GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, text=True, env={**os.environ, **_GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _installable_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, check=False, text=True)
    if listed.returncode == 0:
        names = listed.stdout.splitlines()
    else:  # not a git checkout (an unpacked sdist): walk it
        names = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file()]
    return sorted(n for n in names if n.startswith(_INSTALLABLE) and "__pycache__" not in n and (REPO / n).is_file())


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's hooks and package, committed: (path, commit)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _installable_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "docmodels")
    return repo, _git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A user's repository: a spec, its generated models, all committed."""
    repo = tmp_path / "project"
    shutil.copytree(PETSTORE, repo / "spec")
    (repo / "pyproject.toml").write_text('[tool.docmodels]\n[[tool.docmodels.packages]]\nspec = "spec"\noutput = "models"\n',
                                         encoding="utf-8")
    run_docmodels("generate", "-q", cwd=repo, check=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "models")
    return repo


def _pre_commit(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, check=False, text=True,
                            env=_env(home), timeout=900)
    _skip_if_cannot_install(result)
    return result


def _skip_if_cannot_install(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    log = Path(os.environ.get("PRE_COMMIT_HOME", "")) / "pre-commit.log"
    if result.returncode != 0 and any(sign in output for sign in _NO_NETWORK):
        pytest.skip(f"pre-commit could not install the hook environment (no PyPI?): {output.strip()[-300:]} {log}")


def _touch_spec(project: Path) -> None:
    doc = project / "spec/docs/models/pet.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("The pet's name.", "What the pet answers to."), encoding="utf-8")
    _git(project, "add", "spec")


def _models(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "models").rglob("*") if p.is_file()}


def test_check_hook_fails_on_a_stale_spec_and_never_writes(hook_repo: tuple[Path, str], project: Path,
                                                           pre_commit_home: Path) -> None:
    repo, _ = hook_repo
    before = _models(project)
    _touch_spec(project)
    stale = _pre_commit(["try-repo", str(repo), "docmodels-check"], project, pre_commit_home)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "stale: models/pydantic_models/order.py" in stale.stdout
    assert "run 'docmodels generate' and commit the result" in stale.stdout
    assert _models(project) == before
    run_docmodels("generate", "-q", cwd=project, check=True)
    _git(project, "add", "models")
    current = _pre_commit(["try-repo", str(repo), "docmodels-check"], project, pre_commit_home)
    assert current.returncode == 0, current.stdout + current.stderr
    assert "Passed" in current.stdout


def test_generate_hook_regenerates_then_passes(hook_repo: tuple[Path, str], project: Path, pre_commit_home: Path) -> None:
    repo, _ = hook_repo
    _touch_spec(project)
    changed = _pre_commit(["try-repo", str(repo), "docmodels"], project, pre_commit_home)
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "docmodels regenerated the models" in changed.stdout and "git add" in changed.stdout
    assert "What the pet answers to." in target_text(project / "models", "pydantic_models")
    _git(project, "add", "models")
    again = _pre_commit(["try-repo", str(repo), "docmodels"], project, pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_installed_hook_blocks_the_commit_until_regenerated(hook_repo: tuple[Path, str], project: Path,
                                                            pre_commit_home: Path) -> None:
    """The way users meet it: .pre-commit-config.yaml, `pre-commit install`, `git commit`."""
    repo, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: docmodels-check\n", encoding="utf-8")
    _git(project, "add", ".pre-commit-config.yaml")
    _pre_commit(["install"], project, pre_commit_home)
    _touch_spec(project)
    env = _env(pre_commit_home)
    blocked = subprocess.run(["git", "commit", "-m", "edit the spec only"], cwd=project, capture_output=True, check=False, text=True, env=env)
    _skip_if_cannot_install(blocked)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "run 'docmodels generate' and commit the result" in blocked.stdout + blocked.stderr
    assert _git(project, "rev-list", "--count", "HEAD") == "1"
    run_docmodels("generate", "-q", cwd=project, check=True)
    _git(project, "add", "models")
    passed = subprocess.run(["git", "commit", "-m", "spec and models"], cwd=project, capture_output=True, check=False, text=True, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _git(project, "rev-list", "--count", "HEAD") == "2"
