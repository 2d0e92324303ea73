"""Fidelity: the generated models accept what the SDKs' own models accept.

Per Python corpus, the CLI's output is scored by ../shared/conformance/score.py
against the ground truth read from the SDK's code: every model whose doc lists
the same fields as the code matches, except the ones listed with a reason in
tests/fixtures/fidelity/known_failures.toml. A listed model that starts to
match fails the test too, so the list never outlives its reason. The
TypeScript trees are compared with their Python twin the same way.

The semantics behind those numbers are tested on fixtures of our own below,
through the same shape the scorer computes (../shared/conformance/shape.py).
"""

from __future__ import annotations

import json
import sys
import tomllib
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.conformance_table import (
    PYTHON_CORPORA,
    TYPESCRIPT_TWINS,
    compare_with_twin,
    failing_where_docs_agree,
    pair_titles,
    read_score,
    twin_differences,
)
from tests.conftest import FIXTURES, need_shared
from tests.targets_support import generate, load

KNOWN_FAILURES = FIXTURES / "fidelity" / "known_failures.toml"
SEMANTICS = FIXTURES / "fidelity" / "semantics" / "docs" / "models"


def known_failures(corpus: str) -> dict[str, str]:
    """title -> why it does not match, for one corpus."""
    with KNOWN_FAILURES.open("rb") as fh:
        entries = tomllib.load(fh).get(corpus, [])
    out: dict[str, str] = {}
    for entry in entries:
        assert entry["reason"].strip(), f"{corpus}: an entry without a reason"
        for title in entry["models"]:
            assert title not in out, f"{corpus}: {title} is listed twice"
            out[title] = entry["reason"]
    return out


def _report(failing: set[str], known: dict[str, str]) -> str:
    new = sorted(set(failing) - set(known))
    fixed = sorted(set(known) - set(failing))
    return (f"now failing, not in {KNOWN_FAILURES.name}: {new}\n"
            f"now matching, remove from {KNOWN_FAILURES.name}: {fixed}")


@pytest.mark.slow
@pytest.mark.parametrize("corpus", PYTHON_CORPORA)
def test_python_corpus_matches_the_sdk_where_docs_agree(corpus: str, generated_corpus, corpus_checks) -> None:  # type: ignore[no-untyped-def]
    need_shared("corpora", corpus, "expected.json.gz")
    need_shared("conformance", "score.py")
    run, out = generated_corpus(corpus)
    assert run.returncode == 0, run.stderr[-3000:]
    result = read_score(corpus_checks(corpus)["score"].result(), out)  # score.py, started in the background
    failing = failing_where_docs_agree(corpus, result)
    known = known_failures(corpus)
    assert failing == set(known), _report(set(failing), known)
    assert result.agree_ok == result.agree - len(known)


@pytest.mark.slow
@pytest.mark.parametrize("corpus", sorted(TYPESCRIPT_TWINS))
def test_typescript_tree_agrees_with_its_python_twin(corpus: str, generated_corpus) -> None:  # type: ignore[no-untyped-def]
    twin = TYPESCRIPT_TWINS[corpus]
    need_shared("corpora", twin, "expected.json.gz")
    run, out = generated_corpus(corpus)
    assert run.returncode == 0, run.stderr[-3000:]
    compared, differences = twin_differences(twin, out)
    assert compared >= 30  # the titles the two trees share are found, renamed ones included
    known = known_failures(corpus)
    assert set(differences) == set(known), _report(set(differences), known)


# --- the twin comparison itself -------------------------------------------------------------


def test_twin_titles_pair_across_typescript_renames() -> None:
    pairs = pair_titles({"Function", "JSONSchema", "Usage", "Gone"}, {"FunctionT", "JsonSchema", "Usage", "Other"})
    assert pairs == {"Function": "FunctionT", "JSONSchema": "JsonSchema", "Usage": "Usage"}


def test_twin_comparison_leaves_out_nullability_openness_and_number_kinds() -> None:
    python = {"kind": "object", "extra": False, "fields": {
        "finish_reason": {"required": False, "nullable": True, "type": ["lit", ['"stop"']]},
        "index": {"required": True, "nullable": False, "type": "int"},
        "format_": {"required": False, "nullable": True, "type": "str"},
        "object": {"required": False, "nullable": False, "type": ["lit", ['"chunk"']]},
    }}
    typescript = {"kind": "object", "extra": False, "fields": {
        "finish_reason": {"required": False, "nullable": False, "type": ["union", ["str", ["lit", ['"stop"']]]]},
        "index": {"required": True, "nullable": False, "type": "float"},
        "format": {"required": False, "nullable": False, "type": "str"},
        "object": {"required": True, "nullable": False, "type": ["lit", ['"chunk"']]},
    }}
    assert compare_with_twin(python, typescript) == []
    typescript["fields"]["index"] = {"required": False, "nullable": False, "type": "str"}
    assert compare_with_twin(python, typescript) == ["field index required", "field index type"]



