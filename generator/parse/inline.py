"""Inline token children -> plain text, type segments, literal values."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.ir.types import LiteralValue
from generator.jsonvalue import loads_finite


def plain_text(children: list[Token]) -> str:
    """The text a reader sees: markup dropped but code kept in backticks and links kept as
    Markdown links (as the SDKs' docstrings keep them), <br/> as newline."""
    parts: list[str] = []
    hrefs: list[str] = []
    for child in children:
        if child.type == "link_open" and child.markup != "autolink":  # an autolink's text is its URL
            hrefs.append(str(child.attrs.get("href", "")))
            parts.append("[")
        elif child.type == "link_close" and child.markup != "autolink" and hrefs:
            parts.append(f"]({hrefs.pop()})")
        elif child.type in ("text", "html_block"):
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline":
            parts.append("\n" if child.content.lower().replace(" ", "") in ("<br>", "<br/>") else child.content)
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def type_segments(children: list[Token]) -> list[tuple[str, str | None]]:
    """The text of a type cell, each piece with the href of the link it sits in."""
    segments: list[tuple[str, str | None]] = []
    href: str | None = None
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
        elif child.type == "link_close":
            href = None
        elif child.type in ("text", "code_inline"):
            segments.append((child.content, href))
        elif child.type in ("softbreak", "hardbreak", "html_inline"):
            segments.append((" ", href))
        elif child.type in ("s_open", "s_close"):
            # Markdown reads `~~x~~` in `Literal["~~x~~"]` as strikethrough: put it back.
            segments.append((child.markup, href))
    merged: list[tuple[str, str | None]] = []
    for text, link in segments:  # a string literal may span pieces: tokenize them as one
        if merged and merged[-1][1] == link:
            merged[-1] = (merged[-1][0] + text, link)
        else:
            merged.append((text, link))
    return merged


# Speakeasy's deprecation notice, as plain_text reads it: `: warning: ** DEPRECATED **: ...` in a
# cell, `> :warning: **DEPRECATED**: ...` below a title. The SDKs make it the deprecation message.
_NOTICE = re.compile(r":?\s*warning:\s*\**\s*DEPRECATED\s*\**\s*[:-][ \t]*(?P<notice>[^\n]*)\n*", re.IGNORECASE)


def split_notice(text: str) -> tuple[str | None, str]:
    """(the deprecation notice a description starts with, or None; the description without it)."""
    found = _NOTICE.match(text)
    return (None, text) if found is None else (found.group("notice").strip(), text[found.end() :])


def code_or_text(children: list[Token]) -> str:
    """A name cell: the inline code if there is one, else the text."""
    for child in children:
        if child.type == "code_inline":
            return child.content
    return plain_text(children)


def is_struck(children: list[Token]) -> bool:
    return any(child.type == "s_open" for child in children)


def literal_value(text: str) -> LiteralValue:
    """A value as a doc lists it: `"QUEUED"`, `100`, `true`; bare words are strings."""
    try:
        # NaN, Infinity and 1e999 have no Python or JSON literal: they stay text.
        value = loads_finite(text)
    except ValueError:
        return text
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return text
