"""The msgspec target: Structs that accept and reject what the Pydantic models do.

Each source is generated here, parse -> resolve -> emit (generator.emit.package),
into a temporary folder, and its pydantic_models and msgspec_models are imported:
the constructs fixture, every seed in specs/, and the chunk models of the corpora
in ../shared/corpora (mistral whole; the others only the chunk and what it reaches).

The payloads are those of tests/fixtures/payloads/<source>/<Model>.json (see
tests/test_agreement.py). msgspec must agree with Pydantic on every one, except
the differences listed in DIFFERENCES, each with its reason; every listed
difference is checked to still be one.
"""

from __future__ import annotations

import datetime
import importlib
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pydantic
import pytest

from generator.emit.package import encode_all, package_files
from generator.mode import Mode
from generator.parse.loader import parse_folder as parse_package
from generator.resolve import resolve

pytestmark = pytest.mark.slow  # a module fixture generates every corpus; tests/test_tags.py is the quick check

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PAYLOADS = FIXTURES / "payloads"
CONSTRUCTS = FIXTURES / "targets" / "constructs" / "docs" / "models"
CORPORA = REPO.parent / "shared" / "corpora"
PYTHON = Path(sys.executable).parent
TARGETS = ("pydantic", "msgspec")
# The chunk model of each corpus, and how its SDK puts keys on the wire (as tests/test_agreement.py).
CORPUS_CHUNKS = {
    "atoma-python": ("ChatCompletionChunk", "as-documented"),
    "atoma-typescript": ("ChatCompletionChunk", "snake_case"),
    "mistral-python": ("CompletionChunk", "as-documented"),
    "orq-python": ("CreateChatCompletionData", "as-documented"),
    "r9s-python": ("ChatCompletionStreamEvent", "as-documented"),
}
_counter = itertools.count()


def generate(spec: Path, out: Path, wire_names: str = "as-documented", select: tuple[str, ...] = ()) -> Path:
    """parse -> resolve -> every file of the Pydantic and msgspec targets, written under `out`."""
    mode = Mode(wire_names=wire_names, targets=TARGETS, select=select)
    definitions, _ = parse_package(spec)
    package, _ = resolve(out.name, definitions, mode)
    shutil.rmtree(out, ignore_errors=True)
    for file in package_files(package, mode, "salt", encode_all(list(package.definitions))):
        path = out / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.render(), encoding="utf-8")
    return out


@dataclass(frozen=True)
class Generated:
    root: Path
    pydantic: ModuleType
    msgspec: ModuleType


def load(out: Path) -> Generated:
    """Import the generated package (its folder name is unique in the session)."""
    sys.path.insert(0, str(out.parent))
    try:
        return Generated(out, importlib.import_module(f"{out.name}.pydantic_models"),
                         importlib.import_module(f"{out.name}.msgspec_models"))
    finally:
        sys.path.remove(str(out.parent))


def seed_wire_names(package: str) -> str:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    entry = next(e for e in config["tool"]["docmodels"]["packages"] if e["spec"] == f"specs/{package}")
    return str(entry.get("wire_names", "as-documented"))


SEEDS = sorted(p.name for p in (REPO / "specs").iterdir() if p.is_dir())


def _model_doc(title: str, *rows: tuple[str, str, bool]) -> str:
    table = "".join(f"| `{name}` | {type_} | {':heavy_check_mark:' if required else ':heavy_minus_sign:'} | N/A |\n"
                    for name, type_, required in rows)
    return f"# {title}\n\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n{table}"


def _union_doc(title: str, *members: str) -> str:
    sections = "".join(f"\n### `{m}`\n\n```python\nvalue: {m} = /* values here */\n```\n" for m in members)
    return f"# {title}\n\n\n## Supported Types\n{sections}"


def _link(title: str, around: str = "{}") -> str:
    return f"[{around.format('models.' + title)}](../models/{title.lower()}.md)"


