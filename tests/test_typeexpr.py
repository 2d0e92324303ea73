"""The type grammar of Speakeasy docs, both flavors: a type cell's Markdown -> a type tree."""

from __future__ import annotations

import pytest

from generator.ir.types import (
    ListOf,
    LiteralOf,
    MapOf,
    Nullable,
    Primitive,
    Ref,
    TypeExpr,
    UnionOf,
)
from generator.parse.document import markdown_parser
from generator.parse.inline import type_segments
from generator.parse.typeexpr import MAX_DEPTH, TypeSyntaxError, Wrapped, parse_type

STR, INT, FLOAT, BOOL, ANY, BYTES = (Primitive(n) for n in ("str", "int", "float", "bool", "any", "bytes"))
DATETIME, DATE = Primitive("datetime"), Primitive("date")
PY_DATE_LINK = "https://docs.python.org/3/library/datetime.html#date-objects"
MDN = "https://developer.mozilla.org/en-US/docs/Web"


def model(title: str, link: str | None = None) -> Ref:
    return Ref(title, link, namespace="models")


def component(title: str, link: str | None = None) -> Ref:
    return Ref(title, link, namespace="components")


def cell(markdown: str) -> TypeExpr | Wrapped:
    """Parse a type cell as it sits in a table: Markdown inline, links and all."""
    (inline,) = markdown_parser().parseInline(markdown)
    return parse_type(type_segments(inline.children or []))


PYTHON_FLAVOR = [
    ("*str*", STR),
    ("*int*", INT),
    ("*float*", FLOAT),
    ("*bool*", BOOL),
    ("*Any*", ANY),
    ("*bytes*", BYTES),
    ("Union[bytes, IO[bytes], io.BufferedReader]", BYTES),
    ("Union[bytes, IO[bytes], io.IOBase]", BYTES),
    # Speakeasy links Python datetimes with the text "date": the SDKs' code says datetime.
    (f"[date]({PY_DATE_LINK})", DATETIME),
    ("*date*", DATE),
    (f"[datetime.date]({PY_DATE_LINK})", DATE),  # spelled in full, a date is a date
    # ... and a date with the text "datetime" (the SDKs' code: `date_: date`).
    ("[datetime](https://docs.python.org/3/library/datetime.html#datetime-objects)", DATE),
    ("*Optional[Decimal]*", Wrapped(UnionOf((FLOAT, STR)), optional=True, nullable=False)),
    (
        "[Optional[utils.RetryConfig]](../../models/utils/retryconfig.md)",
        Wrapped(Ref("RetryConfig", "../../models/utils/retryconfig.md", namespace="utils"), True, False),
    ),
    ("*datetime*", DATETIME),
    ("*Optional[str]*", Wrapped(STR, optional=True, nullable=False)),
    ("*OptionalNullable[int]*", Wrapped(INT, optional=True, nullable=True)),
    ("*Nullable[float]*", Wrapped(FLOAT, optional=False, nullable=True)),
    ("List[*str*]", ListOf(STR)),
    ("Dict[str, *Any*]", MapOf(ANY)),
    ("Dict[str, List[*int*]]", MapOf(ListOf(INT))),
    ('*Literal["chat.completion.chunk"]*', LiteralOf(("chat.completion.chunk",))),
    ('*Literal["a", "b"]*', LiteralOf(("a", "b"))),
    ("*Literal[True]*", LiteralOf((True,))),
    ("*Literal[False]*", LiteralOf((False,))),
    ("*Literal[2]*", LiteralOf((2,))),
    ("*Literal[-1, 0.5]*", LiteralOf((-1, 0.5))),
    ("*Union[str, int]*", UnionOf((STR, INT))),
    ("*Union[str, None]*", Nullable(STR)),
    ("[models.Child](../models/child.md)", model("Child", "../models/child.md")),
    ("*models.Child*", model("Child")),
    ("[Optional[models.Child]](../models/child.md)", Wrapped(model("Child", "../models/child.md"), True, False)),
    ("[Nullable[models.Child]](../models/child.md)", Wrapped(model("Child", "../models/child.md"), False, True)),
    ("List[[models.Child](../models/child.md)]", ListOf(model("Child", "../models/child.md"))),
    # Optional below the top level means the value may be null.
    ("List[*Optional[str]*]", ListOf(Nullable(STR))),
    ("Dict[str, [Nullable[models.X]](x.md)]", MapOf(Nullable(model("X", "x.md")))),
    (
        "Dict[str, List[[Nullable[models.Child]](../models/child.md)]]",
        MapOf(ListOf(Nullable(model("Child", "../models/child.md")))),
    ),
    ("List[List[List[Dict[str, List[*int*]]]]]", ListOf(ListOf(ListOf(MapOf(ListOf(INT)))))),
    ("List[Union[str, List[Union[int, models.X]]]]", ListOf(UnionOf((STR, ListOf(UnionOf((INT, model("X")))))))),
    ("*Optional[Union[str, List[str]]]*", Wrapped(UnionOf((STR, ListOf(STR))), True, False)),
    ("Union[eventstreaming.EventStream[models.E], eventstreaming.EventStreamAsync[models.E]]", ListOf(model("E"))),
    ("*httpx.Response*", ANY),
    # A name linked to a library's documentation is a raw HTTP object, not a model.
    ("[requests.Response](https://requests.readthedocs.io/en/latest/api/#requests.Response)", ANY),
    # Older docs link a whole union to its doc: each member is then found by its title.
    ("List[[Union[components.A, components.B]](../../models/components/ab.md)]",
     ListOf(UnionOf((component("A"), component("B"))))),
]

