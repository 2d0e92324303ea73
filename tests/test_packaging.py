"""A plain `pip install .` works from any folder: the templates ship inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, target_text

TEMPLATES = sorted(p.name for p in (REPO / "templates").glob("*.jinja"))
RUNTIMES = {"pydantic_models": "pydantic_runtime.py", "dataclass_models": "dataclass_runtime.py"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("docmodels-*.whl")
    return found


def test_wheel_carries_every_template(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert TEMPLATES, "the repository has templates"
    for template in TEMPLATES:
        assert f"generator/templates/{template}" in names
    for runtime in RUNTIMES.values():  # copied verbatim into every output
        assert f"generator/runtime/{runtime}" in names


@pytest.mark.slow
def test_installed_wheel_generates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # Reuse this environment's dependencies (jinja2, black...) without its editable
    # docmodels: a .pth line adds the folder, and .pth files inside it are not read.
    new_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(new_site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [python, "-m", "generator", "generate", str(REPO / "specs" / "r9s_python"), "-o", "pkg"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    located = subprocess.run(
        [python, "-c", "import generator, pathlib; print(pathlib.Path(generator.__file__).parent)"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(located) == Path(new_site) / "generator", "the wheel, not the checkout, did the work"
    assert "class ChatCompletionStreamEvent(BaseModel):" in target_text(elsewhere / "pkg", "pydantic_models")
    # The runtimes are copied from the installed package, not from the checkout.
    for target in ("pydantic_models", "dataclass_models"):
        assert (elsewhere / "pkg" / target / "_runtime.py").read_text(encoding="utf-8") == (
            REPO / "generator" / "runtime" / RUNTIMES[target]).read_text(encoding="utf-8")
