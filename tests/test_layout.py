"""The layout engine writes exactly what black writes, without running black.

Checked three ways: hand-written modules covering each construct the engine
handles, random lines of the shapes generated code is made of (hypothesis),
and the modules generated for real corpora (every module of atoma and r9s,
and of mistral all but the dataclass module's tail, which black alone takes
half a minute to format).
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.layout import Memo, Unsupported, format_module
from generator.emit.render import black_format, format_python

BLACK = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)

FIXTURES = {
    "fields and long calls": '''"""Module docstring."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictBytes, StrictFloat, StrictInt, StrictStr


class Model(BaseModel):
    """A model whose docstring has "quotes" and
       an indented second line."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    short: StrictStr
    task_id: StrictStr = Field(description="Unique identifier for the activity task within the workflow.")
    event_type: Literal["ACTIVITY_TASK_COMPLETED"] | None = Field(default=None, description="Event type discriminator.")
    choice: list[Literal["first option", "second option", "third option", "fourth option"]] | None = None
    alias_heavy: dict[StrictStr, list[SomeVeryLongReferencedModelName | AnotherVeryLongModelName]] | None = Field(default=None, alias="aliasHeavy", description="x")
    quoted: StrictStr = Field(description='He said "hi" and left')
    single: StrictStr = Field(description='it\\'s')
    escaped: StrictStr = Field(description="caf\\u00E9 \\N{bullet} \\xE9")
    number: float = 1E5
    hexa: int = 0XABCDEF
''',
    "enums and aliases": '''class Color(str, Enum):
    RED = "red"
    A_VERY_LONG_MEMBER_NAME_THAT_GOES_ON_AND_ON = "a very long value that does not fit on the line at all"


Union1: TypeAlias = FirstLongModelName | SecondLongModelName | ThirdLongModelName | FourthLongModelName
"""Attribute docstring: not a docstring for black, so left alone
  including this indentation."""

Lit: TypeAlias = Literal["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
Recursive = TypeAliasType("Recursive", "dict[str, Recursive] | list[Recursive] | str | int | float | bool | None")
''',
    "dataclass bodies": '''@_dataclasses.dataclass(kw_only=True)
class Thing:
    name: str
    _fields_set: frozenset[str] = _dataclasses.field(default=frozenset(), repr=False, compare=False)
    _keys: _t.ClassVar[frozenset[str]] = frozenset({"name", "value", "a_rather_long_key", "another_key"})

    @classmethod
    def from_dict(cls, data: _t.Any, path: str = "$") -> ThingWithAQuiteLongNameIndeedYesVeryLong:
        obj = _object(data, path)
        return cls(
            name=_load_str(_required(obj, "name", path), path + ".name"),
            activity_name=_load_str(_required(obj, "activity_name", path), path + ".activity_name"),
            choices=_nullable(_list(_union(_load_str, _load_int, _enum_member(Color))))(obj.get("choices"), path + ".choices"),
            extra_fields={k: v for k, v in obj.items() if k not in cls._keys},
            _fields_set=cls._keys.intersection(obj),
        )

    def to_dict(self) -> dict[str, _t.Any]:
        out: dict[str, _t.Any] = {}
        if self.a_long_attribute_name is not None or "aLongAttributeName" in self._fields_set:
            out["aLongAttributeName"] = _dump(self.a_long_attribute_name)
        return out


def _load_alias_Thing(value: object, path: str) -> _t.Any:
    return _union(Thing.from_dict, _enum_member(Color), _load_str, _load_int, _load_float)(value, path)
''',
    "helpers with comments and slices": '''import base64 as _base64
import typing as _t
_T = _t.TypeVar("_T")


# A comment that black keeps, with two blank lines before the function after it.
def _dump(value: _t.Any) -> _t.Any:
    if isinstance(value, _dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text  # an inline comment
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise _fail(path, "a number", value)
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for member in cls:
        if type(member.value) is type(value) and member.value == value:
            return member
    return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]


_RFC3339 = _re.compile(
    r"\\d{4}-\\d\\d-\\d\\d[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)",
    _re.ASCII,
)
Functional = TypedDict(
    "Functional",
    {
        "a-key": "NotRequired[str]",
        "another-key": "NotRequired[list[SomeLongModelName] | dict[str, AnotherLongModelName] | None]",
    },
)
''',
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_engine_writes_what_black_writes(name: str) -> None:
    source = FIXTURES[name]
    expected = black.format_str(source, mode=BLACK)
    assert format_module(source) == expected
    assert format_module(expected) == expected  # and leaves black's output alone


_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=40).map(lambda s: "n" + s)
_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=120)


@settings(max_examples=150, deadline=None)
@given(name=_names, refs=st.lists(_names, min_size=1, max_size=6), text=_texts, depth=st.integers(0, 3),
       kwargs=st.integers(0, 4))
def test_random_lines_of_generated_shapes(name: str, refs: list[str], text: str, depth: int, kwargs: int) -> None:
    text_literal = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    args = ", ".join([f"k{i}={text_literal}" for i in range(kwargs)] + [f"description={text_literal}"])
    union = " | ".join(refs)
    element = f"{name}={refs[0]}.from_dict(_required(obj, {text_literal}, path), path + {text_literal}),"
    blocks = "".join("    " * d + "if x:\n" for d in range(depth + 1))
    indent = "    " * (depth + 1)
    source = (
        f"{blocks}{indent}{name}: {union} | None = Field({args})\n"
        f"{indent}{name}: list[{union}] = None\n"
        f"{indent}f(\n{indent}    {element}\n{indent}    {element}\n{indent})\n"
    )
    assert format_module(source) == black.format_str(source, mode=BLACK)


def test_unsupported_code_is_refused_and_black_formats_it() -> None:
    source = "with open(x) as f:\n    y = lambda a: a\n"
    with pytest.raises(Unsupported):
        format_module(source)
    assert format_python(source) == black.format_str(source, mode=BLACK)


def test_only_the_chunk_the_engine_cannot_lay_out_goes_to_black() -> None:
    source = (FIXTURES["dataclass bodies"] + "\n\n# about the next function\n"
              "def reader(path: str) -> str:\n    with open(path) as fh:\n        return fh.read()\n\n"
              "class   After :\n    x : int=1\n")
    sent: list[str] = []

    def black_chunk(chunk: str) -> str:
        sent.append(chunk)
        return black.format_str(chunk, mode=BLACK)

    assert format_module(source, black_chunk=black_chunk) == black.format_str(source, mode=BLACK)
    assert sent == ["# about the next function\ndef reader(path: str) -> str:\n    with open(path) as fh:\n"
                    "        return fh.read()\n"]


def test_black_fallback_results_are_kept_by_content() -> None:
    kept: dict[str, str] = {}
    first = black_format("x = {  'a':1 }\n", kept)
    assert first == "x = {\"a\": 1}\n" and list(kept.values()) == [first]
    kept[next(iter(kept))] = "from the cache\n"
    assert black_format("x = {  'a':1 }\n", kept) == "from the cache\n"


def _raw_modules(spec: Path) -> dict[str, str]:
    """The generated Python modules as the templates write them, before any formatting."""
    from generator.emit.targets import render_package
    from generator.mode import Mode
    from generator.parse.package import parse_package
    from generator.resolve import resolve

    definitions, _ = parse_package(spec)
    package, _ = resolve("models", definitions, Mode())
    with mock.patch("generator.emit.targets.format_python", lambda source: source):
        files = render_package(package, Mode())
    return {name: text for name, text in files.items() if name.endswith(".py")}


def _prefix(source: str, units: int) -> str:
    """The module cut after its first `units` top-level blocks (a valid module itself)."""
    cut = 0
    for _ in range(units):
        cut = source.find("\n\n\n", cut + 1)
        if cut < 0:
            return source
    head = source[: cut + 1]
    compile(head, "<prefix>", "exec")
    return head


@pytest.mark.parametrize("corpus", ["atoma-python", "r9s-python", "atoma-typescript", "mistral-python"])
def test_generated_modules_of_a_corpus_are_laid_out_as_black_does(corpus: str, corpus_root) -> None:  # type: ignore[no-untyped-def]
    modules = _raw_modules(corpus_root(corpus) / "docs" / "models")
    memo = Memo()
    for name, source in sorted(modules.items()):
        if corpus == "mistral-python" and name == "dataclass_models.py":
            source = _prefix(source, 250)
        assert format_module(source, memo) == black.format_str(source, mode=BLACK), f"{corpus}/{name}"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(value=_json_values)
def test_json_documents_are_indented_as_json_dumps_does(value: object) -> None:
    import json

    from generator.emit.jsontext import dumps_indented

    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_hostile_text_in_every_place_is_laid_out_as_black_does(tmp_path: Path) -> None:
    """Quotes, backslashes, control and wide characters, code-looking text: in descriptions
    (docstrings, Field descriptions), examples and enum values."""
    from generator.mode import Mode
    from generator.parse.document import markdown_parser, parse_doc
    from generator.resolve import resolve
    from tests.hostile import md_escape, payloads

    texts = payloads(tmp_path / "marker")
    md = markdown_parser()
    definitions = []
    table = "| Field | Type | Required | Description | Example |\n| ----- | ---- | -------- | ----------- | ------- |\n"
    for number, text in enumerate(texts):
        escaped = md_escape(text)
        following = (number + 1) % len(texts)
        doc = (f"# Model{number}\n\n{escaped}\n\n## Fields\n\n{table}"
               f"| `field_{number}` | *str* | :heavy_check_mark: | {escaped} | {escaped} |\n"
               f"| `other` | [Optional[Model{following}]](model{following}.md) | :heavy_minus_sign: | "
               f"{escaped} {escaped} {escaped} | |\n")
        definitions.extend(parse_doc(md, doc, f"model{number}.md")[0])
    values = "".join(f"| `V{number}` | {md_escape(text)} |\n" for number, text in enumerate(texts))
    definitions.extend(parse_doc(md, f"# Colors\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n{values}",
                                 "colors.md")[0])
    package, _ = resolve("hostile", definitions, Mode())
    from generator.emit.targets import render_package

    with mock.patch("generator.emit.targets.format_python", lambda source: source):
        files = render_package(package, Mode())
    for name, source in files.items():
        if name.endswith(".py"):
            assert format_module(source) == black.format_str(source, mode=BLACK), name