TYPESCRIPT_FLAVOR = [
    ("*string*", STR),
    ("*number*", FLOAT),
    ("*boolean*", BOOL),
    ("*any*", ANY),
    ('*"chat.completion"*', LiteralOf(("chat.completion",))),
    ("*string*[]", ListOf(STR)),
    ("*number*[][]", ListOf(ListOf(FLOAT))),
    ("Record<string, *any*>", MapOf(ANY)),
    ("Record<string, *number*>[]", ListOf(MapOf(FLOAT))),
    ("Record<string, *string*[]>", MapOf(ListOf(STR))),
    (f"[Date]({MDN}/JavaScript/Reference/Global_Objects/Date)", DATETIME),
    ("[components.Choice](../../models/components/choice.md)", component("Choice", "../../models/components/choice.md")),
    ("*components.Choice*", component("Choice")),
    ("*operations.SendRequest*", Ref("SendRequest", namespace="operations")),
    ("[components.Choice](../../models/components/choice.md)[]", ListOf(component("Choice", "../../models/components/choice.md"))),
    ("*components.Choice*[]", ListOf(component("Choice"))),
    (r"*string* \| *number*", UnionOf((STR, FLOAT))),
    (r"*string* \| *string*[]", UnionOf((STR, ListOf(STR)))),
    (r"*string* \| *null*", Nullable(STR)),
    (
        rf"[File]({MDN}/API/File) \| [Blob]({MDN}/API/Blob) \| [components.FileT](../../models/components/filet.md)",
        UnionOf((BYTES, component("FileT", "../../models/components/filet.md"))),
    ),
    ("*ReadableStream<Uint8Array>*", BYTES),
    ("*EventStream<components.Chunk>*", ListOf(component("Chunk"))),
    ("`JsonLStream<components.Chunk>`", ListOf(component("Chunk"))),  # JSON lines: each line an item
    ("*BigInt*", INT),
    ("[RFCDate](../../types/rfcdate.md)", DATE),
    # Newer docs link a Date sent as YYYY-MM-DD to the same page: a date, not a datetime.
    ("[Date](../../types/rfcdate.md)", DATE),
    (r"[Date](types/rfcdate.md) \| *null*", Nullable(DATE)),
    ("[AxiosResponse](https://axios-http.com/docs/res_schema)", ANY),
    ("[AxiosResponse>](https://axios-http.com/docs/res_schema)", ANY),  # older docs lose the `<T`
    ("*Request*", ANY),
    # Index signatures, as newer docs write a map in a member heading: any key name.
    ("`{ [k: string]: any }`", MapOf(ANY)),
    ("`{ [key: string]: components.Choice }`", MapOf(component("Choice"))),
    ("`{ [k: string]: components.Choice[] }`", MapOf(ListOf(component("Choice")))),
    ("`{ [k: string]: { [k: string]: string } }`", MapOf(MapOf(STR))),
    ("`{ [k: string]: any }[]`", ListOf(MapOf(ANY))),
    ("`Array<{ [k: string]: any }>`", ListOf(MapOf(ANY))),
    ("`{[k:string]:number|null}`", MapOf(Nullable(FLOAT))),
    (r"`{ [k: string]: string }` \| *null*", Nullable(MapOf(STR))),
]


