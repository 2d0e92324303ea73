"""SDK-scale output (issue 13): each Python target is a package of modules, one per group of
definitions, imported lazily; namespaces are subpackages; runs rewrite only what changed.

The fixture tests/fixtures/layout has two namespaces (components/, operations/), a title in
both (Status), a definition used from two modules (Shared), one used by one model only
(Tag, which joins Pet's module), a cycle (Node <-> Edge) and a model nothing names.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_docmodels

LAYOUT = FIXTURES / "layout"
TARGETS = ("pydantic_models", "dataclass_models", "typeddict_models", "msgspec_models")


def _python(code: str, cwd: Path) -> str:
    result = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=cwd, capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHONPATH": str(cwd)})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "pets"
    run_docmodels("generate", LAYOUT, "-o", out, "-q", check=True)
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_modules_follow_the_reference_groups_and_the_namespaces(out: Path) -> None:
    modules = sorted(p.relative_to(out / "pydantic_models").as_posix() for p in (out / "pydantic_models").rglob("*.py"))
    assert modules == [
        "__init__.py", "_runtime.py",
        "components/__init__.py", "components/edge.py", "components/owner.py", "components/pet.py",
        "components/shared.py", "components/unrelated.py",
        "operations/__init__.py", "operations/listpetsrequest.py",
    ]
    pet = (out / "pydantic_models/components/pet.py").read_text(encoding="utf-8")
    # Tag and components' Status are used by Pet alone: they live beside it.
    assert "class Tag(BaseModel):" in pet and "class Status(str, Enum):" in pet
    assert "from .shared import Shared" in pet
    # The cycle is one module: no import cycle between modules.
    edge = (out / "pydantic_models/components/edge.py").read_text(encoding="utf-8")
    assert "class Node(BaseModel):" in edge and "class Edge(BaseModel):" in edge


def test_importing_one_model_imports_only_its_module_and_what_it_names(out: Path) -> None:
    code = (
        "import sys\n"
        f"from {out.name}.pydantic_models import Owner\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith('{out.name}.'))\n"
        "print(loaded)\n"
        "Owner.model_validate({'pets': [{'id': 1, 'status': 'sold', 'tags': [{'name': 'x'}]}]})\n"
    )
    loaded = _python(code, out.parent).strip()
    name = out.name
    # Not Unrelated's module, not operations/, not the other targets (nor the runtime: Owner needs none of it).
    assert loaded == str(sorted([f"{name}.pydantic_models",
                                 f"{name}.pydantic_models.components", f"{name}.pydantic_models.components.owner",
                                 f"{name}.pydantic_models.components.pet", f"{name}.pydantic_models.components.shared"]))


def test_every_exported_name_resolves_and_dir_lists_it(out: Path) -> None:
    titles = ["Edge", "ListPetsRequest", "Node", "OperationsStatus", "Owner", "Pet", "Shared", "Status", "Tag",
              "Unrelated"]
    code = (
        "import importlib, json\n"
        f"found = {{}}\n"
        f"for target in {list(TARGETS)!r}:\n"
        f"    m = importlib.import_module('{out.name}.' + target)\n"
        "    names = {n: getattr(getattr(m, n), '__name__', None) for n in m.__all__}\n"
        "    found[target] = [sorted(m.__all__), sorted(set(m.__all__) - set(dir(m))), names]\n"
        "print(json.dumps(found))\n"
    )
    found = json.loads(_python(code, out.parent))
    for target, (exported, missing_from_dir, names) in found.items():
        assert exported == titles, target
        assert missing_from_dir == [], target
        # The flat package names a repeated title with its namespace; the class keeps the doc's title
        # (in the TypedDict target an enum is a Literal alias, which has no name of its own).
        if target != "typeddict_models":
            assert names["OperationsStatus"] == "Status" and names["Status"] == "Status", target
    code = (f"from {out.name}.pydantic_models import missing\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=out.parent, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(out.parent)})
    assert "cannot import name 'missing'" in result.stderr


def test_namespace_subpackages_keep_the_sdk_names(out: Path) -> None:
    code = (
        f"from {out.name}.pydantic_models.components import Status as C, Pet\n"
        f"from {out.name}.pydantic_models.operations import Status as O, ListPetsRequest\n"
        f"from {out.name}.pydantic_models import Status, OperationsStatus\n"
        "assert Status is C and OperationsStatus is O and C is not O\n"
        "print(sorted(m.value for m in C), sorted(m.value for m in O))\n"
        "ListPetsRequest.model_validate({'status': 'queued', 'pet': {'id': 1, 'status': 'sold'}})\n"
    )
    assert _python(code, out.parent).strip() == "['available', 'sold'] ['done', 'queued']"


@pytest.mark.slow
def test_type_checkers_see_every_name(out: Path, tmp_path: Path) -> None:
    user = out.parent / "use_pets.py"
    user.write_text(
        f"from {out.name}.pydantic_models import OperationsStatus, Owner, Pet\n"
        f"from {out.name}.pydantic_models.components import Status\n\n"
        "def first(owner: Owner) -> Pet:\n    return owner.pets[0]\n\n"
        "status: Status = Status.SOLD\nrequest_status: OperationsStatus = OperationsStatus.DONE\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), user.name],
                            cwd=out.parent, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    bad = out.parent / "bad_pets.py"
    bad.write_text(f"from {out.name}.pydantic_models import Pet\n\nx: int = Pet(id=1, status='sold')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), bad.name],
                            cwd=out.parent, capture_output=True, text=True, check=False)
    assert 'Incompatible types in assignment (expression has type "Pet"' in result.stdout


def _regenerate(spec: Path, out: Path) -> None:
    run_docmodels("generate", spec, "-o", out, "-q", check=True)


@pytest.mark.slow
def test_incremental_runs_equal_a_cold_run_after_edit_add_and_remove(tmp_path: Path) -> None:
    spec = Path(shutil.copytree(LAYOUT, tmp_path / "spec"))
    out = tmp_path / "out"
    _regenerate(spec, out)
    models = spec / "docs/models/components"
    pet = models / "pet.md"

    def same_as_cold(step: str) -> None:
        cold = tmp_path / f"cold-{step}"
        _regenerate(spec, cold)
        assert _tree(out) == _tree(cold), step

    unchanged = {rel: os.stat(out / rel).st_ino for rel in ("pydantic_models/components/owner.py", "json_schema/Tag.json")}
    pet.write_text(pet.read_text(encoding="utf-8").replace("A pet.", "A pet, described anew."), encoding="utf-8")
    _regenerate(spec, out)
    same_as_cold("description")
    assert {rel: os.stat(out / rel).st_ino for rel in unchanged} == unchanged  # untouched files keep their inode
    pet.write_text(pet.read_text(encoding="utf-8").replace("| `id` | *int* |", "| `id` | *str* |"), encoding="utf-8")
    _regenerate(spec, out)
    same_as_cold("type")
    (models / "toy.md").write_text("# Toy\n\n## Fields\n\n| Field | Type | Required | Description |\n"
                                   "| --- | --- | --- | --- |\n| `name` | *str* | :heavy_check_mark: | N. |\n",
                                   encoding="utf-8")
    _regenerate(spec, out)
    same_as_cold("add")
    assert (out / "pydantic_models/components/toy.py").is_file()
    (models / "toy.md").unlink()
    (models / "unrelated.md").unlink()
    _regenerate(spec, out)
    same_as_cold("remove")
    assert not (out / "pydantic_models/components/unrelated.py").exists()
    assert not (out / "json_schema/Unrelated.json").exists()
    assert "Unrelated" not in (out / "pydantic_models/__init__.py").read_text(encoding="utf-8")


def test_a_description_edit_rewrites_only_the_files_that_hold_it(tmp_path: Path) -> None:
    spec = Path(shutil.copytree(LAYOUT, tmp_path / "spec"))
    out = tmp_path / "out"
    _regenerate(spec, out)
    tag = spec / "docs/models/components/tag.md"
    tag.write_text(tag.read_text(encoding="utf-8").replace("A label.", "A label, said again."), encoding="utf-8")
    result = run_docmodels("generate", spec, "-o", out, "-v", check=True)
    written = sorted(line.removeprefix(f"wrote {out}/") for line in result.stdout.splitlines() if line.startswith("wrote"))
    # Tag's module in each target, its schema and the schemas that embed it; no __init__.py.
    assert written == ["dataclass_models/components/pet.py", "json_schema/ListPetsRequest.json",
                       "json_schema/Owner.json", "json_schema/Pet.json", "json_schema/Tag.json",
                       "msgspec_models/components/pet.py", "pydantic_models/components/pet.py",
                       "typeddict_models/components/pet.py"]


def test_select_generates_only_what_the_titles_need(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_docmodels("generate", LAYOUT, "-o", out, "-q", "--select", "Owner", check=True)
    assert sorted(p.stem for p in (out / "json_schema").glob("*.json")) == ["Owner", "Pet", "Shared", "Status", "Tag"]
    unknown = run_docmodels("generate", LAYOUT, "-o", tmp_path / "other", "--select", "Nobody")
    assert unknown.returncode == 2
    assert "select names 'Nobody', which no doc of" in unknown.stderr and "Traceback" not in unknown.stderr


def test_select_in_the_config(tmp_path: Path) -> None:
    shutil.copytree(LAYOUT, tmp_path / "spec")
    (tmp_path / "pyproject.toml").write_text('[[tool.docmodels.packages]]\nspec = "spec"\noutput = "out"\n'
                                             'select = ["ListPetsRequest"]\n', encoding="utf-8")
    run_docmodels("generate", "-q", cwd=tmp_path, check=True)
    assert sorted(p.stem for p in (tmp_path / "out/json_schema").glob("*.json")) == [
        "ListPetsRequest", "OperationsStatus", "Pet", "Shared", "Status", "Tag"]

