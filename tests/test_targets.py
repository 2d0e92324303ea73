"""The four targets, generated from tests/fixtures/targets/constructs (a doc per
construct), checked by what they say and by what they do at run time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import json
import typing
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest

from tests.conftest import FIXTURES, target_text
from tests.targets_support import Generated, definitions_of, generate, load, verdicts

CONSTRUCTS = FIXTURES / "targets" / "constructs"


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = generate(CONSTRUCTS, tmp_path_factory.mktemp("targets") / "constructs")
    return load(out, "targets_constructs")


def test_the_format_checker_checks_date_times() -> None:
    # Without rfc3339-validator, jsonschema skips "date-time" and every agreement test on dates is hollow.
    assert "date-time" in jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers


# --- the type mapping table -------------------------------------------------------------

MAPPING_ANNOTATIONS = {
    # field: (pydantic, dataclass, typeddict)
    "required_str": ("StrictStr", "str", str),
    "optional_int": ("StrictInt | None", "int | None", typing.NotRequired[int]),
    "optional_nullable_str": ("StrictStr | None", "str | None", typing.NotRequired[str | None]),
    "nullable_float": ("StrictFloat | None", "float | None", float | None),
}


@pytest.mark.parametrize("field", MAPPING_ANNOTATIONS)
def test_mapping_annotations(gen: Generated, field: str) -> None:
    pydantic_ann, dataclass_ann, typeddict_ann = MAPPING_ANNOTATIONS[field]
    assert gen.pydantic.Mapping.__annotations__[field] == pydantic_ann
    assert gen.dataclasses.Mapping.__annotations__[field] == dataclass_ann
    assert gen.typeddict.Mapping.__annotations__[field] == typeddict_ann


def test_mapping_defaults(gen: Generated) -> None:
    model_fields = gen.pydantic.Mapping.model_fields
    assert {n for n, f in model_fields.items() if f.is_required()} == {"required_str", "nullable_float"}
    assert all(model_fields[n].default is None for n in ("optional_int", "optional_nullable_str", "numeric_text"))
    data_fields = {f.name: f for f in dataclasses.fields(gen.dataclasses.Mapping) if not f.name.startswith("_")}
    assert {n for n, f in data_fields.items() if f.default is dataclasses.MISSING} == {"required_str", "nullable_float"}
    assert all(data_fields[n].default is None for n in ("optional_int", "optional_nullable_str", "numeric_text"))
    assert gen.typeddict.Mapping.__required_keys__ == {"required_str", "nullable_float"}
    assert gen.typeddict.Mapping.__optional_keys__ == {"optional_int", "optional_nullable_str", "numeric_text"}


def test_mapping_json_schema(gen: Generated) -> None:
    schema = gen.schema("Mapping")
    assert schema["required"] == ["required_str", "nullable_float"]
    props = schema["properties"]
    assert props["optional_int"]["type"] == "integer"
    assert props["optional_nullable_str"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert props["nullable_float"]["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert props["required_str"]["type"] == "string"


BASE_MAPPING = {"required_str": "a", "nullable_float": 1.5}
# (field, absent accepted, null accepted) per target: pydantic, dataclasses, schema
MAPPING_BEHAVIOUR = {
    "required_str": ((False, False, False), (False, False, False)),
    # The one documented difference: Python accepts an explicit null for Optional, the schema does not.
    "optional_int": ((True, True, True), (True, True, False)),
    "optional_nullable_str": ((True, True, True), (True, True, True)),
    "nullable_float": ((False, False, False), (True, True, True)),
}


@pytest.mark.parametrize("field", MAPPING_BEHAVIOUR)
def test_mapping_behaviour(gen: Generated, field: str) -> None:
    absent_expected, null_expected = MAPPING_BEHAVIOUR[field]
    absent = {k: v for k, v in BASE_MAPPING.items() if k != field}
    assert tuple(dataclasses.astuple(verdicts(gen, "Mapping", absent))) == absent_expected
    assert tuple(dataclasses.astuple(verdicts(gen, "Mapping", {**BASE_MAPPING, field: None}))) == null_expected


# --- enums, unions, literals ---------------------------------------------------------------


def test_closed_enum_is_a_str_enum_class(gen: Generated) -> None:
    for module in (gen.pydantic, gen.dataclasses):
        kind = module.PetKind
        assert issubclass(kind, str) and issubclass(kind, enum.Enum)
        assert [m.value for m in kind] == ["dog", "cat", "bird-of-prey"]
        assert kind.BIRD_OF_PREY == "bird-of-prey"
    assert typing.get_args(gen.typeddict.PetKind) == ("dog", "cat", "bird-of-prey")


def test_int_enum_is_an_int_enum_class_that_takes_only_integers(gen: Generated) -> None:
    assert issubclass(gen.pydantic.Size, int) and gen.pydantic.Size(2).name == "VALUE_2"
    pet = PET_MINIMAL | {"size": 2}
    assert gen.pydantic.Pet.model_validate(pet).size is gen.pydantic.Size.VALUE_2
    assert gen.dataclasses.Pet.from_dict(pet).size is gen.dataclasses.Size.VALUE_2
    for wrong in ("2", True, 4):
        assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"size": wrong})) == (False, False, False)


def test_open_enum_is_a_literal_or_any_string(gen: Generated) -> None:
    literal, rest = typing.get_args(gen.typeddict.Status)
    assert typing.get_args(literal) == ("awake", "sleeping") and rest is str
    assert typing.get_args(typing.get_args(gen.pydantic.Status)[0]) == ("awake", "sleeping")
    for value, accepted in (("awake", True), ("hibernating", True), (3, False)):
        assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"status": value})) == (accepted,) * 3


@pytest.mark.parametrize(("value", "accepted"), [("happy", True), (0, True), (True, True), (False, False), (1, False)])
def test_mixed_enum_keeps_json_types_apart(gen: Generated, value: object, accepted: bool) -> None:
    assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"mood": value})) == (accepted,) * 3


def test_union_is_a_type_alias(gen: Generated) -> None:
    assert typing.get_args(gen.typeddict.Toy) == (gen.typeddict.Ball, gen.typeddict.Bone, str)
    assert typing.get_args(gen.pydantic.Toy)[:2] == (gen.pydantic.Ball, gen.pydantic.Bone)
    assert gen.pydantic.Pet.model_validate(PET_MINIMAL | {"toy": {"length": 3}}).toy == gen.pydantic.Bone(length=3)
    assert gen.pydantic.Pet.model_validate(PET_MINIMAL | {"toy": "stick"}).toy == "stick"


def test_single_literal_stays_a_literal(gen: Generated) -> None:
    assert gen.pydantic.Pet.model_fields["type"].annotation == typing.Literal["pet"]
    assert gen.typeddict.Pet.__annotations__["type"] == typing.Literal["pet"]
    assert gen.schema("Pet")["properties"]["type"]["const"] == "pet"
    assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"type": "Pet"})) == (False, False, False)


def test_null_only_field_is_none_not_any(gen: Generated) -> None:
    """`Literal[None]` is the null type in every target (it once widened to Any)."""
    assert gen.pydantic.Tombstone.__annotations__["content"] == "None"
    assert gen.dataclasses.Tombstone.__annotations__["content"] == "None"
    assert gen.typeddict.Tombstone.__annotations__["content"] is type(None)
    assert gen.schema("Tombstone")["properties"]["content"] == {"const": None, "description": "Always present, always null."}
    for payload, accepted in (({"content": None}, True), ({"content": None, "attachment": None}, True),
                              ({}, False), ({"content": 0}, False), ({"content": "None"}, False),
                              ({"content": None, "attachment": False}, False)):
        assert dataclasses.astuple(verdicts(gen, "Tombstone", payload)) == (accepted,) * 3, payload


def test_recursive_union(gen: Generated) -> None:
    body = {"a": [1.5, "x", True, {"b": []}], "c": {}}
    assert dataclasses.astuple(verdicts(gen, "Document", {"body": body})) == (True, True, True)
    assert gen.dataclasses.Document.from_dict({"body": body}).to_dict() == {"body": body}
    bad = {"body": {"a": [1.5, None]}}  # null only at the top: Nullable[JsonValue]
    assert dataclasses.astuple(verdicts(gen, "Document", bad)) == (False, False, False)
    assert typing.get_type_hints(gen.typeddict.Document)["body"] == gen.typeddict.JsonValue | None


# --- Pydantic ------------------------------------------------------------------------------

PET_MINIMAL: dict[str, Any] = {"name": "Rex", "kind": "dog", "type": "pet", "petId": 7, "created_at": "2024-01-02T03:04:05Z"}


def test_pydantic_aliases_populate_by_name(gen: Generated) -> None:
    Pet = gen.pydantic.Pet
    by_alias = Pet.model_validate(PET_MINIMAL | {"x-trace-id": "t1"})
    by_name = Pet(name="Rex", kind="dog", type="pet", pet_id=7, created_at="2024-01-02T03:04:05Z", x_trace_id="t1")
    assert by_alias == by_name
    assert by_alias.model_dump(by_alias=True, exclude_unset=True, mode="json") == PET_MINIMAL | {"x-trace-id": "t1"}


def test_pydantic_extra_keys_kept_only_where_the_doc_allows(gen: Generated) -> None:
    assert gen.pydantic.Pet.model_config["extra"] == "allow"
    assert gen.pydantic.Pet.model_validate(PET_MINIMAL | {"colour": "red"}).model_extra == {"colour": "red"}
    assert "extra" not in gen.pydantic.Mapping.model_config
    assert gen.pydantic.Mapping.model_validate(BASE_MAPPING | {"colour": "red"}).model_extra is None


def test_pydantic_descriptions_and_docstrings(gen: Generated) -> None:
    assert gen.pydantic.Pet.model_fields["name"].description == "The pet's name."
    assert inspect.getdoc(gen.pydantic.Pet) == (
        'A pet with a "quoted" name, a back\\slash, and """triple quotes""".\n\nIt spans two paragraphs.'
    )
    assert gen.pydantic.PetKind.__doc__ == "A closed enum."


def test_pydantic_deprecated_model_and_field(gen: Generated) -> None:
    assert gen.pydantic.LegacyTag.__deprecated__ == "LegacyTag is deprecated"
    with pytest.warns(DeprecationWarning, match="LegacyTag is deprecated"):
        gen.pydantic.Pet.model_validate(PET_MINIMAL | {"legacy_tag": {"label": "old"}})
    assert gen.pydantic.Pet.model_fields["old_name"].deprecated
    assert gen.pydantic.LegacyTag.model_json_schema()["deprecated"] is True


def test_pydantic_field_names_that_look_like_its_own(gen: Generated) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = gen.pydantic.Keywords.model_validate(KEYWORDS_PAYLOAD)
    assert (model.class_, model.from_, model.list_, model.model_dump_) == ("c", "f", ["l"], "md")
    assert model.model_dump(by_alias=True, exclude_unset=True, mode="json") == KEYWORDS_PAYLOAD


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2024-01-02T03:04:05Z", True), ("2024-01-02T03:04:05.25+02:00", True), ("2024-01-02t03:04:05z", True),
        ("2024-01-02T03:04:05.123456789Z", True), ("2024-01-02T23:59:60Z", False),
        ("2024-01-02T03:04:05", False), ("2024-01-02", False), (1704164645, False), ("1704164645", False),
        ("2024-02-30T00:00:00Z", False),
    ],
)
def test_datetimes_are_rfc3339_text_in_every_target(gen: Generated, value: object, accepted: bool) -> None:
    assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"created_at": value})) == (accepted,) * 3


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("2020-02-29", True), ("2021-02-29", False), ("20200229", False), ("2020-02-29T00:00:00Z", False), (0, False)],
)
def test_dates_are_rfc3339_full_dates_in_every_target(gen: Generated, value: object, accepted: bool) -> None:
    assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"birth_date": value})) == (accepted,) * 3


# --- dataclasses -----------------------------------------------------------------------------

BALL = {"diameter": 2, "color": "red"}
RICH_PET: dict[str, Any] = PET_MINIMAL | {
    "status": "grumpy",
    "size": 3,
    "mood": True,
    "level": 2,
    "birth_date": "2020-02-29",
    "tags": ["good", "small"],
    "scores": {"speed": [1, 2], "none": []},
    "photo": "raw bytes",
    "metadata": {"any": [1, {"x": None}]},
    "owner": {"name": "Ann", "pets": [PET_MINIMAL], "favourite": None},
    "parent": None,
    "toy": {"length": 3, "chewed": True},
    "grid": [[BALL], []],
    "old_name": "Rexy",
    "x-trace-id": "t-1",
    "undocumented": {"kept": True},
}


def test_dataclass_round_trip(gen: Generated) -> None:
    pet = gen.dataclasses.Pet.from_dict(RICH_PET)
    assert pet.to_dict() == RICH_PET
    assert json.dumps(pet.to_dict(), sort_keys=True) == json.dumps(RICH_PET, sort_keys=True)  # 2 stays 2, not 2.0


def test_dataclass_loads_real_python_values(gen: Generated) -> None:
    D = gen.dataclasses
    pet = D.Pet.from_dict(RICH_PET)
    assert pet.kind is D.PetKind.DOG and pet.size is D.Size.VALUE_3
    assert pet.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert pet.birth_date == dt.date(2020, 2, 29)
    assert pet.photo == b"raw bytes"
    assert isinstance(pet.owner, D.Owner) and isinstance(pet.owner.pets[0], D.Pet) and pet.owner.favourite is None
    assert isinstance(pet.toy, D.Bone) and isinstance(pet.grid[0][0], D.Ball)
    assert pet.pet_id == 7 and pet.x_trace_id == "t-1"
    assert pet.extra_fields == {"undocumented": {"kept": True}}


def test_dataclass_union_prefers_the_member_that_knows_most_keys(gen: Generated) -> None:
    # Both Ball and Bone load {"diameter", "length"}; Bone also knows "chewed".
    toy = gen.dataclasses.Pet.from_dict(PET_MINIMAL | {"toy": {"diameter": 1, "length": 2, "chewed": False}}).toy
    assert isinstance(toy, gen.dataclasses.Bone)


def test_dataclass_to_dict_gives_back_the_keys_that_came(gen: Generated) -> None:
    D = gen.dataclasses
    assert D.Node.from_dict({"value": 1, "next": None}).to_dict() == {"value": 1, "next": None}
    assert D.Mapping.from_dict(BASE_MAPPING | {"optional_int": None}).to_dict() == BASE_MAPPING | {"optional_int": None}
    assert D.Node.from_dict({"value": 1}).to_dict() == {"value": 1}
    # Built in Python, None means absent: no key.
    assert D.Node(value=1, next=None, children=[D.Node(value=2)]).to_dict() == {"value": 1, "children": [{"value": 2}]}


def test_dataclass_errors_say_where(gen: Generated) -> None:
    bad = PET_MINIMAL | {"owner": {"name": "Ann", "pets": [PET_MINIMAL | {"petId": "7"}], "favourite": None}}
    with pytest.raises(ValueError, match=r"\$\.owner\.pets\[0\]\.petId: expected an integer, got str"):
        gen.dataclasses.Pet.from_dict(bad)
    with pytest.raises(ValueError, match=r"\$: missing required key 'created_at'"):
        gen.dataclasses.Pet.from_dict({k: v for k, v in PET_MINIMAL.items() if k != "created_at"})


KEYWORDS_PAYLOAD = {
    "class": "c", "from": "f", "import": 1, "list": ["l"], "id": "i", "type": "t", "date": "2020-01-01",
    "from_dict": "fd", "to_dict": "td", "model_config": "mc", "model_dump": "md", "path": "p", "obj": "o",
    "cls": "cl", "self": "s", "out": "ou", "extra_fields": "e", "Pet": "P",
}


def test_dataclass_field_names_like_its_own_helpers(gen: Generated) -> None:
    kw = gen.dataclasses.Keywords.from_dict(KEYWORDS_PAYLOAD | {"more": 1})
    assert (kw.class_, kw.self, kw.cls, kw.path, kw.obj, kw.out, kw.from_dict_) == ("c", "s", "cl", "p", "o", "ou", "fd")
    assert kw.extra_fields == "e" and kw.extra_fields_2 == {"more": 1}
    assert kw.to_dict() == KEYWORDS_PAYLOAD | {"more": 1}


def test_dataclass_deprecated_model_warns(gen: Generated) -> None:
    with pytest.warns(DeprecationWarning, match="LegacyTag is deprecated"):
        gen.dataclasses.LegacyTag(label="x")


# --- TypedDict -------------------------------------------------------------------------------


def test_typeddict_deprecated_model_says_so(gen: Generated) -> None:
    assert inspect.getdoc(gen.typeddict.LegacyTag) == "An old tag.\n\nDeprecated: LegacyTag is deprecated."


def test_typeddict_keys_are_wire_names(gen: Generated) -> None:
    Pet = gen.typeddict.Pet
    assert Pet.__required_keys__ == {"name", "kind", "type", "petId", "created_at"}
    assert {"x-trace-id", "old_name", "parent", "toy"} <= Pet.__optional_keys__
    assert gen.typeddict.Keywords.__required_keys__ == {"class"}
    assert "from" in gen.typeddict.Keywords.__optional_keys__


def test_typeddict_functional_form_only_where_a_key_is_not_an_identifier(gen: Generated) -> None:
    source = target_text(gen.root, "typeddict_models")
    assert 'Pet = TypedDict(\n    "Pet",' in source  # "x-trace-id"
    assert 'Keywords = TypedDict(\n    "Keywords",' in source  # "class"
    assert "class Mapping(TypedDict):" in source and "class Node(TypedDict):" in source
    # Per-key docstrings have no place in the functional form: the class docstring lists them.
    assert "- x-trace-id: Not an identifier." in source


def test_typeddict_hints_resolve(gen: Generated) -> None:
    T = gen.typeddict
    hints = typing.get_type_hints(T.Node, include_extras=True)
    assert hints["children"] == typing.NotRequired[list[T.Node]]
    assert typing.get_type_hints(T.Pet, include_extras=True)["parent"] == typing.NotRequired[T.Pet | None]


# --- JSON Schema -----------------------------------------------------------------------------


def test_every_schema_is_valid_2020_12(gen: Generated) -> None:
    files = sorted((gen.root / "json_schema").glob("*.json"))
    assert {f.stem for f in files} >= {"Pet", "Owner", "Node", "Mapping", "PetKind", "Toy", "JsonValue", "Vet"}
    for path in files:
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_schema_defs_closure_with_self_and_mutual_references(gen: Generated) -> None:
    pet = gen.schema("Pet")
    assert set(pet["$defs"]) == {"Ball", "Bone", "LegacyTag", "Mood", "Owner", "PetKind", "Size", "Status", "Toy", "Vet"}
    assert pet["properties"]["parent"]["anyOf"][0] == {"$ref": "#"}
    assert pet["$defs"]["Owner"]["properties"]["pets"]["items"] == {"$ref": "#"}  # Owner -> Pet is the root
    owner = gen.schema("Owner")
    assert owner["$defs"]["Pet"]["properties"]["owner"]["$ref"] == "#"
    assert gen.schema("Node")["properties"]["children"]["items"] == {"$ref": "#"}
    assert gen.validator("Pet").is_valid(RICH_PET)


def test_schema_descriptions_examples_and_deprecation(gen: Generated) -> None:
    pet = gen.schema("Pet")
    props = pet["properties"]
    assert pet["description"].startswith('A pet with a "quoted" name, a back\\slash')
    assert props["name"] == {"type": "string", "description": "The pet's name.", "examples": ["Rex"]}
    assert props["petId"]["examples"] == [7]
    assert props["tags"]["examples"] == [["good", "small"]]
    assert props["scores"]["examples"] == [{"speed": [1, 2]}]
    assert props["size"]["examples"] == [2] and props["kind"]["examples"] == ["dog"]
    assert gen.schema("Mapping")["properties"]["numeric_text"]["examples"] == ["123"]  # a str stays text
    assert props["old_name"]["deprecated"] is True
    assert pet["$defs"]["LegacyTag"]["deprecated"] is True


def test_schema_unknown_keys_accepted_and_extra_allowed_where_documented(gen: Generated) -> None:
    assert "additionalProperties" not in gen.schema("Mapping")
    assert gen.validator("Mapping").is_valid(BASE_MAPPING | {"new_field": [1]})
    assert gen.schema("Pet")["additionalProperties"] is True


def test_placeholder_accepts_any_json_value(gen: Generated) -> None:
    for value in (None, 1, "x", [1], {"a": {}}):
        assert dataclasses.astuple(verdicts(gen, "Pet", PET_MINIMAL | {"vet": value})) == (True, True, True)
    assert gen.pydantic.Vet is typing.Any


def test_generated_modules_leave_pydantic_nothing_to_resolve(gen: Generated) -> None:
    models = [value for value in definitions_of(gen.pydantic).values()
              if isinstance(value, type) and issubclass(value, pydantic.BaseModel)]
    assert len(models) >= 10
    for value in models:
        assert value.__module__.startswith(gen.pydantic.__name__ + ".")
        assert value.model_rebuild(force=True) is True


def test_the_docs_deprecation_notice_is_the_deprecation_message(tmp_path: Path) -> None:
    """Every target says what the doc's notice says, where it has a place for it."""
    from tests.test_parse import NOTICE_DOC

    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "widget.md").write_text(NOTICE_DOC, encoding="utf-8")
    gen = load(generate(tmp_path / "spec", tmp_path / "notice_out"), "notice_out")
    assert gen.pydantic.Widget.__deprecated__ == "Going away soon, use Gadget."
    assert gen.pydantic.Widget.model_fields["colour"].deprecated == "Going away soon."
    assert gen.pydantic.Widget.model_fields["colour"].description == "Paint colour."
    with pytest.warns(DeprecationWarning, match="Going away soon, use Gadget."):
        gen.dataclasses.Widget.from_dict({"name": "x"})
    assert inspect.getdoc(gen.typeddict.Widget) == "A thing on a shelf.\n\nDeprecated: Going away soon, use Gadget."
    assert gen.msgspec is not None and gen.msgspec.Widget.__deprecated__ == "Going away soon, use Gadget."
    schema = gen.schema("Widget")
    assert schema["description"] == "A thing on a shelf." and schema["deprecated"] is True
    assert schema["properties"]["colour"]["description"] == "Paint colour." and schema["properties"]["colour"]["deprecated"]
