"""Overrides (issue 12): what the docs lose, put back in [tool.docmodels.packages.overrides],
applied to the IR after parsing, so every target and `docmodels diff` see them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_docmodels, target_text
from tests.targets_support import load

PETSTORE = FIXTURES / "cli" / "petstore"
CONFIG = '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "out"\n\n[tool.docmodels.packages.overrides]\n'
OVERRIDES = (
    '"Pet.tags" = { type = "Nullable[List[str]]", required = true }\n'
    '"Pet.name" = { wire_name = "petName" }\n'
    '"Order.note" = { nullable = true }\n'
    '"PetStatus" = { open = true }\n'
)


def _project(tmp_path: Path, overrides: str) -> Path:
    shutil.copytree(PETSTORE, tmp_path / "specs" / "petstore")
    (tmp_path / "pyproject.toml").write_text(CONFIG + overrides, encoding="utf-8")
    return tmp_path


def test_every_target_sees_the_overrides(tmp_path: Path) -> None:
    project = _project(tmp_path, OVERRIDES)
    result = run_docmodels("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    gen = load(project / "out", "overridden_pets")
    pet = {"id": 1, "petName": "Rex", "tags": None}
    assert gen.pydantic.Pet.model_validate(pet).name == "Rex"  # travels as petName
    assert gen.dataclasses.Pet.from_dict(pet).to_dict() == pet
    assert gen.validator("Pet").is_valid(pet)
    for missing_tags in ({"id": 1, "petName": "Rex"},):  # required now, and nullable
        assert not gen.validator("Pet").is_valid(missing_tags)
        with pytest.raises(ValueError):
            gen.dataclasses.Pet.from_dict(missing_tags)
    schema = gen.schema("Pet")
    assert schema["properties"]["tags"] == {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}],
                                            "description": "Free-form labels."}
    assert "petName" in schema["properties"] and "name" not in schema["properties"]
    # An open enum takes values the doc does not list, in every target.
    assert gen.pydantic.Pet.model_validate({**pet, "status": "adopted"}).status == "adopted"
    assert "PetStatus: TypeAlias = Literal[" in target_text(project / "out", "typeddict_models")
    assert gen.validator("Order").is_valid({"id": 1, "pet": pet, "note": None})
    assert '"petName": NotRequired' not in target_text(project / "out", "typeddict_models")


def test_command_line_options_keep_the_configured_overrides(tmp_path: Path) -> None:
    """`docmodels generate --format pydantic` (any option) rebuilt each package's settings
    without its overrides: the wire key and the open enum silently went back to the docs'."""
    project = _project(tmp_path, OVERRIDES)
    result = run_docmodels("generate", "--format", "pydantic", "--format", "jsonschema", cwd=project)
    assert result.returncode == 0, result.stderr
    schema = json.loads((project / "out" / "json_schema" / "Pet.json").read_text(encoding="utf-8"))
    assert "petName" in schema["properties"] and "name" not in schema["properties"]
    assert 'alias="petName"' in target_text(project / "out", "pydantic_models")


@pytest.mark.parametrize(("override", "message"), [
    ('"Nobody.name" = { nullable = true }', "override 'Nobody.name': no doc has the title 'Nobody'"),
    ('"Pet.nickname" = { nullable = true }', "override 'Pet.nickname': 'Pet' has no field 'nickname' (it has 'id', 'name'"),
    ('"Pet" = { open = true }', "override 'Pet': only an enum takes settings of its own"),
    ('"PetStatus.x" = { nullable = true }', "override 'PetStatus.x': 'PetStatus' has no fields"),
    ('"Pet.name" = { nulable = true }', "override 'Pet.name': unknown setting 'nulable'"),
    ('"Pet.name" = { nullable = "yes" }', "override 'Pet.name': 'nullable' has the wrong type (str)"),
    ('"Pet.name" = { type = "List[" }', "override 'Pet.name': type:"),
])
def test_a_stale_or_broken_override_is_an_error_at_its_line(tmp_path: Path, override: str, message: str) -> None:
    project = _project(tmp_path, override + "\n")
    result = run_docmodels("generate", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"pyproject.toml:6: {message}"), result.stderr
    assert "Traceback" not in result.stderr


def test_an_override_that_changes_nothing_is_a_warning(tmp_path: Path) -> None:
    project = _project(tmp_path, '"Pet.id" = { required = true }\n')
    result = run_docmodels("generate", cwd=project)
    assert result.returncode == 0
    assert "pyproject.toml:6: warning: override 'Pet.id' changes nothing: the docs already say so" in result.stderr


def test_diff_sees_the_overrides(tmp_path: Path) -> None:
    """An override masks a doc change: diff, like generate, reads the docs through it."""
    project = _project(tmp_path, "")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=project, check=True)
    pet = project / "specs/petstore/docs/models/pet.md"
    pet.write_text(pet.read_text(encoding="utf-8").replace("List[*str*]", "List[*int*]"), encoding="utf-8")
    plain = run_docmodels("diff", "--base", "HEAD", "--format", "json", cwd=project)
    assert plain.returncode == 0, plain.stderr
    assert [(c["model"], c["field"]) for c in json.loads(plain.stdout)["packages"][0]["changes"]] == [("Pet", "tags")]
    (project / "pyproject.toml").write_text(CONFIG + '"Pet.tags" = { type = "Optional[List[str]]" }\n', encoding="utf-8")
    masked = run_docmodels("diff", "--base", "HEAD", "--format", "json", cwd=project)
    assert masked.returncode == 0, masked.stderr
    assert json.loads(masked.stdout)["packages"][0]["changes"] == []
