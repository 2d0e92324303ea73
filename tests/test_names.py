"""Names the docs give that Python cannot take as they are.

Every generated name is a valid identifier that shadows nothing the module
uses, names are unique in their scope, the doc's spelling stays the alias (wire
key) or title, and a warning says where a name had to change. Names that
work as they are stay as they are (the conformance scorer compares them).
"""

from __future__ import annotations

import builtins
import json
import keyword
import os
import subprocess
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.ir import names
from tests.hostile import generate, md_escape, tool_failures

EXAMPLES = int(os.environ.get("DOCMODELS_FUZZ_EXAMPLES", "200"))

FIELD_NAMES = [
    *keyword.kwlist, *keyword.softkwlist,
    "id", "type", "object", "format", "input", "list", "dict", "str", "int", "float", "bool", "bytes", "set",
    "tuple", "print", "len", "range", "hash", "filter", "map", "date", "datetime", "frozenset", "Any",
    "Literal", "Optional", "Field", "BaseModel",
    "__init__", "__class__", "__dict__", "__slots__", "__root__", "__fields__", "__annotations__", "_private",
    "model_config", "model_dump", "model_fields", "model_validate", "model_dump_extra", "model_x", "schema",
    "json", "copy", "validate", "construct", "from_dict", "to_dict", "fields", "extra_fields", "_fields_set",
    "self", "cls", "data", "path", "obj", "out", "value", "_T", "_t", "_dt",
    "foo-bar", "foo.bar", "foo/bar", "foo bar", "fooBar", "foo_bar", "FooBar", "1st", "123", "-", "@type",
    "$ref", "a:b", "x[0]", "é", "naïve", "中文", "µ", "μ", "ﬁeld", "field", "Ｆｕｌｌ", "ǅ", "ß", "İstanbul",
    "𝐀bc", "A", "a", "TEXT", "text", "URL",
]
# Doc names that are fine Python attribute names as they are: they must not change.
KEPT_FIELDS = ["id", "type", "object", "format", "input", "match", "case", "print", "len", "set", "tuple",
               "range", "hash", "filter", "map", "self", "cls", "data", "path", "obj", "out", "value",
               "foo_bar", "field", "a", "text", "TEXT", "URL", "é", "naïve", "μ", "model_x", "fields"]
# Titles; the first group must stay as written (the module renames its own imports instead).
KEPT_TITLES = ["List", "Field", "BaseModel", "Any", "Optional", "Literal", "Enum", "TypeAlias", "TypedDict",
               "NotRequired", "StrictStr", "ConfigDict", "Union", "Dict", "Callable", "TypeVar", "Mapping",
               "Annotated", "Status", "Users", "Model", "Mödel", "中文", "Names", "Ｎａｍｅｓ２"]
CHANGED_TITLES = ["date", "datetime", "annotations", "typing_extensions", "pydantic", "typing", "enum",
                  "dataclasses", "class", "type", "match", "None", "True", "ValueError", "Exception", "_",
                  "_private", "1Model", "my-model", "my.model", "my model", "status", "users"]
ENUM_VALUES = ["class", "None", "1", "-", "a b", "A", "a", "mro", "_missing_", "name", "value", "ß", "中",
               "ǅ", "𝐀", "", " "]
_HEAD = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
# Fields whose type names another model: the class body must still see the model.
_REF_FIELDS = [("Status", "models.Status", "status.md"), ("Users", "models.Users", "users.md"),
               ("list_ref", "List[models.List]", "list.md"), ("any_ref", "models.Any", "any.md"),
               ("field_ref", "models.Field", "field.md"), ("base_ref", "models.BaseModel", "basemodel.md"),
               ("date_ref", "models.date", "date.md"), ("enum_ref", "models.Kinds", "kinds.md")]


def _model(title: str) -> str:
    return f"# {title}\n\n## Fields\n\n{_HEAD}| `x` | *int* | :heavy_check_mark: | x |\n"


