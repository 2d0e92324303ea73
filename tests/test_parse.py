"""Parsing Markdown model docs into definitions: every section style and cell form
the corpora use, on docs the project wrote itself (tests/fixtures/parse/), and
the errors a broken doc gets (file:line, exit 2, never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.nodes import EnumModel, ObjectModel, UnionModel
from generator.ir.types import ListOf, LiteralOf, MapOf, Nullable, Primitive, Ref, UnionOf
from generator.parse.document import markdown_parser, parse_doc, split_cells
from generator.parse.loader import parse_folder
from generator.resolve.naming import assign_names
from tests.conftest import FIXTURES, run_docmodels, target_text, write_doc

PYTHON_DOCS = FIXTURES / "parse" / "python" / "docs" / "models"
TYPESCRIPT_DOCS = FIXTURES / "parse" / "typescript" / "docs" / "models"
STR, INT, FLOAT, BOOL, ANY, BYTES = (Primitive(n) for n in ("str", "int", "float", "bool", "any", "bytes"))
CHILD = Ref("Child", "../models/child.md", namespace="models")


def definitions(folder: Path) -> dict[str, ObjectModel | EnumModel | UnionModel]:
    """The folder's definitions as parsed, then named by the naming stage (references left unresolved)."""
    found, warnings = parse_folder(folder)
    assert warnings == []
    named = assign_names(found, "as-documented", [])
    return {d.title: d for d in named}  # type: ignore[misc]


@pytest.fixture(scope="module")
def python_docs() -> dict[str, ObjectModel | EnumModel | UnionModel]:
    return definitions(PYTHON_DOCS)


@pytest.fixture(scope="module")
def typescript_docs() -> dict[str, ObjectModel | EnumModel | UnionModel]:
    return definitions(TYPESCRIPT_DOCS)


def fields_of(model: object) -> dict[str, tuple[object, ...]]:
    assert isinstance(model, ObjectModel)
    return {f.name: (f.py_name, f.wire_name, f.type, f.required, f.nullable) for f in model.fields}


# name: (Python name, wire name, type, required, nullable)
KITCHEN_SINK_FIELDS = {
    "name": ("name", "name", STR, True, False),
    "count": ("count", "count", INT, True, False),
    "ratio": ("ratio", "ratio", FLOAT, True, False),
    "flag": ("flag", "flag", BOOL, True, False),
    "anything": ("anything", "anything", ANY, True, False),
    "blob": ("blob", "blob", BYTES, True, False),
    "upload": ("upload", "upload", BYTES, True, False),
    "created_at": ("created_at", "created_at", Primitive("datetime"), True, False),
    "maybe": ("maybe", "maybe", STR, False, False),
    "maybe_null": ("maybe_null", "maybe_null", INT, False, True),
    "null_ok": ("null_ok", "null_ok", FLOAT, True, True),
    "tags": ("tags", "tags", ListOf(STR), False, False),
    "labels": ("labels", "labels", MapOf(STR), True, False),
    "object": ("object", "object", LiteralOf(("kitchen.sink",)), True, False),
    "enabled": ("enabled", "enabled", LiteralOf((True,)), True, False),
    "version": ("version", "version", LiteralOf((2,)), True, False),
    "mode": ("mode", "mode", LiteralOf(("fast", "slow")), True, False),
    "either": ("either", "either", UnionOf((STR, INT)), True, False),
    "child": ("child", "child", CHILD, True, False),
    "child_unlinked": ("child_unlinked", "child_unlinked", Ref("Child", namespace="models"), True, False),
    "maybe_child": ("maybe_child", "maybe_child", CHILD, False, False),
    "deep": ("deep", "deep", MapOf(ListOf(Nullable(CHILD))), True, False),
    # The doc shows Speakeasy's attribute name; the key on the wire has no underscore.
    "format_": ("format_", "format", STR, False, False),
    "legacy": ("legacy", "legacy", STR, False, False),
}


def test_python_flavored_fields(python_docs: dict) -> None:  # type: ignore[type-arg]
    assert fields_of(python_docs["KitchenSink"]) == KITCHEN_SINK_FIELDS


