"""[tool.docmodels] in pyproject.toml: every setting, and errors that name the key and its line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.diagnostics import SpecError
from generator.emit.render import builtin_templates_dir
from generator.mode import TARGETS
from tests.conftest import FIXTURES, REPO, run_docmodels, target_text, write_doc

PETSTORE = FIXTURES / "cli" / "petstore"

CAMEL_DOC = """# Owner

Someone who owns pets.


## Fields

| Field      | Type        | Required           | Description        |
| ---------- | ----------- | ------------------ | ------------------ |
| `ownerId`  | *int*       | :heavy_check_mark: | Who.               |
| `pet`      | [models.Missing](../models/missing.md) | :heavy_minus_sign: | A pet not documented here. |
"""


def _project(tmp_path: Path, table: str) -> Path:
    shutil.copytree(PETSTORE, tmp_path / "specs" / "petstore")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "demo"\n\n' + table, encoding="utf-8")
    return pyproject


def _error_of(pyproject: Path) -> SpecError:
    with pytest.raises(SpecError) as caught:
        load_config(pyproject)
    return caught.value


def test_every_setting_is_read(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    pyproject = _project(tmp_path, """[tool.docmodels]
[[tool.docmodels.packages]]
spec = "specs/petstore"
output = "gen/petstore"

