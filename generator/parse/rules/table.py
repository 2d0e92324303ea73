"""Tables: the '## Fields' table of a model, or a '| Name | Value |' enum table."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.ir.nodes import Field, Source
from generator.ir.types import Nullable
from generator.parse.inline import code_or_text, is_struck, literal_value, plain_text, split_notice, type_segments
from generator.parse.state import DocState, Draft
from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type

# The columns read, by header: a "Name" column is the Field column.
_COLUMN_ALIASES = {"name": "field", **{c: c for c in ("field", "type", "required", "description", "example", "value")}}
_YES = {":heavy_check_mark:", "✔️", "✔", "✓", "yes", "true", "required", "x"}
_NO = {":heavy_minus_sign:", "➖", "-", "no", "false", "optional", ""}
EXTRA_KEYS_ROW = "__pydantic_extra__"
TS_EXTRA_KEYS_ROW = "additionalProperties"
_ESCAPE = re.compile(r"\\.", re.DOTALL)
# An integer as JSON writes one (no leading zero, no plus sign): `01` is a code, a string.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_UNRECOGNIZED = re.compile(r"Unrecognized\s*<\s*(\w*)\s*>")


def table(state: DocState) -> None:
    token = state.token
    draft = state.require_draft(token)
    start = state.pos
    state.skip_block()
    header, rows = _rows(state.tokens[start : state.pos])
    columns = [_COLUMN_ALIASES.get(plain_text(c.children or []).strip().lower(), "") for c in header]
    for row_token, cells in rows:
        _check_cell_count(state, row_token, len(columns))
    if state.section == "values" and "value" in columns:
        draft.kinds.add("enum")
        found = []
        for row_token, cells in rows:
            row = dict(zip(columns, cells))
            # `b64_json` and "b64_json" both mean the string b64_json
            value = code_or_text(row["value"].children or []) if "value" in row else ""
            name = code_or_text(row["field"].children or []) if "field" in row else None
            if catch_all := _UNRECOGNIZED.fullmatch(value.strip()):
                # TypeScript docs end an open enum's table with `| - | Unrecognized<string> |`:
                # no value, it says unknown ones are kept (and whether they are strings).
                draft.mark_open(catch_all.group(1))
                continue
            found.append((name, value, state.line_of(row_token)))
        # A table shows an integer enum's values bare (`| `ACTIVE` | 0 |`): all integers
        # make one, unless the example says unrecognized values are strings.
        integers = draft.unrecognized != "str" and all(_INTEGER.fullmatch(v) for _, v, _ in found)
        draft.enum_values.extend(
            (name, int(value) if integers else _table_value(value), line) for name, value, line in found
        )
    elif state.section == "fields":
        if "field" not in columns or "type" not in columns:
            raise state.error(state.line_of(token), "a Fields table needs a Field and a Type column")
        draft.kinds.add("object")
        for row_token, cells in rows:
            _field_row(state, draft, row_token, dict(zip(columns, cells)))


def _rows(tokens: list[Token]) -> tuple[list[Token], list[tuple[Token, list[Token]]]]:
    header: list[Token] = []
    rows: list[tuple[Token, list[Token]]] = []
    in_head = False
    for tok in tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append((tok, []))
        elif tok.type == "inline":
            (header if in_head else rows[-1][1]).append(tok)
    return header, rows


def _count_cells(line: str) -> int:
    """How many cells GFM reads in a raw table line: it splits on every pipe that is
    not part of a backslash escape."""
    text = line.strip()
    unescaped = _ESCAPE.sub("", text)  # `\|` and `\\` hold no cell boundary
    count = unescaped.count("|") + 1
    if text.startswith("|"):
        count -= 1
    if text.endswith("|") and not text.endswith("\\|"):
        count -= 1
    return count


def _check_cell_count(state: DocState, row_token: Token, expected: int) -> None:
    # markdown-it pads short rows and drops extra cells; a data row that does
    # not match its header is a broken doc, and silently shifting it is worse.
    line = state.line_of(row_token)
    found = _count_cells(state.lines[line - 1])
    if found != expected:
        raise state.error(line, f"table row has {found} cells, the header has {expected}")


def _table_value(text: str) -> str | int | float | bool | None:
    if text.startswith('"') and text.endswith('"'):
        return literal_value(text)
    return text


def _required(state: DocState, line: int, cell: Token | None) -> bool | None:
    if cell is None:
        return None
    text = plain_text(cell.children or []).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise state.error(line, f"cannot read Required cell {text!r}: use :heavy_check_mark: or :heavy_minus_sign:")


def _typescript_extra_keys(name: str, segments: list[tuple[str, str | None]]) -> bool:
    """TypeScript docs show the extra keys a model keeps as an `additionalProperties`
    row typed `Record<string, T>`: the Python docs' `__pydantic_extra__` row."""
    return name == TS_EXTRA_KEYS_ROW and "".join(text for text, _ in segments).lstrip(" *").startswith("Record<")


def _field_row(state: DocState, draft: Draft, row_token: Token, row: dict[str, Token]) -> None:
    line = state.line_of(row_token)
    name_children = row["field"].children or []
    name = code_or_text(name_children).strip()
    if not name:
        raise state.error(line, "a field row with no field name")
    segments = type_segments(row["type"].children or [])
    if name == EXTRA_KEYS_ROW or _typescript_extra_keys(name, segments):
        draft.extra_allowed = True
        return
    try:
        parsed = parse_type(segments)
    except TypeSyntaxError as exc:
        raise state.error(line, f"field {name!r}: {exc}") from None
    optional = nullable = False
    if isinstance(parsed, Wrapped):
        optional, nullable, parsed = parsed.optional, parsed.nullable, parsed.inner
    if isinstance(parsed, Nullable):  # `string | null`, Union[str, None]
        nullable, parsed = True, parsed.inner
    required = _required(state, line, row.get("required"))
    if required is None:
        required = not optional
    elif required and optional and not nullable:
        # Older Speakeasy docs write a required field that may be null as `Optional[T]`
        # marked required (current ones write `Nullable[T]`): it can only mean null.
        nullable = True
    description = plain_text(row["description"].children or []) if "description" in row else ""
    notice, description = split_notice(description)
    example = plain_text(row["example"].children or []) if "example" in row else ""
    draft.fields.append(
        Field(
            name=name,
            type=parsed,
            required=required,
            nullable=nullable,
            description="" if description == "N/A" else description,
            example=example or None,
            deprecated=is_struck(name_children) or notice is not None,
            deprecation=notice or "",
            source=Source(state.path, line),
        )
    )
