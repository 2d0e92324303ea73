"""One Markdown doc -> its definitions: run the rules over the token stream."""

from __future__ import annotations

import re
import types

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import table as gfm_table

from generator.diagnostics import Diagnostic
from generator.ir.nodes import Definition, EnumMember, EnumModel, Field, ObjectModel, Source, UnionModel
from generator.ir.types import LiteralValue, Primitive
from generator.parse.inline import split_notice
from generator.parse.rules import RULES
from generator.parse.state import DocState, Draft

_LONE_CR = re.compile(r"\r(?!\n)")


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough (a deprecated name); inline HTML kept as
    tokens (<br/>). No emphasis: descriptions keep their `*` and `_` as the SDKs' docstrings
    do, type cells read `*str*` as is, and parsing takes a sixth less time."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("emphasis")
    if "escapedSplit" in gfm_table.__code__.co_names:
        # markdown-it's table rule with its cell splitter swapped for split_cells: the
        # splitter's character loop was a sixth of the time of parsing a doc.
        scope = {**gfm_table.__globals__, "escapedSplit": split_cells}
        md.block.ruler.at("table", types.FunctionType(gfm_table.__code__, scope), {"alt": ["paragraph", "reference"]})
    return md


_CELL_BORDER = re.compile(r"(?<!\\)\|")


def split_cells(line: str) -> list[str]:
    """markdown-it's escapedSplit: a table line cut at every pipe not right after a backslash,
    and in each cell a backslash-pipe read as a pipe."""
    return [cell.replace("\\|", "|") for cell in _CELL_BORDER.split(line)]


def parse_doc(md: MarkdownIt, text: str, path: str) -> tuple[list[Definition], list[Diagnostic]]:
    """Definitions a doc holds (none for a Markdown file that is not a model doc)."""
    if "\n" in text:
        # Speakeasy writes <br/> for a description's newlines but may leave the \r of a \r\n:
        # in a doc whose lines end in \n, a lone \r ends no line (CommonMark's reading would
        # cut a table row in two).
        text = _LONE_CR.sub(" ", text)
    # Lines as markdown-it counts them: str.splitlines() also breaks at \x0c, \x1c, U+2028...
    lines = re.split(r"\r\n?|\n", text)
    tokens = md.parse(text)
    if not any(t.type == "heading_open" and t.tag == "h1" for t in tokens):
        # A README or notes beside the model docs: not an error, nothing to generate.
        return [], [Diagnostic(path, 1, "no '# Title' heading: not a model doc, skipped")]
    state = DocState(path=path, lines=lines, tokens=tokens)
    while state.pos < len(state.tokens):
        rule = RULES.get(state.token.type)
        if rule is None:
            state.pos += 1
        else:
            rule(state)
    state.settle_pending_member()
    state.settle_pending_text()
    definitions = [definition for draft in state.drafts if (definition := _build(state, draft)) is not None]
    if not definitions and sum(t.type == "heading_open" for t in tokens) == 1:
        # Only a title (and maybe a description): Speakeasy writes such a doc for a type it
        # could not describe, and other docs link to it.
        draft = state.drafts[0]
        draft.kinds.add("union")
        draft.union_members.append((Primitive("any"), draft.line))
        alias = _build(state, draft)
        assert alias is not None, "a draft with a member is a union"
        definitions.append(alias)
        state.warn(
            draft.line, "no Fields, Values or Supported Types section: generated as an alias that accepts any value"
        )
    elif not definitions:
        state.warn(state.drafts[0].line, "no Fields, Values or Supported Types section: not a model doc, skipped")
    return definitions, state.warnings


def _build(state: DocState, draft: Draft) -> Definition | None:
    source = Source(state.path, draft.line)
    description = "\n\n".join(d for d in draft.description if d)
    if len(draft.kinds) > 1:
        raise state.error(draft.line, "a doc mixes Fields, Values and Supported Types sections")
    kind = next(iter(draft.kinds), None)
    examples = tuple(draft.examples)
    notice, rest = split_notice(draft.notice or "")
    if kind == "object" and notice is not None:
        # The notice is the model's deprecation message, as the SDKs make it, not its description.
        kept = (rest if d == draft.notice else d for d in draft.description)
        description = "\n\n".join(d for d in kept if d)
    if kind == "object":
        return ObjectModel(
            title=draft.title,
            description=description,
            fields=tuple(_unique_fields(state, draft.fields)),
            extra_allowed=draft.extra_allowed,
            deprecated=draft.deprecated or notice is not None,
            deprecation=notice or "",
            examples=examples,
            source=source,
        )
    if kind == "enum":
        return EnumModel(
            title=draft.title,
            description=description,
            members=_enum_members(state, draft),
            open=draft.enum_open,
            deprecated=draft.deprecated,
            examples=examples,
            source=source,
        )
    if kind == "union":
        return UnionModel(
            title=draft.title,
            description=description,
            members=tuple(m for m, _ in draft.union_members),
            deprecated=draft.deprecated,
            examples=examples,
            source=source,
        )
    return None


def _unique_fields(state: DocState, fields: list[Field]) -> list[Field]:
    """One field per wire key: a second row with the same name would collide in every target."""
    first: dict[str, Field] = {}
    for field in fields:
        if (kept := first.setdefault(field.name, field)) is not field:
            line = kept.source.line
            state.warn(
                field.source.line, f"field {field.name!r} is listed twice (first at line {line}): kept the first"
            )
    return list(first.values())


def _enum_members(state: DocState, draft: Draft) -> tuple[EnumMember, ...]:
    members: dict[tuple[type, LiteralValue], EnumMember] = {}
    for name, value, line in draft.enum_values:
        member = EnumMember(value=value, name=name or None)
        if members.setdefault((type(value), value), member) is not member:
            state.warn(line, f"enum value {value!r} is listed twice: kept once")
    if not members:
        raise state.error(draft.line, "an enum with no values")
    return tuple(members.values())
