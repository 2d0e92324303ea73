"""`# Title`, `## Section`, `### Member` headings."""

from __future__ import annotations

from generator.parse.inline import is_struck, plain_text, type_segments
from generator.parse.state import DocState, Draft
from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type

KNOWN_SECTIONS = ("fields", "values", "supported types", "example usage")


def heading(state: DocState) -> None:
    token = state.token
    inline = state.tokens[state.pos + 1]
    children = inline.children or []
    line = state.line_of(token)
    text = plain_text(children).strip("`").strip()
    state.pos += 3  # heading_open, inline, heading_close
    if token.tag == "h1":
        _title(state, line, text, is_struck(children))
    elif token.tag == "h2":
        _section(state, text)
    elif token.tag == "h3":
        _subsection(state, line, text, children)


def _title(state: DocState, line: int, text: str, struck: bool) -> None:
    if state.drafts:
        state.warn(line, "a second '# Title' heading is ignored: one model a doc")
        return
    if not text:
        raise state.error(line, "empty '# Title' heading")
    state.drafts.append(Draft(title=text, line=line, deprecated=struck))
    state.section = None


def _section(state: DocState, text: str) -> None:
    state.settle_pending_member()
    state.settle_pending_text()
    name = text.lower()
    state.section = name if name in KNOWN_SECTIONS else None
    state.pending_title = None if name in KNOWN_SECTIONS else text


def _subsection(state: DocState, line: int, text: str, children: list) -> None:  # type: ignore[type-arg]
    if state.section == "supported types":
        draft = state.require_draft(state.tokens[state.pos - 3])
        state.settle_pending_member()
        draft.kinds.add("union")
        try:
            parsed = parse_type(type_segments(children))
        except TypeSyntaxError as exc:
            # Older docs leave the heading empty or write a bare title (`### Pet`): the
            # code block under it (`value: models.Pet = /* values here */`) has the type.
            draft.pending_member = (line, str(exc))
            return
        draft.union_members.append((parsed.inner if isinstance(parsed, Wrapped) else parsed, line))
    elif text.lower() == "fields" and state.pending_title and state.drafts:
        # Utility docs (RetryConfig) describe a second model as '## Name' + '### Fields'.
        state.drafts.append(Draft(title=state.pending_title, line=line, description=state.pending_text))
        state.pending_title, state.pending_text = None, []
        state.section = "fields"
    elif state.section is None and len(state.drafts) == 1:
        state.describe(f"### {text}")
