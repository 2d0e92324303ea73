"""Bullet lists: enum values under '## Values', description text elsewhere."""

from __future__ import annotations

from generator.parse.inline import code_or_text, literal_value, plain_text
from generator.parse.state import DocState


def bullet_list(state: DocState) -> None:
    token = state.token
    draft = state.require_draft(token)
    start = state.pos
    state.skip_block()
    items = [
        (t, state.line_of(t))
        for t in state.tokens[start : state.pos]
        if t.type == "inline" and t.level == token.level + 3  # list_item > paragraph > inline
    ]
    if state.section == "values":
        draft.kinds.add("enum")
        for inline, line in items:
            draft.enum_values.append((None, literal_value(code_or_text(inline.children or [])), line))
    elif state.section is None and len(state.drafts) == 1:
        first = int(token.attrs.get("start", 1)) if token.type == "ordered_list_open" else 0
        marks = [f"{first + n}." if first else "-" for n in range(len(items))]
        state.describe("\n".join(f"{mark} {plain_text(i.children or [])}" for mark, (i, _) in zip(marks, items)))