[[tool.docmodels.packages]]
spec = "specs/petstore"
output = "gen/other"
formats = ["jsonschema", "pydantic"]
strict = true
wire_names = "camelCase"
templates = "tpl"
""")
    first, second = load_config(pyproject)
    assert (first.spec, first.output) == (tmp_path / "specs/petstore", tmp_path / "gen/petstore")
    assert (first.mode.targets, first.mode.strict, first.mode.wire_names, first.mode.templates_dir) == (
        TARGETS, False, "as-documented", None)
    assert second.output == tmp_path / "gen/other"
    assert (second.mode.targets, second.mode.strict, second.mode.wire_names, second.mode.templates_dir) == (
        ("jsonschema", "pydantic"), True, "camelCase", str(tmp_path / "tpl"))
    assert (first.line, second.line) == (7, 11)  # the `output =` lines, for messages about the output folder


@pytest.mark.parametrize(("table", "line", "message"), [
    ('[tool.docmodels]\ncolour = "red"\n', 5, "unknown key 'colour' in [tool.docmodels]"),
    (('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\n\n[[tool.docmodels.packages]]\nspec = "s"\n'
      'output = "p"\nwirenames = "snake_case"\n'), 11, "unknown key 'wirenames' in [[tool.docmodels.packages]]"),
    ('[[tool.docmodels.packages]]\nspec = "s"\n', 4, "[[tool.docmodels.packages]] needs 'output'"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\nstrict = "yes"\n', 7, "'strict' has the wrong type (str)"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\nformats = "pydantic"\n', 7, "'formats' has the wrong type (str)"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\nformats = ["pydantic", "protobuf"]\n', 7,
     "unknown format 'protobuf'"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\nformats = []\n', 7, "formats is empty"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\n\nwire_names = "kebab"\n', 8,
     "wire_names must be one of as-documented, snake_case, camelCase, not 'kebab'"),
    ('[[tool.docmodels.packages]]\nspec = "s"\noutput = "o"\ntemplates = "nowhere"\n', 7, "templates folder"),
    ('[tool.docmodels]\npackages = []\n', 4, "lists no packages"),
    ('[tool.other]\nx = 1\n', 1, "no [tool.docmodels] section"),
    ('[tool.docmodels\n', 4, "invalid TOML"),
])
def test_bad_settings_name_the_key_and_line(tmp_path: Path, table: str, line: int, message: str) -> None:
    pyproject = _project(tmp_path, table)
    diagnostic = _error_of(pyproject).diagnostic
    assert diagnostic.path == str(pyproject)
    assert message in diagnostic.message
    assert diagnostic.line == line, pyproject.read_text(encoding="utf-8").splitlines()[diagnostic.line - 1]


def test_unknown_key_on_the_command_line_exits_2_with_file_line(tmp_path: Path) -> None:
    _project(tmp_path, '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "gen"\nformat = ["pydantic"]\n')
    result = run_docmodels("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("pyproject.toml:7: unknown key 'format' in [[tool.docmodels.packages]]")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "gen").exists()


def test_generate_alone_uses_the_nearest_pyproject(tmp_path: Path) -> None:
    _project(tmp_path, '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "gen/petstore"\nformats = ["jsonschema"]\n')
    below = tmp_path / "specs" / "petstore" / "docs"
    run_docmodels("generate", "-q", cwd=below, check=True)
    written = sorted(p.relative_to(tmp_path / "gen/petstore").as_posix() for p in (tmp_path / "gen/petstore").rglob("*") if p.is_file())
    assert written == [".docmodels-manifest.json", "__init__.py", "json_schema/Order.json", "json_schema/Pet.json",
                       "json_schema/PetStatus.json", "py.typed"]
    check = run_docmodels("generate", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_generate_alone_with_no_pyproject_anywhere_says_where_it_looked(tmp_path: Path) -> None:
    here = (tmp_path / "work" / "models").resolve()
    here.mkdir(parents=True)
    searched = [here, *here.parents]
    if any((folder / "pyproject.toml").is_file() for folder in searched):
        pytest.skip("a pyproject.toml above the temporary folder")
    # Run outside the repository: PYTHONPATH makes it this checkout's generator, not whichever
    # one the interpreter has installed.
    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=here, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # The folder is the place: there is no file, so there is no line to point at.
    assert result.stderr.startswith(f"{here}: no pyproject.toml in this folder or any folder above it "
                                    f"(looked in {', '.join(map(str, searched))}): ")
    assert "pyproject.toml:" not in result.stderr
    assert "give SPEC_DIR -o OUT_DIR, or create a pyproject.toml with a [tool.docmodels] section" in result.stderr


def test_strict_and_wire_names_from_the_config(tmp_path: Path) -> None:
    write_doc(tmp_path / "owners", "docs/models/owner.md", CAMEL_DOC)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[[tool.docmodels.packages]]\nspec = "owners"\noutput = "gen"\nwire_names = "snake_case"\n'
                         'formats = ["typeddict"]\n', encoding="utf-8")
    run_docmodels("generate", "-q", cwd=tmp_path, check=True)
    keyed = target_text(tmp_path / "gen", "typeddict_models")
    assert "    owner_id: int\n" in keyed and "ownerId" not in keyed
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "strict = true\n", encoding="utf-8")
    strict = run_docmodels("generate", cwd=tmp_path)
    assert strict.returncode == 2
    assert strict.stderr.startswith("owners/docs/models/owner.md:11: unresolved reference to 'Missing'")


def test_command_line_options_override_the_config(tmp_path: Path) -> None:
    _project(tmp_path, '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "gen"\nformats = ["pydantic"]\n')
    run_docmodels("generate", "-q", "--format", "jsonschema", cwd=tmp_path, check=True)
    assert (tmp_path / "gen/json_schema/Pet.json").is_file()
    assert not (tmp_path / "gen/pydantic_models").exists()


@pytest.mark.slow
def test_a_templates_folder_overrides_one_builtin_template(tmp_path: Path) -> None:
    _project(tmp_path, '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "plain"\n\n'
                       '[[tool.docmodels.packages]]\nspec = "specs/petstore"\noutput = "custom"\ntemplates = "tpl"\n')
    builtin = (builtin_templates_dir() / "pydantic_models.py.jinja").read_text(encoding="utf-8")
    marker = "# Custom template in use: models for the petstore team."
    custom = builtin.replace("{{ m.head(module) -}}\n", "{{ m.head(module) -}}\n" + marker + "\n", 1)
    assert custom != builtin
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "pydantic_models.py.jinja").write_text(custom, encoding="utf-8")
    run_docmodels("generate", "-q", cwd=tmp_path, check=True)
    plain, overridden = tmp_path / "plain", tmp_path / "custom"
    assert marker not in target_text(plain, "pydantic_models")
    assert marker in (overridden / "pydantic_models" / "order.py").read_text(encoding="utf-8")
    # Only the overridden template's output differs; the others still come from the built-in ones.
    for package in ("dataclass_models", "typeddict_models", "json_schema"):
        assert _files(plain / package) == _files(overridden / package)
    manifest = json.loads((overridden / ".docmodels-manifest.json").read_text(encoding="utf-8"))
    assert "pydantic_models/order.py" in manifest["files"]


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}
