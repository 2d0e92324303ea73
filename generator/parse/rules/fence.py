"""Code blocks: Example Usage, or a TypeScript enum `"a" | "b"` under '## Values'."""

from __future__ import annotations

import re

from generator.parse.inline import literal_value
from generator.parse.state import DocState
from generator.parse.typeexpr import TypeSyntaxError, Wrapped, parse_type, tokenize

# Newer docs mark an open enum only in its example: `# Open enum: unrecognized values are
# captured as UnrecognizedInt` (Python), `// ... as Unrecognized<string>` (TypeScript).
_OPEN_ENUM_COMMENT = re.compile(
    r"Open enum: unrecognized values are captured as Unrecognized\s*(?:<\s*)?(?P<kind>\w*)", re.IGNORECASE
)

# The first line of a union member's code block: `name: TYPE = ...` (Python) or
# `const name: TYPE = ...` (TypeScript).
_DECLARATION = re.compile(r"\s*(?:(?:const|let|var)\s+)?[A-Za-z_$][\w$]*\s*:\s*(?P<type>[^=\n]+?)\s*=")


def fence(state: DocState) -> bool:
    token = state.token
    if token.type not in ("fence", "code_block"):
        return False
    state.pos += 1
    draft = state.require_draft(token)
    if state.section == "values":
        _typescript_values(state, token.content, state.line_of(token) + 1)
    elif state.section == "supported types" and draft.pending_member is not None:
        _member_from_code(state, token.content)
    elif state.section == "example usage":
        draft.examples.append(token.content)
        _open_enum_comment(state, token.content)
    return True


def _typescript_values(state: DocState, code: str, line: int) -> None:
    draft = state.draft
    assert draft is not None
    draft.kinds.add("enum")
    try:
        tokens = tokenize([(code, None)])
    except TypeSyntaxError as exc:
        raise state.error(line, str(exc)) from None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind in ("string", "number") or tok.text in ("true", "false"):
            draft.enum_values.append((None, literal_value(tok.text), line))
        elif tok.text == "Unrecognized":
            draft.enum_open = True
            while i < len(tokens) and tokens[i].kind != ">":  # skip <string>
                i += 1
        elif tok.kind not in ("|",):
            raise state.error(line, f"unexpected {tok.text!r} in the list of enum values")
        i += 1


def _member_from_code(state: DocState, code: str) -> None:
    """The type of the member whose heading gave none, from its declaration; else the
    heading's own error stands."""
    draft = state.draft
    assert draft is not None and draft.pending_member is not None
    line, problem = draft.pending_member
    match = _DECLARATION.match(code)
    if match is None:
        raise state.error(line, problem)
    try:
        parsed = parse_type([(match.group("type"), None)])
    except TypeSyntaxError:
        raise state.error(line, problem) from None
    draft.union_members.append((parsed.inner if isinstance(parsed, Wrapped) else parsed, line))
    draft.pending_member = None


def _open_enum_comment(state: DocState, code: str) -> None:
    match = _OPEN_ENUM_COMMENT.search(code)
    if match is None:
        return
    draft = state.draft
    assert draft is not None
    draft.mark_open(match.group("kind"))