def test_pydantic_extra_row_allows_extra_keys_and_is_not_a_field(python_docs: dict) -> None:  # type: ignore[type-arg]
    sink = python_docs["KitchenSink"]
    assert sink.extra_allowed
    assert "__pydantic_extra__" not in fields_of(sink)
    assert not python_docs["Child"].extra_allowed


def test_cells_keep_text_breaks_code_links_and_escaped_pipes(python_docs: dict) -> None:  # type: ignore[type-arg]
    by_name = {f.name: f for f in python_docs["KitchenSink"].fields}
    assert by_name["name"].description == "The name\non two lines"
    assert by_name["count"].description == "Uses `code`, a [link](https://example.com) and a | pipe"
    assert by_name["ratio"].description == ""  # N/A is no description
    assert (by_name["name"].example, by_name["count"].example, by_name["ratio"].example) == ("Alice", "3", None)


def test_title_description_and_source_lines(python_docs: dict) -> None:  # type: ignore[type-arg]
    sink = python_docs["KitchenSink"]
    assert sink.description == "Every type form a Python-flavored doc uses.\n\nA second paragraph of the description."
    assert str(sink.source) == "kitchensink.md:1"
    assert [f.source.line for f in sink.fields][:2] == [12, 13]


def test_struck_title_and_field_are_deprecated(python_docs: dict) -> None:  # type: ignore[type-arg]
    old = python_docs["OldThing"]
    assert (old.title, old.py_name, old.deprecated) == ("OldThing", "OldThing", True)
    assert [f.name for f in python_docs["KitchenSink"].fields if f.deprecated] == ["legacy"]
    assert not python_docs["KitchenSink"].deprecated


def test_columns_in_any_order_and_required_from_optional(python_docs: dict) -> None:  # type: ignore[type-arg]
    assert fields_of(python_docs["Shuffled"]) == {
        "id": ("id", "id", STR, True, False),
        "note": ("note", "note", STR, False, False),
    }
    assert [f.description for f in python_docs["Shuffled"].fields] == ["The identifier", "A note"]


def test_self_and_mutual_references_parse_as_refs(python_docs: dict) -> None:  # type: ignore[type-arg]
    assert fields_of(python_docs["Child"])["parent"][2] == Ref(
        "KitchenSink", "../models/kitchensink.md", namespace="models"
    )
    assert fields_of(python_docs["Child"])["children"][2] == ListOf(CHILD)


@pytest.mark.parametrize(
    ("title", "values", "is_open"),
    [
        ("Color", ("red", "green"), False),  # bullet list
        ("JobStatus", ("QUEUED", "RUNNING"), True),  # bullet list after "This is an open enum"
        ("Quality", ("standard", "hd"), False),  # | Name | Value | table
        ("ImageSize", ("256x256", "1024x1024"), False),  # | Value | Description |, values in code
    ],
)
def test_python_values_sections(python_docs: dict, title: str, values: tuple[str, ...], is_open: bool) -> None:  # type: ignore[type-arg]
    enum = python_docs[title]
    assert isinstance(enum, EnumModel)
    assert tuple(m.value for m in enum.members) == values
    assert enum.open is is_open


@pytest.mark.parametrize(
    ("title", "values", "is_open"),
    [
        ("Priority", (1, 0, -1), True),  # `# Open enum: ... UnrecognizedInt` in its example
        ("APIVersion", ("1", "2"), True),  # UnrecognizedStr: numeric-looking strings stay strings
        ("Phase", (0, 1), False),
        # An integer only as JSON writes one: a leading zero or a plus sign makes every value a string.
        ("ChannelCode", ("01", "02", "10"), False),
        ("Offset", ("+1", "0", "-1"), False),
    ],
)
def test_table_enums_with_bare_integers_and_the_open_enum_comment(
    python_docs: dict,
    title: str,
    values: tuple,  # type: ignore[type-arg]
    is_open: bool,
) -> None:
    enum = python_docs[title]
    assert isinstance(enum, EnumModel)
    assert tuple(m.value for m in enum.members) == values
    assert enum.open is is_open