# Unions of every kind msgspec refuses, and one it decodes by an integer tag.
UNION_DOCS = {
    "circle.md": _model_doc("Circle", ("kind", "*Literal[1]*", True), ("radius", "*float*", True)),
    "square.md": _model_doc("Square", ("kind", "*Literal[2]*", True), ("side", "*float*", True)),
    "shape.md": _union_doc("Shape", "models.Circle", "models.Square"),  # tagged by kind: 1 or 2
    "cat.md": _model_doc("Cat", ("type", '*Literal["cat"]*', True), ("name", "*str*", True),
                         ("lives", "*Optional[int]*", False)),
    "dog.md": _model_doc("Dog", ("type", '*Optional[Literal["dog"]]*', False), ("name", "*str*", True),
                         ("good", "*Optional[bool]*", False)),
    "animal.md": _union_doc("Animal", "models.Cat", "models.Dog"),  # a dog may leave its tag out
    "color.md": "# Color\n\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `RED` | red |\n| `GREEN` | green |\n",
    "paint.md": _union_doc("Paint", "models.Color", "str"),  # an enum and a string
    "when.md": _union_doc("When", "str", "datetime"),  # two string-like types
    "box.md": _union_doc("Box", "Dict[str, int]", "models.Circle"),  # a dict and a Struct
    "lists.md": _union_doc("Lists", "List[int]", "List[str]"),  # two arrays
    "holder.md": _model_doc(
        "Holder",
        ("shape", _link("Shape"), True), ("shapes", f"List[{_link('Shape')}]", False),
        ("animal", _link("Animal", "Optional[{}]"), False), ("animals", f"List[{_link('Animal')}]", False),
        ("paint", _link("Paint"), False), ("when", _link("When", "Optional[{}]"), False),
        ("box", _link("Box", "Nullable[{}]"), True), ("lists", _link("Lists", "Optional[{}]"), False),
        ("pair", "*Optional[Union[models.Cat, models.Dog]]*", False),
        ("by_name", f"Dict[str, {_link('Animal')}]", False),
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """generated(source) -> the loaded targets of "constructs", "seed-<package>" or
    "corpus-<name>", built once per module."""
    cache: dict[str, Generated] = {}
    failed: dict[str, BaseException] = {}  # a source that would not build fails its tests at once

    def build(source: str) -> Generated:
        if source in failed:
            raise failed[source]
        try:
            return cache[source] if source in cache else make(source)
        except Exception as error:
            failed[source] = error
            raise

    def make(source: str) -> Generated:
        work = tmp_path_factory.mktemp("msgspec")
        out = work / f"msgspec_gen_{next(_counter)}"
        if source == "constructs":
            generate(CONSTRUCTS, out)
        elif source == "unions":
            spec = work / "unions"
            spec.mkdir()
            for name, text in UNION_DOCS.items():
                (spec / name).write_text(text, encoding="utf-8")
            generate(spec, out)
        elif source.startswith("seed-"):
            name = source.removeprefix("seed-")
            generate(REPO / "specs" / name, out, seed_wire_names(name))
        else:
            name = source.removeprefix("corpus-")
            archive = CORPORA / name / "docs-models.tar.gz"
            if not archive.is_file():
                pytest.skip(f"{archive} is absent: this test needs the shared corpora beside the repository")
            with tarfile.open(archive) as tar:
                tar.extractall(work / "corpus", filter="data")
            model, wire_names = CORPUS_CHUNKS[name]
            select = () if name == "mistral-python" else (model,)  # mistral: the whole corpus
            generate(work / "corpus" / "docs" / "models", out, wire_names, select)
        cache[source] = load(out)
        return cache[source]

    return build


# --- what a payload does to each target ---------------------------------------------------


_ADAPTERS: dict[int, pydantic.TypeAdapter[Any]] = {}


def pydantic_accepts(generated: Generated, name: str, text: str) -> bool:
    """Through model_validate_json, or a TypeAdapter for an alias."""
    target = getattr(generated.pydantic, name)
    if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
        validate = target.model_validate_json
    else:
        validate = _ADAPTERS.setdefault(id(target), pydantic.TypeAdapter(target)).validate_json
    try:
        validate(text)
    except pydantic.ValidationError:
        return False
    return True


def msgspec_decode(generated: Generated, name: str, text: str) -> Any:
    return msgspec.json.decode(text, type=getattr(generated.msgspec, name))


def msgspec_accepts(generated: Generated, name: str, text: str) -> bool:
    try:
        msgspec_decode(generated, name, text)
    except msgspec.DecodeError:  # ValidationError is one
        return False
    return True


def payload_cases(groups: tuple[str, ...] = ("valid", "valid_lossy", "null_where_optional", "invalid")) -> list[Any]:
    cases = []
    for path in sorted(PAYLOADS.glob("*/*.json")):
        for group, payloads in json.loads(path.read_text(encoding="utf-8")).items():
            if group in groups:
                for case, payload in payloads.items():
                    source, model = path.parent.name, path.stem
                    cases.append(pytest.param(source, model, payload, id=f"{source}/{model}/{group}/{case}"))
    return cases


# --- the differences from the Pydantic target ---------------------------------------------


@dataclass(frozen=True)
class Difference:
    source: str
    model: str
    payload: Any
    pydantic: bool  # whether Pydantic accepts it
    msgspec: bool
    reason: str


_PET = {"name": "Rex", "kind": "dog", "type": "pet", "petId": 1, "created_at": "2024-01-02T03:04:05Z"}
DIFFERENCES = [
    Difference("constructs", "Pet", {**_PET, "created_at": "2024-01-02 03:04:05Z"}, False, True,
               "msgspec's RFC 3339 parser takes a space for the `T` (as RFC 3339 section 5.6 permits); the "
               "Pydantic runtime's pattern asks for `T`, and msgspec.Meta has no pattern for datetimes"),
    Difference("constructs", "Pet", {**_PET, "created_at": "2024-01-02T03:04:05+0100"}, False, True,
               "msgspec takes an offset without its colon (ISO 8601's basic format); the Pydantic runtime's "
               "RFC 3339 pattern does not"),
    Difference("constructs", "Pet", {**{k: v for k, v in _PET.items() if k != "petId"}, "pet_id": 1}, True, False,
               "the Pydantic models take a field whose wire key differs under its Python name too "
               "(populate_by_name=True); a Struct's rename= maps the attribute to its wire key only"),
    Difference("corpus-mistral-python", "AudioChunk", {"input_audio": "AAAA"}, False, True,
               "a Struct tagged as a member of a union (tag_field/tag) has no field for its tag, and msgspec "
               "checks the tag of a Struct decoded on its own only where the object has one; Pydantic requires "
               "the literal field the doc requires (decoded as a member of the union, both require it)"),
    Difference("corpus-mistral-python", "ContentChunk", {"type": "text", "text": 5}, False, True,
               "a union msgspec cannot decode (here: a tag some members may leave out) is Any as an alias: "
               "decoded on its own it checks nothing; a Struct field of its type checks it (see "
               "test_fallback_union_in_a_struct_is_checked)"),
]
# Payloads that both accept, whose round trip through msgspec loses something Pydantic keeps.
ROUND_TRIP_DIFFERENCES = {
    ("corpus-mistral-python", "CompletionChunk", "last chunk with usage and extra usage keys"):
        "a model whose doc allows extra keys (Pydantic: extra=\"allow\", kept) drops them in msgspec, which "
        "ignores unknown keys and keeps none",
}


def test_differences_are_still_differences(generated) -> None:  # type: ignore[no-untyped-def]
    for difference in DIFFERENCES:
        gen = generated(difference.source)
        text = json.dumps(difference.payload)
        assert pydantic_accepts(gen, difference.model, text) == difference.pydantic, difference
        assert msgspec_accepts(gen, difference.model, text) == difference.msgspec, difference


# --- agreement on the payloads of the chunk models ----------------------------------------


@pytest.mark.parametrize(("source", "model", "payload"), payload_cases())
def test_msgspec_agrees_with_pydantic(generated, source: str, model: str, payload: Any) -> None:  # type: ignore[no-untyped-def]
    gen = generated(source)
    text = json.dumps(payload)
    assert msgspec_accepts(gen, model, text) == pydantic_accepts(gen, model, text)


@pytest.mark.parametrize(("source", "model", "payload"), payload_cases(("valid", "null_where_optional")))
def test_round_trip(generated, request, source: str, model: str, payload: Any) -> None:  # type: ignore[no-untyped-def]
    """json.loads(encode(decode(x))) == json.loads(x): an absent key stays absent (UNSET), an
    explicit null stays null, tagged Structs write their tag back."""
    case = request.node.callspec.id.rsplit("/", 1)[-1]
    gen = generated(source)
    text = json.dumps(payload)
    back = json.loads(msgspec.json.encode(msgspec_decode(gen, model, text)))
    if (source, model, case) in ROUND_TRIP_DIFFERENCES:
        assert back != json.loads(text)
    else:
        assert back == json.loads(text)


# --- the constructs ----------------------------------------------------------------------

CONSTRUCT_CASES = [
    ("Pet", _PET),
    ("Pet", {**_PET, "created_at": "2024-01-02T03:04:05"}),  # no offset
    ("Pet", {**_PET, "created_at": "2024-01-02t03:04:05.123456789z"}),
    ("Pet", {**_PET, "created_at": "2024-02-30T03:04:05Z"}),
    ("Pet", {**_PET, "created_at": 1704164645}),
    ("Pet", {**_PET, "birth_date": "2024-01-02"}),
    ("Pet", {**_PET, "birth_date": "2024-01-02T00:00:00Z"}),
    ("Pet", {**_PET, "birth_date": "2024-1-2"}),
    ("Pet", {**_PET, "kind": "cat"}),
    ("Pet", {**_PET, "kind": "fish"}),  # a closed enum
    ("Pet", {**_PET, "status": "hungry"}),  # an open enum
    ("Pet", {**_PET, "status": 3}),
    ("Pet", {**_PET, "size": 2}),
    ("Pet", {**_PET, "size": 4}),
    ("Pet", {**_PET, "size": True}),
    ("Pet", {**_PET, "size": "2"}),
    ("Pet", {**_PET, "mood": True}),  # Literal["happy", 0, True]
    ("Pet", {**_PET, "mood": False}),
    ("Pet", {**_PET, "mood": 1}),
    ("Pet", {**_PET, "mood": 0}),
    ("Pet", {**_PET, "level": 3}),
    ("Pet", {**_PET, "level": 3.0}),
    ("Pet", {**_PET, "level": True}),
    ("Pet", {**_PET, "type": "cat"}),  # a single literal
    ("Pet", {k: v for k, v in _PET.items() if k != "type"}),
    ("Pet", {**_PET, "petId": "1"}),
    ("Pet", {**_PET, "petId": 1.0}),
    ("Pet", {**_PET, "petId": 10**30}),
    ("Pet", {**_PET, "pet_id": 1, "petId": None}),
    ("Pet", {**_PET, "photo": "not base64 at all!"}),  # bytes
    ("Pet", {**_PET, "photo": 5}),
    ("Pet", {**_PET, "metadata": {"a": [1, None]}}),
    ("Pet", {**_PET, "metadata": []}),
    ("Pet", {**_PET, "tags": ["a", 1]}),
    ("Pet", {**_PET, "scores": {"a": [1, 2]}}),
    ("Pet", {**_PET, "scores": {"a": [1.5]}}),
    ("Pet", {**_PET, "toy": "ball"}),  # Ball | Bone | str: a union msgspec cannot decode
    ("Pet", {**_PET, "toy": {"diameter": 2.5}}),
    ("Pet", {**_PET, "toy": {"length": 3, "chewed": True}}),
    ("Pet", {**_PET, "toy": {"length": "3"}}),
    ("Pet", {**_PET, "toy": {}}),
    ("Pet", {**_PET, "toy": 5}),
    ("Pet", {**_PET, "toy": None}),
    ("Pet", {**_PET, "toy": [{"diameter": 1}]}),
    ("Pet", {**_PET, "grid": [[{"diameter": 1}], []]}),
    ("Pet", {**_PET, "grid": [[{"diameter": "1"}]]}),
    ("Pet", {**_PET, "vet": {"anything": [1]}}),  # a placeholder: any value
    ("Pet", {**_PET, "owner": {"name": "Ann", "pets": [_PET], "favourite": None}}),
    ("Pet", {**_PET, "owner": {"name": "Ann", "pets": [{**_PET, "toy": 5}], "favourite": None}}),
    ("Pet", {**_PET, "parent": {**_PET, "parent": {**_PET, "kind": "fish"}}}),
    ("Pet", {**_PET, "x-trace-id": "t"}),
    ("Pet", {**_PET, "unknown": 1}),  # extra keys are allowed
    ("Pet", {**_PET, "legacy_tag": {"label": "old"}}),
    ("Pet", {**_PET, "old_name": None}),
    ("Owner", {"name": "Ann", "pets": []}),  # favourite: nullable, so required
    ("Owner", {"name": "Ann", "pets": [], "favourite": None}),
    ("Document", {"body": {"a": [1, "x", True, {"b": 2.5}]}}),  # a recursive union
    ("Document", {"body": None}),
    ("Document", {"body": {"a": [None]}}),
    ("Document", {"body": "text", "snack": [{"length": 1}]}),
    ("Document", {"body": "text", "snack": {"a": 1}}),
    ("Document", {"body": "text", "snack": {"a": "1"}}),
    ("Tombstone", {"content": None}),
    ("Tombstone", {"content": 0}),
    ("Tombstone", {"content": None, "attachment": None}),
    ("Tombstone", {}),
    ("Mapping", {"required_str": "a", "nullable_float": None}),
    ("Mapping", {"required_str": "a", "nullable_float": 1}),
    ("Mapping", {"required_str": "a", "nullable_float": 1, "optional_int": None, "optional_nullable_str": None}),
    ("Mapping", {"required_str": "a"}),
    ("Mapping", {"required_str": 1, "nullable_float": 1}),
    ("Node", {"value": 1, "children": [{"value": 2, "by_name": {"x": {"value": 3}}}], "next": {"value": 4}}),
    ("Node", {"value": 1, "children": [{"value": 2, "by_name": {"x": {"value": "3"}}}]}),
    ("Keywords", {"class": "c", "from": "f", "self": "s", "cls": "c", "model_config": "m", "Pet": "p"}),
    ("Toy", "ball"),  # the alias on its own: Any (see DIFFERENCES)
]


@pytest.mark.filterwarnings("ignore:LegacyTag is deprecated:DeprecationWarning")  # Pydantic warns on validation
@pytest.mark.parametrize(("model", "payload"), CONSTRUCT_CASES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(CONSTRUCT_CASES)])
def test_constructs_agree_with_pydantic(generated, model: str, payload: Any) -> None:  # type: ignore[no-untyped-def]
    gen = generated("constructs")
    text = json.dumps(payload)
    assert msgspec_accepts(gen, model, text) == pydantic_accepts(gen, model, text)


def test_constructs_round_trip(generated) -> None:  # type: ignore[no-untyped-def]
    """Every accepted construct comes back as it came, but for extra keys (dropped: see
    ROUND_TRIP_DIFFERENCES) and a date-time msgspec writes in its own form (`Z`, upper case,
    microseconds), as Pydantic does."""
    gen = generated("constructs")
    for model, payload in CONSTRUCT_CASES:
        text = json.dumps(payload)
        if not msgspec_accepts(gen, model, text) or (model == "Pet" and "unknown" in payload):
            continue
        back = json.loads(msgspec.json.encode(msgspec_decode(gen, model, text)))
        if model == "Pet" and payload["created_at"] != _PET["created_at"]:
            assert back["created_at"] == "2024-01-02T03:04:05.123457Z"
            back["created_at"] = payload["created_at"]
        assert back == payload, (model, payload)


def test_what_the_constructs_become(generated) -> None:  # type: ignore[no-untyped-def]
    ms = generated("constructs").msgspec
    pet = msgspec.json.decode(json.dumps({**_PET, "toy": {"length": 3}, "photo": "x"}), type=ms.Pet)
    assert isinstance(pet, msgspec.Struct) and pet.pet_id == 1 and pet.status is msgspec.UNSET
    assert pet.kind is ms.PetKind.DOG
    assert pet.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert isinstance(pet.toy, ms.Bone) and pet.photo == "x"  # the union checked and converted
    assert msgspec.structs.fields(ms.Pet)[3].encode_name == "petId"  # rename=...
    assert msgspec.json.decode(b'{"value": 1, "next": {"value": 2}}', type=ms.Node).next.value == 2
    document = msgspec.json.decode(b'{"body": [{"a": ["b", 1.5]}], "snack": [{"length": 2}]}', type=ms.Document)
    assert document.body == [{"a": ["b", 1.5]}] and isinstance(document.snack[0], ms.Bone)
    assert ms.LegacyTag.__deprecated__ == "LegacyTag is deprecated"
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(json.dumps({**_PET, "toy": {"length": "3"}}), type=ms.Pet)
    assert str(caught.value) == (
        "No documented type matches (Object missing required field `diameter`; Expected `int`, got `str` - at "
        "`.length`; Expected `str`, got `object`) - at `toy`")


_HOLDER = {"shape": {"kind": 1, "radius": 2.0}, "box": None}
UNION_CASES = [
    _HOLDER,
    {**_HOLDER, "shape": {"kind": 2, "side": 1}},
    {**_HOLDER, "shape": {"kind": 3, "side": 1}},
    {**_HOLDER, "shape": {"kind": "1", "radius": 1}},
    {**_HOLDER, "shape": {"kind": True, "radius": 1}},
    {**_HOLDER, "shape": {"radius": 1}},
    {**_HOLDER, "shape": {"kind": 2, "radius": 1}},
    {**_HOLDER, "shapes": [{"kind": 2, "side": 1}, {"kind": 1, "radius": 1}]},
    {**_HOLDER, "animal": {"type": "cat", "name": "Tom"}},
    {**_HOLDER, "animal": {"type": "dog", "name": "Rex"}},
    {**_HOLDER, "animal": {"name": "Rex"}},  # no tag: a dog (its tag is optional)
    {**_HOLDER, "animal": {"name": "Tom", "lives": 9}},  # no tag: not a cat (its tag is required), a dog
    {**_HOLDER, "animal": {"type": "cow", "name": "Daisy"}},
    {**_HOLDER, "animal": {"type": None, "name": "Rex"}},
    {**_HOLDER, "animal": {"type": "cat", "name": 5}},
    {**_HOLDER, "animal": None},
    {**_HOLDER, "animal": "Rex"},
    {**_HOLDER, "animals": [{"type": "cat", "name": "Tom"}, {"name": "Rex", "good": True}]},
    {**_HOLDER, "animals": [{"type": "cat", "name": "Tom"}, {"name": "Rex", "good": "yes"}]},
    {**_HOLDER, "animals": None},
    {**_HOLDER, "by_name": {"tom": {"type": "cat", "name": "Tom"}}},
    {**_HOLDER, "by_name": {"tom": {"type": "cat"}}},
    {**_HOLDER, "pair": {"type": "dog", "name": "Rex"}},
    {**_HOLDER, "pair": {"type": "cat", "name": "Tom", "lives": "9"}},
    {**_HOLDER, "paint": "red"},
    {**_HOLDER, "paint": "purple"},
    {**_HOLDER, "paint": 1},
    {**_HOLDER, "paint": None},
    {**_HOLDER, "when": "2024-01-02T03:04:05Z"},
    {**_HOLDER, "when": "soon"},
    {**_HOLDER, "when": 1704164645},
    {**_HOLDER, "box": {"a": 1}},
    {**_HOLDER, "box": {"kind": 1, "radius": 3}},
    {**_HOLDER, "box": {"a": "1"}},
    {**_HOLDER, "box": []},
    {k: v for k, v in _HOLDER.items() if k != "box"},  # Nullable: required
    {**_HOLDER, "lists": [1, 2]},
    {**_HOLDER, "lists": ["a"]},
    {**_HOLDER, "lists": [1, "a"]},
    {**_HOLDER, "lists": []},
]


@pytest.mark.parametrize("payload", UNION_CASES, ids=[str(i) for i in range(len(UNION_CASES))])
def test_unions_agree_with_pydantic(generated, payload: Any) -> None:  # type: ignore[no-untyped-def]
    gen = generated("unions")
    text = json.dumps(payload)
    assert msgspec_accepts(gen, "Holder", text) == pydantic_accepts(gen, "Holder", text)
    if msgspec_accepts(gen, "Holder", text) and payload.get("animal") != {"name": "Tom", "lives": 9}:  # a dog: lossy
        assert json.loads(msgspec.json.encode(msgspec_decode(gen, "Holder", text))) == payload


def test_what_the_unions_become(generated) -> None:  # type: ignore[no-untyped-def]
    ms = generated("unions").msgspec
    assert ms.Circle.__struct_config__.tag_field == "kind" and ms.Circle.__struct_config__.tag == 1
    assert ms.Cat.__struct_config__.tag == "cat"
    assert ms.Dog.__struct_config__.tag is None and "type" in ms.Dog.__struct_fields__  # its tag is optional
    assert ms.Animal is Any and ms.Box is Any and ms.Paint is Any and ms.When is Any and ms.Lists is Any
    holder = msgspec.json.decode(json.dumps({
        **_HOLDER, "shapes": [{"kind": 2, "side": 1}], "animals": [{"type": "cat", "name": "Tom"}, {"name": "Rex"}],
        "paint": "red", "when": "2024-01-02T03:04:05Z", "box": {"kind": 1, "radius": 3}, "lists": ["a"],
    }), type=ms.Holder)
    assert isinstance(holder.shape, ms.Circle) and isinstance(holder.shapes[0], ms.Square)
    assert [type(a) for a in holder.animals] == [ms.Cat, ms.Dog]
    # Of several members that take a value, the one of its own JSON type, as Pydantic chooses.
    assert holder.paint == "red" and type(holder.paint) is str and holder.when == "2024-01-02T03:04:05Z"
    assert isinstance(holder.box, ms.Circle) and holder.lists == ["a"]
    with pytest.raises(msgspec.ValidationError, match=r"Expected `bool \| null`, got `str` - at `animals\[0\]\.good`"):
        msgspec.json.decode(json.dumps({**_HOLDER, "animals": [{"name": "Rex", "good": "yes"}, {}]}), type=ms.Holder)


# --- every Struct and alias decodes -------------------------------------------------------


@pytest.mark.parametrize("source", ["constructs", "unions", *(f"seed-{s}" for s in SEEDS), "corpus-mistral-python"])
def test_every_struct_and_alias_has_a_decoder(generated, source: str) -> None:  # type: ignore[no-untyped-def]
    """msgspec.json.Decoder(T) works out every type T names: a union msgspec refuses fails here."""
    package = generated(source).msgspec
    assert package.__all__
    for name in package.__all__:
        msgspec.json.Decoder(getattr(package, name))


# --- tagged unions ------------------------------------------------------------------------


def test_tagged_union_decodes_by_its_tag(generated) -> None:  # type: ignore[no-untyped-def]
    """ConnectorToolCallResponseContent: every member requires `type`, so the Structs are tagged
    and msgspec decodes the union by the tag."""
    ms = generated("corpus-mistral-python").msgspec
    union = ms.ConnectorToolCallResponseContent
    image = msgspec.json.decode(b'{"type": "image", "data": "AAAA", "mime_type": "image/png"}', type=union)
    assert isinstance(image, ms.ImageContent)
    assert isinstance(msgspec.json.decode(b'{"type": "text", "text": "hi"}', type=union), ms.TextContent)
    assert msgspec.json.decode(msgspec.json.encode(image), type=union) == image
    assert b'"type":"image"' in msgspec.json.encode(image)
    assert "type" not in ms.TextContent.__struct_fields__
    for bad, where in ((b'{"type": "text", "text": 5}', r"\$\.text"), (b'{"type": "video"}', r"\$\.type"),
                       (b'{"text": "hi"}', "type")):
        with pytest.raises(msgspec.ValidationError, match=where):
            msgspec.json.decode(bad, type=union)


def test_fallback_union_in_a_struct_is_checked(generated) -> None:  # type: ignore[no-untyped-def]
    """ContentChunk: some members may leave `type` out, so msgspec cannot decode it by its
    tag; DeltaMessage checks it: by the tag where there is one, else among those members."""
    ms = generated("corpus-mistral-python").msgspec
    delta = msgspec.json.decode(
        b'{"content": [{"type": "thinking", "thinking": [{"type": "text", "text": "a"}]},'
        b' {"type": "text", "text": "b"}, {"text": "c"}, {"type": "input_audio", "input_audio": "AAAA"}]}',
        type=ms.DeltaMessage)
    assert [type(c).__name__ for c in delta.content] == ["ThinkChunk", "TextChunk", "TextChunk", "AudioChunk"]
    assert isinstance(delta.content[0].thinking[0], ms.TextChunk)
    assert msgspec.json.decode(b'{"content": "Bonjour"}', type=ms.DeltaMessage).content == "Bonjour"
    errors = [
        (b'{"content": [{"type": "text", "text": 5}]}', "Expected `str`, got `int` - at `content[0].text`"),
        (b'{"content": [{"type": "image_url"}]}', "Object missing required field `image_url` - at `content[0]`"),
        (b'{"content": [{"type": 5, "text": "a"}]}', "Invalid value 5 - at `content[0].type`"),
        (b'{"content": [{"input_audio": "AAAA"}]}', "No documented type matches"),  # its tag is required
        (b'{"content": [{"type": "thinking", "thinking": [{"type": "text"}]}]}',
         "Object missing required field `text` - at `thinking[0]` - at `content[0]`"),
    ]
    for bad, message in errors:
        with pytest.raises(msgspec.ValidationError) as caught:
            msgspec.json.decode(bad, type=ms.DeltaMessage)
        assert message in str(caught.value)
    chunk = b'{"id": "c", "model": "m", "choices": [{"index": 0, "delta": {"content": [{"type": "text", "text": 5}]}, "finish_reason": null}]}'
    with pytest.raises(msgspec.ValidationError, match=r"at `content\[0\]\.text` - at `\$\.choices\[0\]\.delta`"):
        msgspec.json.decode(chunk, type=ms.CompletionChunk)


# --- the generated code -------------------------------------------------------------------


def _tool(name: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PYTHON / name), *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("source", ["constructs", "unions", *(f"seed-{s}" for s in SEEDS), "corpus-mistral-python"])
def test_generated_code_is_clean(generated, source: str) -> None:  # type: ignore[no-untyped-def]
    root = generated(source).root
    for command in (("mypy", "--strict", "--no-incremental", "msgspec_models"),
                    ("ruff", "check", "--isolated", "--no-cache", "msgspec_models"),
                    ("black", "--check", "-q", "msgspec_models"),
                    ("ruff", "format", "--check", "--isolated", "--no-cache", "msgspec_models")):
        result = _tool(*command, cwd=root)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate(CONSTRUCTS, tmp_path / "one" / "pkg")
    second = generate(CONSTRUCTS, tmp_path / "two" / "pkg")
    files = sorted(p.relative_to(first) for p in first.rglob("*.py"))
    assert any(str(p).startswith("msgspec_models") for p in files)
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.py"))
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_a_union_of_a_union_from_another_module_imports_only_what_it_uses(tmp_path: Path) -> None:
    """A union msgspec cannot decode whose member is an untagged union of another module uses
    only that union's check: importing the union itself too was an unused import (ruff F401),
    seen in moov's SDK docs."""
    spec = tmp_path / "spec"
    spec.mkdir()
    docs = {
        "kitten.md": _model_doc("Kitten", ("name", "*str*", True)),
        "puppy.md": _model_doc("Puppy", ("bark", "*bool*", True)),
        "critter.md": _union_doc("Critter", "models.Kitten", "models.Puppy"),  # used twice: a module of its own
        "adoption.md": _model_doc("Adoption", ("critter", _link("Critter"), True)),
        "critterorkitten.md": _union_doc("CritterOrKitten", "models.Critter", "models.Kitten"),
        "shelter.md": _model_doc("Shelter", ("result", _link("CritterOrKitten"), True)),
    }
    for name, text in docs.items():
        (spec / name).write_text(text, encoding="utf-8")
    gen = load(generate(spec, tmp_path / "f401_gen"))
    lint = subprocess.run([str(PYTHON / "ruff"), "check", "--isolated", "--select", "F", str(gen.root / "msgspec_models")],
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout
    for payload in ({"result": {"name": "Tom"}}, {"result": {"bark": True}}, {"result": {"bark": "no"}}, {"result": 1}):
        text = json.dumps(payload)
        assert msgspec_accepts(gen, "Shelter", text) == pydantic_accepts(gen, "Shelter", text), payload
