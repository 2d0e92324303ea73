"""Unions tagged by their members' literal field (issue 10): inferred once in the IR
(resolve/tags.py), used by every target, acceptance unchanged.

The fixture tests/fixtures/tags has a union whose members require the tag (Part), one
whose members may leave it out (Loose), tags that are one-value enums as Speakeasy writes
them (ByEnum), integer tags (Versioned), an untagged union (Plain) and an inline union.
"""

from __future__ import annotations

import json

from typing import Any

import pydantic
import pytest

from generator.ir.types import Ref
from generator.mode import Mode
from generator.parse.loader import parse_folder
from generator.resolve import resolve
from tests.conftest import FIXTURES
from tests.targets_support import Generated, generate, load

TAGS = FIXTURES / "tags"


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return load(generate(TAGS, tmp_path_factory.mktemp("tags") / "out"), "tags_pkg")


def test_tags_are_inferred_where_every_member_carries_a_distinct_literal() -> None:
    definitions, _ = parse_folder(TAGS / "docs" / "models")
    package, _ = resolve("tags", definitions, Mode())
    by_name = package.by_name()
    tags = {name: getattr(by_name[name], "tag") for name in ("Part", "Loose", "ByEnum", "Versioned", "Plain")}
    assert tags["Plain"] is None
    assert (tags["Part"].key, tags["Part"].members, tags["Part"].required) == (
        "type", (("TextPart", "text", True), ("ImagePart", "image", True)), True)
    assert tags["Loose"].members == (("OptText", "a", False), ("OptNumber", "b", False))
    assert tags["ByEnum"].members == (("EnumTagged1", "k1", True), ("EnumTagged2", "k2", True))
    assert tags["Versioned"].members == (("VersionOne", 1, True), ("VersionTwo", 2, True))
    inline = next(f for f in by_name["Holder"].fields if f.name == "inline")  # type: ignore[union-attr]
    assert inline.type.tag is not None and inline.type.tag.key == "type"  # type: ignore[union-attr]
    assert by_name["TextPart"].member_tag == ("type", "text")  # type: ignore[union-attr]
    assert all(isinstance(m, Ref) for m in by_name["Part"].members)  # type: ignore[union-attr]


def _errors(model: type[pydantic.BaseModel], payload: Any) -> list[dict[str, Any]]:
    try:
        model.model_validate_json(json.dumps(payload))
    except pydantic.ValidationError as exc:
        return exc.errors()  # type: ignore[return-value]
    return []


BASE = {"part": {"type": "text", "text": "hi"}}


@pytest.mark.parametrize(("payload", "accepted"), [
    (BASE, True),
    ({"part": {"type": "image", "url": "u"}, "parts": [{"type": "text", "text": "a"}, {"type": "image", "url": "b"}]}, True),
    ({**BASE, "loose": {"text": "no tag"}}, True),  # the members that do not require the tag take it
    ({**BASE, "loose": {"kind": "b", "number": 3}}, True),
    ({**BASE, "by_enum": {"kind": "k2", "b": "x"}}, True),
    ({**BASE, "versioned": {"version": 2, "b": "x"}}, True),
    ({**BASE, "plain": {"y": "x"}}, True),
    ({**BASE, "inline": {"type": "image", "url": "u"}}, True),
    ({"part": {"type": "text", "text": 5}}, False),
    ({"part": {"text": "no tag"}}, False),  # Part's members require it
    ({"part": {"type": "video", "url": "u"}}, False),
    ({**BASE, "loose": {"kind": "b", "text": "wrong member"}}, False),
    ({**BASE, "versioned": {"version": "2", "b": "x"}}, False),  # the tag's JSON type counts
    ({**BASE, "versioned": {"version": True, "b": "x"}}, False),
    ({**BASE, "by_enum": {"kind": "k3", "b": "x"}}, False),
    ({**BASE, "plain": {"z": 1}}, False),
])
def test_every_target_accepts_and_rejects_alike(gen: Generated, payload: dict[str, Any], accepted: bool) -> None:
    assert (not _errors(gen.pydantic.Holder, payload)) is accepted
    try:
        gen.dataclasses.Holder.from_dict(json.loads(json.dumps(payload)))
        dataclass_ok = True
    except ValueError:
        dataclass_ok = False
    assert dataclass_ok is accepted
    assert gen.validator("Holder").is_valid(payload) is accepted


def test_a_null_optional_tag_is_no_tag(gen: Generated) -> None:
    """The one difference the targets keep (README): an explicit null for an Optional field."""
    payload = {**BASE, "loose": {"kind": None, "number": 3}}
    assert not _errors(gen.pydantic.Holder, payload)
    assert type(gen.dataclasses.Holder.from_dict(payload).loose).__name__ == "OptNumber"
    assert not gen.validator("Holder").is_valid(payload)


def test_an_invalid_member_gives_one_error_from_the_member_its_tag_names(gen: Generated) -> None:
    errors = _errors(gen.pydantic.Holder, {"part": {"type": "text", "text": 5}})
    assert [(e["loc"], e["type"]) for e in errors] == [(("part", "text", "text"), "string_type")]
    errors = _errors(gen.pydantic.Holder, {**BASE, "loose": {"kind": "a", "text": 5}})
    assert [(e["loc"], e["type"]) for e in errors] == [(("loose", "a", "text"), "string_type")]
    errors = _errors(gen.pydantic.Holder, {**BASE, "versioned": {"version": 3, "b": "x"}})
    assert [e["type"] for e in errors] == ["union_tag_invalid"]


def test_the_dataclass_loader_picks_the_member_by_its_tag(gen: Generated) -> None:
    holder = gen.dataclasses.Holder.from_dict({**BASE, "loose": {"kind": "b", "number": 1}, "versioned": {"version": 1, "a": "x"}})
    assert type(holder.part).__name__ == "TextPart"
    assert type(holder.loose).__name__ == "OptNumber" and type(holder.versioned).__name__ == "VersionOne"
    with pytest.raises(ValueError, match=r"\$\.part\.text: expected a string"):
        gen.dataclasses.Holder.from_dict({"part": {"type": "text", "text": 5}})
    with pytest.raises(ValueError, match=r"\$\.part\.type: expected one of \['text', 'image'\]"):
        gen.dataclasses.Holder.from_dict({"part": {"type": "video"}})


def test_models_built_in_python_go_through_the_discriminator(gen: Generated) -> None:
    text = gen.pydantic.OptText(text="made in Python")  # kind left unset: None
    holder = gen.pydantic.Holder(part=gen.pydantic.TextPart(type="text", text="t"), loose=text)
    assert holder.loose is text


def test_the_json_schema_stays_2020_12_without_a_discriminator_keyword(gen: Generated) -> None:
    part = gen.schema("Part")
    assert "discriminator" not in json.dumps(part)
    assert [m["$ref"] for m in part["anyOf"]] == ["#/$defs/TextPart", "#/$defs/ImagePart"]


@pytest.mark.slow
def test_mistral_content_chunk_reports_one_error_from_text_chunk(generated_corpus) -> None:  # type: ignore[no-untyped-def]
    run, out = generated_corpus("mistral-python")
    assert run.returncode == 0, run.stderr[-2000:]
    gen = load(out, "mistral_tags")
    adapter = pydantic.TypeAdapter(gen.pydantic.ContentChunk)
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_json('{"type": "text", "text": 5}')
    assert caught.value.error_count() == 1
    assert caught.value.errors()[0]["loc"] == ("text", "text")
    assert type(adapter.validate_json('{"text": "no tag"}')).__name__ == "TextChunk"

