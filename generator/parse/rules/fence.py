"""Code blocks: Example Usage, or a TypeScript enum `"a" | "b"` under '## Values'."""

from __future__ import annotations

import re

from generator.parse.inline import literal_value
from generator.parse.state import DocState, Draft
from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type, tokenize

# Newer docs mark an open enum only in its example: `# Open enum: unrecognized values are
# captured as UnrecognizedInt` (Python), `// ... as Unrecognized<string>` (TypeScript).
_OPEN_ENUM_COMMENT = re.compile(
    r"Open enum: unrecognized values are captured as Unrecognized\s*(?:<\s*)?(?P<kind>\w*)", re.IGNORECASE
)

# The first line of a union member's code block: `name: TYPE = ...` (Python) or
# `const name: TYPE = ...` (TypeScript).
_DECLARATION = re.compile(r"\s*(?:(?:const|let|var)\s+)?[A-Za-z_$][\w$]*\s*:\s*(?P<type>[^=\n]+?)\s*=")


def fence(state: DocState) -> None:
    token = state.token
    state.pos += 1
    draft = state.require_draft(token)
    if state.section == "values":
        _typescript_values(state, draft, token.content, state.line_of(token) + 1)
    elif state.section == "supported types" and draft.pending_member is not None:
        _member_from_code(state, draft, draft.pending_member, token.content)
    elif state.section == "example usage":
        draft.examples.append(token.content)
        if open_enum := _OPEN_ENUM_COMMENT.search(token.content):
            draft.mark_open(open_enum.group("kind"))


def _typescript_values(state: DocState, draft: Draft, code: str, line: int) -> None:
    draft.kinds.add("enum")
    try:
        tokens = iter(tokenize([(code, None)]))
    except TypeSyntaxError as exc:
        raise state.error(line, str(exc)) from None
    for token in tokens:
        if token.kind in ("string", "number") or token.text in ("true", "false"):
            draft.enum_values.append((None, literal_value(token.text), line))
        elif token.text == "Unrecognized":
            draft.enum_open = True
            next((t for t in tokens if t.kind == ">"), None)  # skip <string>
        elif token.kind != "|":
            raise state.error(line, f"unexpected {token.text!r} in the list of enum values")


def _member_from_code(state: DocState, draft: Draft, pending: tuple[int, str], code: str) -> None:
    """The type of the member whose heading gave none, from its declaration; else the
    heading's own error stands."""
    line, problem = pending
    match = _DECLARATION.match(code)
    if match is None:
        raise state.error(line, problem)
    try:
        parsed = parse_type([(match.group("type"), None)])
    except TypeSyntaxError:
        raise state.error(line, problem) from None
    draft.union_members.append((parsed.inner if isinstance(parsed, Wrapped) else parsed, line))
    draft.pending_member = None