@pytest.mark.parametrize(("markdown", "expected"), PYTHON_FLAVOR, ids=[m for m, _ in PYTHON_FLAVOR])
def test_python_flavor(markdown: str, expected: TypeExpr | Wrapped) -> None:
    assert cell(markdown) == expected


@pytest.mark.parametrize(("markdown", "expected"), TYPESCRIPT_FLAVOR, ids=[m for m, _ in TYPESCRIPT_FLAVOR])
def test_typescript_flavor(markdown: str, expected: TypeExpr | Wrapped) -> None:
    assert cell(markdown) == expected


def test_a_link_only_around_the_name_still_links_it() -> None:
    assert cell("List[[models.A](a.md) \\| [models.B](b.md)]") == ListOf(UnionOf((model("A", "a.md"), model("B", "b.md"))))


def test_a_doc_link_without_namespace_is_a_reference() -> None:
    assert cell("[Pet](./pet.md)") == Ref("Pet", "./pet.md")


def test_unions_flatten_and_merge_literals() -> None:
    assert cell('*Union[Literal["a"], Union[Literal["b"], str], str]*') == UnionOf((LiteralOf(("a", "b")), STR))


def test_any_absorbs_a_union() -> None:
    assert cell("*Union[str, Any]*") == ANY


def test_literal_with_emphasis_markers_inside_survives() -> None:
    # Markdown reads `__x__` as emphasis; the literal must keep its underscores.
    assert cell('*Literal["__x__"]*') == LiteralOf(("__x__",))


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("*Frobnicate*", "unknown type 'Frobnicate'"),
        ("List[*str*", "unbalanced"),
        ("List[*str*]]", "unbalanced"),
        ("Dict[str, *int*", "unbalanced"),
        ("Record<string, *any*", "unbalanced"),
        ("Dict[int, *str*]", "keys must be strings"),
        ("List[*str*, *int*]", "List takes 1 type argument"),
        ("*Literal[str]*", "Literal[...] takes"),
        ("*Frobnicate[int]*", "unknown generic type"),
        ("", "empty type"),
        ("*str* ; *int*", "unexpected character"),
        ("`{ [k: number]: string }`", "index signature keys must be strings"),
        ("`{ name: string }`", "only index signatures"),
        ("`{ [k: string]: string`", "unbalanced"),
        ("`{ [k: string] string }`", "expected ':'"),
    ],
)
def test_malformed_types_are_errors(markdown: str, message: str) -> None:
    with pytest.raises(TypeSyntaxError, match=message.replace("[", r"\[").replace("]", r"\]")):
        cell(markdown)


def test_nesting_past_the_limit_is_an_error_not_a_crash() -> None:
    deep = "List[" * (MAX_DEPTH + 5) + "*str*" + "]" * (MAX_DEPTH + 5)
    with pytest.raises(TypeSyntaxError, match="nested deeper"):
        cell(deep)