def write_spec(spec: Path) -> dict[str, str]:
    """The names spec; returns {title: relative path of its doc}."""
    docs: dict[str, str] = {}
    rows = "".join(f"| `{n}` | *Optional[str]* | :heavy_minus_sign: | doc name {n} |\n" for n in FIELD_NAMES)
    rows += "".join(f"| `{n}` | [Optional[{t}]]({link}) | :heavy_minus_sign: | ref |\n" for n, t, link in _REF_FIELDS)
    docs["Names"] = "names.md"
    special = {"Status": "status.md", "Users": "users.md", "List": "list.md", "Any": "any.md",
               "Field": "field.md", "BaseModel": "basemodel.md", "date": "date.md"}
    for i, title in enumerate(KEPT_TITLES + CHANGED_TITLES):
        docs.setdefault(title, special.get(title, f"t{i:02d}.md"))
    for title, rel in docs.items():
        body = f"# Names\n\nEvery awkward name.\n\n## Fields\n\n{_HEAD}{rows}" if title == "Names" else _model(title)
        (spec / rel).write_text(body, encoding="utf-8")
    values = "".join(f"| {md_escape(v)} | {md_escape(json.dumps(v))} |\n" for v in ENUM_VALUES)
    (spec / "kinds.md").write_text(f"# Kinds\n\n## Values\n\n| Name | Value |\n| --- | --- |\n{values}", encoding="utf-8")
    docs["Kinds"] = "kinds.md"
    for folder in ("components", "operations"):  # the same title twice, in two folders
        (spec / folder).mkdir()
        (spec / folder / "user.md").write_text(_model("User"), encoding="utf-8")
    return docs


_PROBE = textwrap.dedent(
    """
    import json, sys, typing
    import names_pkg.pydantic_models as pm, names_pkg.dataclass_models as dm, names_pkg.typeddict_models as tm
    doc_names = json.loads(sys.argv[1])
    data = {n: f"value of {n}" for n in doc_names}
    fields = {attr: f.alias or attr for attr, f in pm.Names.model_fields.items()}
    td_keys = tm.Names.__required_keys__ | tm.Names.__optional_keys__
    print(json.dumps({
        "fields": fields,
        "pydantic_round_trip": pm.Names.model_validate(data).model_dump(by_alias=True, exclude_none=True) == data,
        "pydantic_by_name": pm.Names.model_validate({a: data[w] for a, w in fields.items() if w in data}).model_dump(
            by_alias=True, exclude_none=True) == data,
        "dataclass_round_trip": dm.Names.from_dict(data).to_dict() == data,
        "typeddict_keys": sorted(td_keys),
        "enum": {m.name: m.value for m in pm.Kinds},
        "titles": {name: name for name in dir(pm) if not name.startswith("_")},
        "typeddict_titles": sorted(n for n in dir(tm) if not n.startswith("_")),
        "dataclass_titles": sorted(n for n in dir(dm) if not n.startswith("_")),
    }))
    """
)


@dataclass(frozen=True)
class Generated:
    spec: Path
    out: Path
    docs: dict[str, str]
    stderr: str
    schemas: dict[str, dict]  # type: ignore[type-arg]  # by class name
    probe: dict  # type: ignore[type-arg]

    def class_of(self, title: str) -> str:
        matches = [name for name, s in self.schemas.items() if s["title"] == title and name not in ("User",)]
        assert len(matches) == 1, (title, matches)
        return matches[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("names")
    spec = root / "names_spec"
    spec.mkdir()
    docs = write_spec(spec)
    out = root / "names_pkg"
    result = generate(spec, out)
    assert result.returncode == 0, result.stderr
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "json_schema").glob("*.json")}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | {"PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, "-W", "error", "-c", _PROBE, json.dumps(FIELD_NAMES)],
                         cwd=root, check=False, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-5000:]
    return Generated(spec, out, docs, result.stderr, schemas, json.loads(run.stdout))


@pytest.mark.slow
def test_generated_code_passes_mypy_ruff_black(generated: Generated) -> None:
    assert tool_failures(generated.out) == {}


def test_every_doc_name_is_kept_as_the_alias(generated: Generated) -> None:
    doc_names = FIELD_NAMES + [n for n, _, _ in _REF_FIELDS]
    fields = generated.probe["fields"]
    assert sorted(fields.values()) == sorted(doc_names)  # one attribute per doc name, none lost
    assert all(attr.isidentifier() and not keyword.iskeyword(attr) for attr in fields)
    assert generated.probe["pydantic_round_trip"]
    assert generated.probe["pydantic_by_name"]
    assert generated.probe["dataclass_round_trip"]
    assert generated.probe["typeddict_keys"] == sorted(doc_names)
    assert sorted(generated.schemas[generated.class_of("Names")]["properties"]) == sorted(doc_names)


def test_names_that_work_are_not_changed(generated: Generated) -> None:
    by_doc_name = {wire: attr for attr, wire in generated.probe["fields"].items()}
    changed = {n: by_doc_name[n] for n in KEPT_FIELDS if by_doc_name[n] != n}
    assert not changed


