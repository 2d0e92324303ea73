"""Resolution: references by link path then by title, self and mutual references,
placeholders for missing docs (errors with --strict), titles repeated across
folders, and the wire-name setting in every target."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ir.nodes import ObjectModel, Placeholder, SpecPackage
from generator.ir.types import refs_of
from generator.mode import Mode
from generator.parse.loader import parse_folder as parse_package
from generator.resolve import resolve
from tests.conftest import FIXTURES, run_docmodels, write_doc
from tests.targets_support import generate, load

FOLDERS = FIXTURES / "fidelity" / "folders" / "docs" / "models"
WIRE_TS = FIXTURES / "fidelity" / "wire_ts" / "docs" / "models"
WIRE_PY = FIXTURES / "fidelity" / "wire_py" / "docs" / "models"

FIELDS = "## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"


def resolved(spec: Path) -> tuple[SpecPackage, list[str]]:
    definitions, parse_warnings = parse_package(spec)
    package, warnings = resolve("spec", definitions, Mode())
    return package, [str(w) for w in parse_warnings + warnings]


def targets_of(package: SpecPackage, model: str) -> dict[str, str | None]:
    definition = package.by_name()[model]
    assert isinstance(definition, ObjectModel)
    return {f.name: next(iter(refs_of(f.type))).target for f in definition.fields if refs_of(f.type)}


def test_repeated_titles_are_all_generated_with_folder_prefixes_and_warnings() -> None:
    package, warnings = resolved(FOLDERS)
    by_name = package.by_name()
    # Path order decides: components/ keeps the title, errors/ and operations/ get their folder's name.
    assert {n: by_name[n].source.path for n in ("Status", "ErrorsStatus", "OperationsStatus")} == {
        "Status": "components/status.md",
        "ErrorsStatus": "errors/status.md",
        "OperationsStatus": "operations/status.md",
    }
    assert all(by_name[n].title == "Status" for n in ("Status", "ErrorsStatus", "OperationsStatus"))
    assert warnings == [
        "errors/status.md:1: title 'Status' is defined more than once: this one is generated as 'ErrorsStatus'"
        " (it keeps 'Status' in errors/)",
        "operations/status.md:1: title 'Status' is defined more than once: this one is generated as 'OperationsStatus'"
        " (it keeps 'Status' in operations/)",
    ]
    # In its namespace each keeps the doc's title, as the SDKs' own code does.
    assert {by_name[n].local_name for n in ("Status", "ErrorsStatus", "OperationsStatus")} == {"Status"}
    assert sorted(by_name[n].module.split(".")[0] for n in ("Status", "ErrorsStatus", "OperationsStatus")) == [
        "components", "errors", "operations"]
    assert resolved(FOLDERS) == (package, warnings)  # deterministic


def test_links_resolve_by_path_even_out_of_and_back_into_the_docs_folder() -> None:
    package, _ = resolved(FOLDERS)
    assert targets_of(package, "Job") == {
        "status": "Status",
        "filter": "OperationsStatus",
        "error": "ErrorsStatus",
        "nearest": "Status",  # no link: the namespace names components/
    }
    assert targets_of(package, "ListJobsRequest") == {"status": "OperationsStatus"}


def test_unlinked_reference_prefers_the_namespace_folder_then_the_doc_beside(tmp_path: Path) -> None:
    write_doc(tmp_path, "components/thing.md", "# Thing\n\n## Values\n\n- `\"a\"`\n")
    write_doc(tmp_path, "operations/thing.md", "# Thing\n\n## Values\n\n- `\"b\"`\n")
    write_doc(tmp_path, "components/user.md", "# User\n\n" + FIELDS
              + "| `op` | *operations.Thing* | :heavy_check_mark: | N/A |\n| `near` | *models.Thing* | :heavy_check_mark: | N/A |\n")
    write_doc(tmp_path, "components/bare.md", "# Bare\n\n" + FIELDS + "| `x` | [Thing](../operations/thing.md) | :heavy_check_mark: | N/A |\n")
    package, _ = resolved(tmp_path)
    assert targets_of(package, "User") == {"op": "OperationsThing", "near": "Thing"}
    assert targets_of(package, "Bare") == {"x": "OperationsThing"}  # a link without namespace


def test_reference_by_title_when_the_link_points_nowhere(tmp_path: Path) -> None:
    write_doc(tmp_path, "models/pet.md", "# Pet\n\n" + FIELDS + "| `owner` | [models.Owner](../models/gone.md) | :heavy_check_mark: | N/A |\n")
    write_doc(tmp_path, "models/people/owner.md", "# Owner\n\n" + FIELDS + "| `name` | *str* | :heavy_check_mark: | N/A |\n")
    package, warnings = resolved(tmp_path)
    assert targets_of(package, "Pet") == {"owner": "Owner"}
    assert warnings == []


def test_self_and_mutual_references_build_and_validate(tmp_path: Path) -> None:
    spec = FIXTURES / "parse" / "python" / "docs" / "models"
    package, _ = resolved(spec)
    assert targets_of(package, "Child") == {"parent": "KitchenSink", "children": "Child"}
    models = load(generate(spec, tmp_path / "out"), "selfref").pydantic
    child = models.Child.model_validate({"id": "a", "children": [{"id": "b", "children": [{"id": "c"}]}]})
    assert child.children[0].children[0].id == "c"


def test_unresolved_reference_warns_and_becomes_a_placeholder_accepting_anything(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    doc = write_doc(spec, "models/pet.md", "# Pet\n\n" + FIELDS
                    + "| `id` | *str* | :heavy_check_mark: | N/A |\n| `tag` | [models.Tag](../models/tag.md) | :heavy_check_mark: | N/A |\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{doc}:8: warning: unresolved reference to 'Tag' (../models/tag.md)" in result.stderr
    package, _ = resolved(spec)
    assert isinstance(package.by_name()["Tag"], Placeholder)
    models = load(tmp_path / "out", "placeholder").pydantic
    for value in ({"any": ["json"]}, "text", 3, None, [1, 2]):
        assert models.Pet.model_validate({"id": "p", "tag": value}).tag == value


def test_strict_makes_an_unresolved_reference_an_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    doc = write_doc(spec, "models/pet.md", "# Pet\n\n" + FIELDS + "| `tag` | *models.Tag* | :heavy_check_mark: | N/A |\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out", "--strict")
    assert result.returncode == 2
    assert f"{doc}:7: unresolved reference to 'Tag'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- wire names ----------------------------------------------------------------------------

# (spec, --wire-names, the Python names, the keys on the wire)
WIRE_CASES = [
    (WIRE_TS, "as-documented", ("index", "finish_reason", "log_probs"), ("index", "finishReason", "logProbs")),
    (WIRE_TS, "snake_case", ("index", "finish_reason", "log_probs"), ("index", "finish_reason", "log_probs")),
    (WIRE_PY, "as-documented", ("index", "finish_reason", "log_probs"), ("index", "finish_reason", "log_probs")),
    (WIRE_PY, "camelCase", ("index", "finish_reason", "log_probs"), ("index", "finishReason", "logProbs")),
]


@pytest.mark.parametrize(("spec", "style", "py_names", "keys"), [  # a CLI run each: the first stays in `-m "not slow"`
    pytest.param(*case, marks=[pytest.mark.slow] if number else []) for number, case in enumerate(WIRE_CASES)
], ids=[f"{s.parent.parent.name}-{w}" for s, w, _, _ in WIRE_CASES])
def test_wire_names_set_every_target(tmp_path: Path, spec: Path, style: str, py_names: tuple[str, ...],
                                     keys: tuple[str, ...]) -> None:
    out = generate(spec, tmp_path / "out", "--wire-names", style)
    gen = load(out, f"wire_{spec.parent.parent.name}_{style.replace('-', '_')}")
    nested_key = "tokenLogprobs" if keys[2] == "logProbs" else "token_logprobs"
    payload = {keys[0]: 0, keys[1]: "stop", keys[2]: {nested_key: [-0.5]}}

    # Pydantic: the alias is the wire key; the attribute is the Python name.
    choice = gen.pydantic.Choice.model_validate(payload)
    assert tuple(gen.pydantic.Choice.model_fields) == py_names
    assert choice.model_dump(by_alias=True, exclude_none=True) == payload
    # Dataclasses: from_dict reads the wire keys, to_dict writes them back.
    loaded = gen.dataclasses.Choice.from_dict(payload)
    assert getattr(loaded, py_names[1]) == "stop"
    assert loaded.to_dict() == payload
    # TypedDict: the keys are the wire names.
    assert set(gen.typeddict.Choice.__annotations__) == set(keys)
    assert gen.typeddict.Choice.__required_keys__ == {keys[0]}
    # JSON Schema: the property names are the wire names.
    schema = gen.schema("Choice")
    assert list(schema["properties"]) == list(keys)
    assert schema["required"] == [keys[0]]
    assert gen.validator("Choice").is_valid(payload)
    assert nested_key in schema["$defs"]["LogProbs"]["properties"]


def test_speakeasy_reserved_word_escape_is_not_on_the_wire(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    write_doc(spec, "models/audio.md", "# Audio\n\n" + FIELDS
              + "| `format_` | *Optional[str]* | :heavy_minus_sign: | N/A |\n| `bytes_` | List[*int*] | :heavy_check_mark: | N/A |\n")
    gen = load(generate(spec, tmp_path / "out"), "reserved")
    # The attributes keep the doc's names (what the SDK's code calls them), the keys lose the `_`.
    audio = gen.pydantic.Audio.model_validate({"format": "mp3", "bytes": [1]})
    assert (audio.format_, audio.bytes_) == ("mp3", [1])
    assert gen.dataclasses.Audio.from_dict({"format": "mp3", "bytes": [1]}).to_dict() == {"format": "mp3", "bytes": [1]}
    assert set(gen.schema("Audio")["properties"]) == {"format", "bytes"}


def test_a_wire_name_clash_keeps_the_documented_names_and_warns(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    doc = write_doc(spec, "models/pair.md", "# Pair\n\n" + FIELDS
                    + "| `fooBar` | *string* | :heavy_check_mark: | N/A |\n| `foo_bar` | *string* | :heavy_check_mark: | N/A |\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out", "--wire-names", "snake_case", "--format", "jsonschema")
    assert result.returncode == 0, result.stderr
    assert f"{doc}:8: warning: field 'foo_bar' would travel as 'foo_bar' like another field" in result.stderr