def test_twin_comparison_reads_an_sdk_open_enum_class_as_the_open_enum_it_is() -> None:
    """An SDK's open enum class (OpenEnumMeta) is `str` in the ground truth; the TypeScript doc's
    open enum is its values or any string: the same type. A closed one still is not `str`."""
    open_enum = ["union", ["str", ["lit", ['"a"', '"b"']]]]
    assert compare_with_twin({"kind": "type", "type": "str", "nullable": False},
                             {"kind": "type", "type": open_enum, "nullable": False}) == []
    assert compare_with_twin({"kind": "type", "type": "str", "nullable": False},
                             {"kind": "type", "type": ["lit", ['"a"', '"b"']], "nullable": False}) == ["type"]


# --- semantics, on fixtures of our own, as the scorer sees them -----------------------------


@pytest.fixture(scope="module")
def semantics(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return load(generate(SEMANTICS, tmp_path_factory.mktemp("semantics") / "out"), "fidelity_semantics").pydantic


@pytest.fixture(scope="module")
def shape_of() -> Any:
    conformance = need_shared("conformance")
    sys.path.insert(0, str(conformance))
    try:
        from extract_expected import schema_for  # type: ignore[import-not-found]
        from shape import shape_of as shape  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(conformance))
    return lambda obj: json.loads(json.dumps(shape(schema_for(obj))))


def field(required: bool, nullable: bool, type_: object) -> dict[str, object]:
    return {"required": required, "nullable": nullable, "type": type_}


PART = ["union", [["ref", "ImagePart"], ["ref", "TextPart"]]]
EVENT_SHAPE = {
    "kind": "object",
    "extra": False,
    "fields": {
        # A single literal stays typed as the literal.
        "object": field(True, False, ["lit", ['"chat.completion.chunk"']]),
        # A union nested in Optional: its members, one of which is a list of a union.
        "content": field(False, True, ["union", ["str", ["list", PART]]]),
        # Union and enum members as list items.
        "parts": field(True, False, ["list", PART]),
        "roles": field(False, True, ["list", ["lit", ['"assistant"', '"user"']]]),
        "statuses": field(False, True, ["list", ["union", ["str", ["lit", ['"done"', '"queued"']]]]]),
        "stop": field(False, True, ["union", ["str", ["list", "str"]]]),
        "grid": field(False, True, ["list", ["list", ["union", ["str", ["list", PART]]]]]),
        # Speakeasy's [date](...#date-objects) link is a datetime.
        "finished_at": field(True, False, "datetime"),
        "seed": field(True, True, "int"),
        # A Supported Types member that is a type expression (Dict[str, Any]).
        "metadata": field(False, True, ["union", ["bool", ["dict", "any"]]]),
    },
}


def test_semantics_shape_as_the_scorer_sees_it(semantics: ModuleType, shape_of: Any) -> None:
    assert shape_of(semantics.Event) == EVENT_SHAPE
    assert shape_of(semantics.ImagePart)["extra"] is True  # __pydantic_extra__
    assert shape_of(semantics.TextPart)["extra"] is False


def test_semantics_accept_and_reject_like_the_doc_says(semantics: ModuleType) -> None:
    event = semantics.Event
    base = {"object": "chat.completion.chunk", "parts": [], "finished_at": "2024-01-02T03:04:05Z", "seed": None}
    accepted = [
        base,
        {**base, "parts": [{"type": "text", "text": "hi"}, {"type": "image", "url": "u", "detail": "extra key kept"}]},
        {**base, "content": [{"type": "text", "text": "hi"}], "grid": [["a", [{"type": "image", "url": "u"}]]]},
        {**base, "roles": ["user", "assistant"], "statuses": ["queued", "something new"]},
        {**base, "stop": None, "metadata": {"k": [1]}},
        {**base, "stop": ["a", "b"], "metadata": True, "seed": 7},
    ]
    for payload in accepted:
        event.model_validate_json(json.dumps(payload))
    rejected = [
        {**base, "object": "chat.completion"},  # the single literal
        {**base, "roles": ["system"]},  # a closed enum as a list item
        {**base, "parts": [{"type": "audio", "data": "x"}]},  # no union member fits
        {**base, "parts": [["not", "a", "part"]]},
        {**base, "content": 3},
        {k: v for k, v in base.items() if k != "seed"},  # Nullable but required
        {**base, "metadata": "text"},
    ]
    for payload in rejected:
        with pytest.raises(pydantic.ValidationError):
            event.model_validate_json(json.dumps(payload))
