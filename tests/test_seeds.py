"""The seed specs end to end: the committed output/ is what the generator makes
now, and every title a seed doc defines or names is importable from every target."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO, run_docmodels
from tests.targets_support import PYTHON_TARGETS, Generated, load

_TITLE = re.compile(r"^# (.+)$", re.MULTILINE)
_NAMED = re.compile(r"\b(?:models|components)\.([A-Za-z_]\w*)")


def _packages() -> list[tuple[Path, Path]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return [(REPO / p["spec"], REPO / p["output"]) for p in config["tool"]["docmodels"]["packages"]]


PACKAGES = _packages()


def test_committed_output_is_fresh() -> None:
    result = run_docmodels("generate", "--check")
    assert result.returncode == 0, f"output/ is stale (run `make generate`):\n{result.stdout}\n{result.stderr}"


def test_every_spec_package_has_an_output_package() -> None:
    assert {spec.name for spec, _ in PACKAGES} == {p.name for p in (REPO / "specs").iterdir() if p.is_dir()}
    for _, output in PACKAGES:
        assert (output / "__init__.py").is_file() and (output / "py.typed").is_file()


def _names(spec: Path) -> tuple[set[str], set[str]]:
    """Titles the seed docs define, and the names they refer to (defined or not)."""
    defined, referenced = set(), set()
    for doc in spec.rglob("*.md"):
        text = doc.read_text(encoding="utf-8")
        defined.update(t.strip("~ ") for t in _TITLE.findall(text))
        referenced.update(_NAMED.findall(text))
    return defined, referenced


@pytest.fixture(scope="module")
def committed() -> dict[str, Generated]:
    return {output.name: load(output, f"committed_{output.name}") for _, output in PACKAGES}


@pytest.mark.parametrize(("spec", "output"), PACKAGES, ids=[s.name for s, _ in PACKAGES])
def test_seed_titles_importable_from_every_target(committed: dict[str, Generated], spec: Path, output: Path) -> None:
    defined, referenced = _names(spec)
    assert defined, f"{spec} defines no model"
    generated = committed[output.name]
    modules = dict(zip(PYTHON_TARGETS, (generated.pydantic, generated.dataclasses, generated.typeddict)))
    for title in sorted(defined | referenced):
        for target, module in modules.items():
            assert hasattr(module, title), f"{output.name}/{target} lacks {title}"
            assert title in module.__all__, f"{output.name}/{target} does not export {title}"
        assert (output / "json_schema" / f"{title}.json").is_file()