@pytest.mark.parametrize(
    "values",
    [
        "- `01`\n- `02`\n- `10`\n",  # a bullet list of bare values
        "```typescript\n01 | 02 | 10\n```\n",  # a TypeScript block
    ],
)
def test_values_with_a_leading_zero_are_strings_in_every_layout(values: str) -> None:
    # These layouts quote strings, so each value is read as the JSON literal it is: `01` is
    # none (a string, never 1), `10` is a number.
    ((enum,), _) = parse_doc(markdown_parser(), f"# Code\n\n## Values\n\n{values}", "code.md")
    assert isinstance(enum, EnumModel)
    assert [m.value for m in enum.members] == ["01", "02", 10]


def test_table_enum_members_are_named_by_the_name_column(python_docs: dict) -> None:  # type: ignore[type-arg]
    assert [m.py_name for m in python_docs["Quality"].members] == ["STANDARD", "HD"]


def test_supported_types_members_are_type_expressions(python_docs: dict) -> None:  # type: ignore[type-arg]
    content = python_docs["Content"]
    assert isinstance(content, UnionModel)
    assert content.members == (
        STR,
        ListOf(Ref("Child", namespace="models")),
        MapOf(ANY),
        Ref("Color", namespace="models"),
    )


def test_older_layout_optional_marked_required_means_nullable(python_docs: dict) -> None:  # type: ignore[type-arg]
    assert fields_of(python_docs["LegacyResponse"]) == {
        "status_code": ("status_code", "status_code", INT, True, False),
        "note": ("note", "note", STR, True, True),
        "hint": ("hint", "hint", STR, False, False),
        "raw_response": ("raw_response", "raw_response", ANY, True, False),
        "date_": ("date_", "date", STR, True, False),
    }


def test_member_type_from_the_code_block_where_the_heading_has_none(python_docs: dict) -> None:  # type: ignore[type-arg]
    # Older Speakeasy docs: `### ` or `### Child` over `legacyUnion: models.Child = /* values here */`.
    assert python_docs["LegacyUnion"].members == (
        STR,
        Ref("Child", namespace="models"),
        ListOf(INT),
        Ref("Color", namespace="models"),
    )


# --- TypeScript flavor ---------------------------------------------------------------------

CHOICE = Ref("Choice", "../../models/components/choice.md", namespace="components")
CHUNK_FIELDS = {
    "id": ("id", "id", STR, True, False),
    "index": ("index", "index", FLOAT, True, False),
    "done": ("done", "done", BOOL, False, False),
    "payload": ("payload", "payload", ANY, False, False),
    "object": ("object", "object", LiteralOf(("chat.completion.chunk",)), True, False),
    "tokens": ("tokens", "tokens", ListOf(FLOAT), True, False),
    "matrix": ("matrix", "matrix", ListOf(ListOf(FLOAT)), False, False),
    "metadata": ("metadata", "metadata", MapOf(ANY), False, False),
    "scores": ("scores", "scores", ListOf(MapOf(FLOAT)), False, False),
    "createdAt": ("created_at", "createdAt", Primitive("datetime"), True, False),
    "choice": ("choice", "choice", CHOICE, True, False),
    "choices": ("choices", "choices", ListOf(CHOICE), False, False),
    "finishReason": ("finish_reason", "finishReason", Ref("FinishReason", namespace="components"), False, False),
    "request": (
        "request",
        "request",
        Ref("SendRequest", "../../models/operations/sendrequest.md", namespace="operations"),
        False,
        False,
    ),
    "stop": ("stop", "stop", UnionOf((STR, ListOf(STR))), False, False),
    "file": (
        "file",
        "file",
        UnionOf((BYTES, Ref("FileT", "../../models/components/filet.md", namespace="components"))),
        False,
        False,
    ),
    "stream": ("stream", "stream", BYTES, False, False),
}


