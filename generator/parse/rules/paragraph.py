"""Paragraphs: the description, or the 'This is an open enum' sentence."""

from __future__ import annotations

from generator.parse.inline import plain_text, split_notice
from generator.parse.state import DocState


def paragraph(state: DocState) -> None:
    token = state.token
    text = plain_text(state.tokens[state.pos + 1].children or [])
    state.pos += 3
    draft = state.draft
    if draft is None:
        raise state.error(state.line_of(token), "text before the '# Title' heading")
    if state.section == "values" and "open enum" in text.lower():
        draft.enum_open = True
    elif state.section is None and len(state.drafts) == 1:
        if draft.notice is None and split_notice(text)[0] is not None:
            draft.notice = text  # a model's deprecation message (document.py); an enum's or union's text
        state.describe(text)