def test_names_that_would_break_code_are_changed_with_a_warning(generated: Generated) -> None:
    renamed = {wire: attr for attr, wire in generated.probe["fields"].items() if attr != wire}
    must_change = [*keyword.kwlist, "list", "dict", "str", "Field", "BaseModel", "model_dump", "model_config",
                   "json", "copy", "__init__", "foo-bar", "1st", "Status", "Users", "_private"]
    assert set(must_change) <= set(renamed)
    # Named like a model (titled 中文) or a type, but the class body names neither: nothing to hide
    # (`Any` is renamed: a field of the class refers to the model titled Any).
    assert not {"中文", "date", "datetime", "Literal", "int"} & set(renamed)
    for doc_name, attr in renamed.items():
        if attr == names.snake_case(doc_name):
            continue  # camelCase written as snake_case: the one change made without a warning
        assert "names.md:" in generated.stderr and repr(doc_name) in generated.stderr, doc_name
    assert renamed["class"] == "class_" and renamed["Status"] == "Status_"


def test_titles_stay_or_change_with_a_warning(generated: Generated) -> None:
    for title in KEPT_TITLES:
        name = generated.class_of(title)
        assert name == unicodedata.normalize("NFKC", title), title
    for title in CHANGED_TITLES:
        name = generated.class_of(title)
        assert name != title and name.isidentifier() and not keyword.iskeyword(name)
        line = f"{generated.docs[title]}:1: warning:"
        assert any(line in w and repr(title) in w for w in generated.stderr.splitlines()), title
    titles = set(generated.probe["titles"])
    assert {generated.class_of(t) for t in KEPT_TITLES + CHANGED_TITLES} <= titles
    assert set(generated.probe["typeddict_titles"]) >= {generated.class_of(t) for t in KEPT_TITLES}


def test_a_title_defined_twice_gets_its_folder_as_prefix(generated: Generated) -> None:
    users = sorted(name for name, s in generated.schemas.items() if s["title"] == "User")
    assert users == ["OperationsUser", "User"]
    assert "operations/user.md:1: warning:" in generated.stderr


def test_enum_member_names_are_unique_identifiers(generated: Generated) -> None:
    members = generated.probe["enum"]
    assert sorted(members.values()) == sorted(ENUM_VALUES)
    assert all(m.isidentifier() and not m.startswith("_") for m in members)


# Properties of the naming functions themselves, over any text.
_any_text = st.text(min_size=0, max_size=40)


@settings(max_examples=EXAMPLES, deadline=None)
@given(_any_text)
@example("a\U00010ba9")
def test_field_name_is_always_a_stable_identifier(text: str) -> None:
    name = names.field_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
    assert unicodedata.normalize("NFKC", name) == name  # what Python will read
    assert names.field_name(text) == name


@settings(max_examples=EXAMPLES, deadline=None)
@given(_any_text)
@example("a\U00010ba9")  # found by the long fuzz session: \w matches U+10BA9, identifiers do not
@example("\u0301abc")
def test_class_name_is_always_a_stable_identifier(text: str) -> None:
    name = names.class_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
    assert unicodedata.normalize("NFKC", name) == name
    assert not ("a" <= name[0] <= "z")  # ruff's PYI042 wants type aliases CamelCase
    assert name not in dir(builtins)  # the module uses Exception, ValueError, list...
    assert len(name.encode("utf-8")) <= names.MAX_CLASS_NAME_BYTES


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(_any_text, st.integers(), st.booleans(), st.none()))
def test_enum_member_name_is_always_a_stable_identifier(value: object) -> None:
    name = names.enum_member_name(value)
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
    assert unicodedata.normalize("NFKC", name) == name


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(["a", "a_2", "b", "A", "a_3", "B", "x"]), max_size=12))
def test_deduplicate_is_unique_and_keeps_exact_names(originals: list[str]) -> None:
    wanted = [o.lower() for o in originals]  # `A` wants `a`, like a field named `A` would
    out = names.deduplicate(wanted, originals)
    assert len(out) == len(set(out)) == len(wanted)
    for original in set(originals):
        if original == original.lower():  # the first field spelled exactly like its name keeps it
            assert out[originals.index(original)] == original


def test_long_titles_are_shortened_deterministically() -> None:
    long_a, long_b = "A" * 300 + "x", "A" * 300 + "y"
    assert names.class_name(long_a) == names.class_name(long_a) != names.class_name(long_b)
    assert len(names.class_name("中" * 500).encode("utf-8")) <= names.MAX_CLASS_NAME_BYTES