def test_typescript_flavored_fields(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    assert fields_of(typescript_docs["Chunk"]) == CHUNK_FIELDS


def test_typescript_additional_properties_row_allows_extra_keys(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    # TypeScript docs show the extra keys as `additionalProperties: Record<string, T>`.
    assert typescript_docs["Chunk"].extra_allowed
    assert not typescript_docs["Choice"].extra_allowed


def test_typescript_values_code_block(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    finish, role = typescript_docs["FinishReason"], typescript_docs["Role"]
    assert (tuple(m.value for m in finish.members), finish.open) == (("stop", "length"), True)  # Unrecognized<string>
    assert (tuple(m.value for m in role.members), role.open) == (("user", "assistant"), False)


@pytest.mark.parametrize(
    ("title", "values"),
    [
        ("OutputKind", ("application/json", "text/csv")),
        ("RetryCount", ("1", "2")),  # Unrecognized<string>: the values are strings
        ("Level", (0, 1)),
    ],
)
def test_typescript_values_table_catch_all_row_marks_an_open_enum(
    typescript_docs: dict,
    title: str,  # type: ignore[type-arg]
    values: tuple,
) -> None:
    # `| - | Unrecognized<string> |` is no value: it says unrecognized values are kept.
    enum = typescript_docs[title]
    assert (tuple(m.value for m in enum.members), enum.open) == (values, True)


def test_typescript_supported_types(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    assert typescript_docs["Stop"].members == (STR, ListOf(STR), Ref("Role", namespace="components"))


def test_typescript_index_signature_members_are_maps(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    # `{ [k: string]: T }` (any key name, nested, in an array) is Record<string, T>.
    assert typescript_docs["Attributes"].members == (
        STR,
        MapOf(ANY),
        MapOf(ListOf(Ref("Role", namespace="components"))),
        MapOf(MapOf(STR)),
        ListOf(MapOf(ANY)),
    )


def test_example_usage_blocks_are_kept(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    (example,) = typescript_docs["Chunk"].examples
    assert example.startswith('import { Chunk } from "example-sdk/models/components";')
    assert 'id: "chunk-1"' in example


def test_docs_in_subfolders_keep_their_relative_path(typescript_docs: dict) -> None:  # type: ignore[type-arg]
    assert str(typescript_docs["SendRequest"].source) == "operations/sendrequest.md:1"


# --- errors ------------------------------------------------------------------------------

TABLE_HEAD = "# Broken\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
BAD_DOCS = [
    # (doc text, line of the error, words of the message)
    (
        TABLE_HEAD + "| `a` | *str* | :heavy_check_mark: | N/A |\n| `b` | *Frobnicate* | :heavy_check_mark: | N/A |\n",
        8,
        "unknown type 'Frobnicate'",
    ),
    (TABLE_HEAD + "| `a` | List[*str* | :heavy_check_mark: | N/A |\n", 7, "unbalanced"),
    (TABLE_HEAD + "| `a` | Dict[str, List[*int*]]] | :heavy_check_mark: | N/A |\n", 7, "unbalanced"),
    (TABLE_HEAD + "| `a` | *str* | :heavy_check_mark: |\n", 7, "table row has 3 cells, the header has 4"),
    (TABLE_HEAD + "| `a` | *str* | :heavy_check_mark: | N/A | extra |\n", 7, "table row has 5 cells, the header has 4"),
    (TABLE_HEAD + "| `a` | *str* | maybe | N/A |\n", 7, "cannot read Required cell"),
    ("# Broken\n\n## Supported Types\n\n### `List[str`\n", 5, "unbalanced"),
    ("# Broken\n\n## Supported Types\n\n### \n\n### `str`\n", 5, "empty type"),
    ("# Broken\n\n## Supported Types\n\n### `str`\n\n### Pet\n\nNo code block.\n", 7, "unknown type 'Pet'"),
    ("# Broken\n\n## Supported Types\n\n### \n\n```python\nvalue = 1\n```\n", 5, "empty type"),
    ("# Broken\n\n## Supported Types\n\n### Pet\n\n```python\nvalue: Frob[ = 1\n```\n", 5, "unknown type 'Pet'"),
    ('# Broken\n\n## Values\n\n```typescript\n"a" | 3 | foo\n```\n', 6, "unexpected 'foo'"),
    (
        "# Broken\n\n## Fields\n\n| Name | Description |\n| --- | --- |\n| `a` | N/A |\n",
        5,
        "needs a Field and a Type column",
    ),
    (
        '# Broken\n\n## Values\n\n- `"a"`\n\n## Supported Types\n\n### `str`\n',
        1,
        "mixes Fields, Values and Supported Types",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [  # a CLI run each: the first few stay in `-m "not slow"`
        pytest.param(*case, marks=[pytest.mark.slow] if number >= 4 else []) for number, case in enumerate(BAD_DOCS)
    ],
    ids=[m for _, _, m in BAD_DOCS],
)
def test_broken_docs_exit_2_with_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    spec = tmp_path / "spec"
    write_doc(spec, "models/good.md", '# Good\n\n## Values\n\n- `"x"`\n')
    write_doc(spec, "models/broken.md", text)
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{spec / 'models' / 'broken.md'}:{line}: " in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_lone_carriage_return_inside_a_row_does_not_split_it(tmp_path: Path) -> None:
    """Speakeasy writes <br/> for each newline of a description but may leave the \r of a \r\n
    before it: in a doc whose lines end in \n, that \r is no line ending (CommonMark's reading
    would cut the row short and stop the whole package)."""
    spec = tmp_path / "spec"
    write_doc(
        spec,
        "models/account.md",
        TABLE_HEAD.replace("# Broken", "# Account")
        + "| `category` | *str* | :heavy_check_mark: | The category.\r<br/><br/>For example `Asset`. |\n"
        + "| `name` | *str* | :heavy_minus_sign: | The name. |\n",
    )
    (account,), warnings = parse_folder(spec)
    assert warnings == []
    assert [(f.name, f.description, f.source.line) for f in account.fields] == [
        ("category", "The category. \n\nFor example `Asset`.", 7),
        ("name", "The name.", 8),
    ]


def test_a_doc_with_only_a_title_is_an_alias_for_any_value(tmp_path: Path) -> None:
    """Speakeasy leaves a doc with only a title (and a description) for a type it could not
    describe, and links to it: the link finds it, even with --strict. A doc with other
    sections but no model section (an SDK's method docs) is still not a model doc."""
    spec = tmp_path / "spec"
    write_doc(spec, "models/outcome.md", "# Outcome\n\nWhat came of it.\n")
    write_doc(
        spec,
        "models/action.md",
        "# Action\n\n## Fields\n\n| Field | Type | Required | Description |\n"
        "| - | - | - | - |\n| `outcome` | [models.Outcome](outcome.md) | :heavy_check_mark: | o |\n",
    )
    write_doc(spec, "sdk/pets.md", "# Pets\n\n## Overview\n\nPet operations.\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert (
        f"{spec / 'models' / 'outcome.md'}:1: warning: no Fields, Values or Supported Types section: "
        "generated as an alias that accepts any value"
    ) in result.stderr
    assert (
        f"{spec / 'sdk' / 'pets.md'}:1: warning: no Fields, Values or Supported Types section: not a model doc, skipped"
        in result.stderr
    )
    assert "Outcome: TypeAlias = Any" in target_text(tmp_path / "out", "pydantic_models")
    assert not (tmp_path / "out" / "json_schema" / "Pets.json").exists()


def test_markdown_that_is_not_a_model_doc_is_skipped_with_a_warning(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    write_doc(spec, "models/good.md", '# Good\n\n## Values\n\n- `"x"`\n')
    write_doc(spec, "README.md", "Just some notes.\n")
    result = run_docmodels("generate", spec, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{spec / 'README.md'}:1: warning: no '# Title' heading" in result.stderr


@settings(max_examples=2000)
@given(st.text(alphabet="ab|\\` \t*", max_size=24))
def test_split_cells_splits_table_lines_as_markdown_it_does(line: str) -> None:
    from markdown_it.rules_block.table import escapedSplit

    assert split_cells(line) == escapedSplit(line)


def test_the_faster_table_rule_reads_every_fixture_as_markdown_it_does() -> None:
    """markdown_parser swaps the table rule's cell splitter: every token of every fixture doc
    is what the stock rule makes."""
    from markdown_it import MarkdownIt

    stock = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("emphasis")
    ours = markdown_parser()
    assert stock.block.ruler.getRules("")[0].__code__ is ours.block.ruler.getRules("")[0].__code__
    assert stock.block.ruler.getRules("")[0] is not ours.block.ruler.getRules("")[0]  # the swap took place
    docs = sorted(FIXTURES.rglob("*.md"))
    assert len(docs) > 50
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        assert [t.as_dict() for t in ours.parse(text)] == [t.as_dict() for t in stock.parse(text)], doc


def _definitions(text: str) -> list:  # type: ignore[type-arg]
    found, _ = parse_doc(markdown_parser(), text, "doc.md")
    return found


def test_descriptions_keep_their_links_as_markdown_links() -> None:
    """The SDKs' docstrings keep `[text](url)`: a description that dropped the URL lost it."""
    (invoice,) = _definitions(
        "# Invoice\n\nA bill; see [the guide](https://example.test/guide) or <https://example.test/raw>.\n\n"
        "## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
        "| `number` | *str* | :heavy_check_mark: | Printed per [ISO 8601](https://iso.test/8601). |\n"
    )
    assert invoice.description == "A bill; see [the guide](https://example.test/guide) or https://example.test/raw."
    assert invoice.fields[0].description == "Printed per [ISO 8601](https://iso.test/8601)."


def test_text_under_an_unknown_heading_is_part_of_the_description_in_order() -> None:
    """Paragraphs under `## Overview` were dropped while the lists under it were kept, out of order."""
    (ledger,) = _definitions(
        "# Ledger\n\nGroups postings.\n\n## Overview\n\nIt records:\n\n* the date\n* the amount\n\n"
        "Closed ones stay closed.\n\n### Notes\n\n3. open it\n4. post to it\n\n"
        "## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
        "| `name` | *str* | :heavy_check_mark: | N/A |\n"
    )
    assert ledger.description == (
        "Groups postings.\n\n## Overview\n\nIt records:\n\n- the date\n- the amount\n\n"
        "Closed ones stay closed.\n\n### Notes\n\n3. open it\n4. post to it"
    )


def test_text_under_a_sub_model_heading_describes_the_sub_model() -> None:
    """Utility docs describe a second model as `## Name`, its text, `### Fields`."""
    retry, backoff = _definitions(
        "# Retry\n\nHow to retry.\n\n## Fields\n\n| Name | Type | Description |\n| --- | --- | --- |\n"
        "| `backoff` | [Backoff](#backoff) | How long. |\n\n## Backoff\n\nWaits longer each time.\n\n"
        "### Fields\n\n| Name | Type | Description |\n| --- | --- | --- |\n| `initial` | `*int*` | First wait. |\n"
    )
    assert (retry.description, backoff.title, backoff.description) == (
        "How to retry.",
        "Backoff",
        "Waits longer each time.",
    )


NOTICE_DOC = (
    "# ~~Widget~~\n\nA thing on a shelf.\n\n> :warning: **DEPRECATED**: Going away soon, use Gadget.\n\n"
    "## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
    "| ~~`colour`~~ | *Optional[str]* | :heavy_minus_sign: | : warning: ** DEPRECATED **: Going away soon.<br/><br/>Paint colour. |\n"
    "| `size` | *Optional[int]* | :heavy_minus_sign: | : warning: ** DEPRECATED **: Use dimensions. |\n"
)


def test_a_deprecation_notice_is_the_deprecation_message_not_the_description() -> None:
    """Speakeasy writes its deprecation notice into the description (a cell's start, a quote under
    the title); the SDKs make it the deprecation message and keep the description clean."""
    (widget,) = _definitions(NOTICE_DOC)
    assert (widget.description, widget.deprecated, widget.deprecation) == (
        "A thing on a shelf.", True, "Going away soon, use Gadget.")
    colour, size = widget.fields
    assert (colour.description, colour.deprecated, colour.deprecation) == ("Paint colour.", True, "Going away soon.")
    assert (size.description, size.deprecated, size.deprecation) == ("", True, "Use dimensions.")  # not struck, still


def test_an_enum_keeps_its_deprecation_notice_in_its_description() -> None:
    """No target has a place for an enum's message: the text stays where the doc put it."""
    (status,) = _definitions("# ~~Status~~\n\n> :warning: **DEPRECATED**: Use State.\n\n## Values\n\n- `\"a\"`\n- `\"b\"`\n")
    assert (status.description, status.deprecated) == (":warning: **DEPRECATED**: Use State.", True)
