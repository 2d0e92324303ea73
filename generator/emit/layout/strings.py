"""Strings, numbers and comments as black writes them (black/strings.py,
black/numerics.py, black/comments.py, and the docstring part of black/linegen.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache

STRING_PREFIX_CHARS = "fturbFTURB"
_PREFIX_RE = re.compile(r"^([" + STRING_PREFIX_CHARS + r"]*)(.*)$", re.DOTALL)
_UNICODE_ESCAPE_RE = re.compile(
    r"(?P<backslashes>\\+)(?P<body>"
    r"(u(?P<u>[a-fA-F0-9]{4}))"
    r"|(U(?P<U>[a-fA-F0-9]{8}))"
    r"|(x(?P<x>[a-fA-F0-9]{2}))"
    r"|(N\{(?P<N>[a-zA-Z0-9 \-]{2,})\})"
    r")?",
    re.VERBOSE,
)
_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n]")
_COMMENT_EXCEPTIONS = " !:#'"


@lru_cache(maxsize=1)
def _width_table() -> list[tuple[int, int, int]]:
    """black's own East Asian width table, read from its source without importing black."""
    spec = importlib.util.find_spec("black")
    assert spec is not None and spec.submodule_search_locations
    path = f"{list(spec.submodule_search_locations)[0]}/_width_table.py"
    namespace: dict[str, object] = {}
    with open(path, encoding="utf-8") as fh:
        exec(compile(fh.read(), path, "exec"), namespace)  # noqa: S102 - black's own data file
    return namespace["WIDTH_TABLE"]  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    table = _width_table()
    codepoint = ord(char)
    highest, lowest = len(table) - 1, 0
    idx = highest // 2
    while True:
        start, end, width = table[idx]
        if codepoint < start:
            highest = idx - 1
        elif codepoint > end:
            lowest = idx + 1
        else:
            return 0 if width < 0 else width
        if highest < lowest:
            break
        idx = (highest + lowest) // 2
    return 1


def str_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def get_string_prefix(string: str) -> str:
    prefix = []
    for char in string:
        if char in STRING_PREFIX_CHARS:
            prefix.append(char)
        else:
            break
    return "".join(prefix)


def normalize_string_prefix(s: str) -> str:
    match = _PREFIX_RE.match(s)
    assert match is not None
    new_prefix = match.group(1).replace("F", "f").replace("B", "b").replace("U", "").replace("u", "")
    if len(new_prefix) == 2 and new_prefix[0].lower() != "r":
        new_prefix = new_prefix[::-1]
    return f"{new_prefix}{match.group(2)}"


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _sub_twice(regex: re.Pattern[str], replacement: str, original: str) -> str:
    return regex.sub(replacement, regex.sub(replacement, original))


def _ends_with_unescaped_quote(body: str) -> bool:
    if body[-1:] != '"':
        return False
    preceding = body[:-1]
    return (len(preceding) - len(preceding.rstrip("\\"))) % 2 == 0


def normalize_string_quotes(s: str) -> str:  # noqa: C901 - mirrors black
    """Prefer double quotes but only if it doesn't cause more escaping."""
    value = s.lstrip(STRING_PREFIX_CHARS)
    if value[:3] == '"""':
        return s
    elif value[:3] == "'''":
        orig_quote, new_quote = "'''", '"""'
    elif value[0] == '"':
        orig_quote, new_quote = '"', "'"
    else:
        orig_quote, new_quote = "'", '"'
    first_quote_pos = s.find(orig_quote)
    prefix = s[:first_quote_pos]
    unescaped_new_quote = _compiled(rf"(([^\\]|^)(\\\\)*){new_quote}")
    escaped_new_quote = _compiled(rf"([^\\]|^)\\((?:\\\\)*){new_quote}")
    escaped_orig_quote = _compiled(rf"([^\\]|^)\\((?:\\\\)*){orig_quote}")
    body = s[first_quote_pos + len(orig_quote):-len(orig_quote)]
    if "r" in prefix.casefold():
        if unescaped_new_quote.search(body):
            return s
        new_body = body
    else:
        new_body = _sub_twice(escaped_new_quote, rf"\1\2{new_quote}", body)
        if body != new_body:
            body = new_body
            s = f"{prefix}{orig_quote}{body}{orig_quote}"
        new_body = _sub_twice(escaped_orig_quote, rf"\1\2{orig_quote}", new_body)
        new_body = _sub_twice(unescaped_new_quote, rf"\1\\{new_quote}", new_body)
    if "f" in prefix.casefold() or "t" in prefix.casefold():
        matches = re.findall(r"(?:(?<!\{)|^)\{([^{].*?)\}(?:(?!\})|$)", new_body)
        for m in matches:
            if "\\" in str(m):
                return s
    if new_quote == '"""' and _ends_with_unescaped_quote(new_body):
        new_body = new_body[:-1] + '\\"'
    orig_escape_count = body.count("\\")
    new_escape_count = new_body.count("\\")
    if new_escape_count > orig_escape_count:
        return s
    if new_escape_count == orig_escape_count and orig_quote == '"':
        return s
    return f"{prefix}{new_quote}{new_body}{new_quote}"


def normalize_unicode_escape_sequences(text: str) -> str:
    if "\\" not in text or "r" in get_string_prefix(text).lower():
        return text

    def replace(m: re.Match[str]) -> str:
        groups = m.groupdict()
        back_slashes = groups["backslashes"]
        if groups["body"] is None or len(back_slashes) % 2 == 0:
            return m.group(0)
        if groups["u"]:
            return back_slashes + "u" + groups["u"].lower()
        if groups["U"]:
            return back_slashes + "U" + groups["U"].lower()
        if groups["x"]:
            return back_slashes + "x" + groups["x"].lower()
        return back_slashes + "N{" + groups["N"].upper() + "}"

    return _UNICODE_ESCAPE_RE.sub(replace, text)


def _fstring_fields_have_backslash(value: str) -> bool:
    """black skips quote normalization of an f-string whose replacement fields hold a backslash."""
    return bool(re.search(r"(?<!\{)\{(?!\{)[^}]*\\", value))


def normalize_string(value: str) -> str:
    """A non-docstring string literal as black writes it."""
    if value[0] == '"' and "\\" not in value:
        return value  # no prefix, no escapes, preferred quotes: black changes nothing
    value = normalize_unicode_escape_sequences(value)
    if "f" in get_string_prefix(value).lower() and "\\" in value and _fstring_fields_have_backslash(value):
        return value
    return normalize_string_quotes(normalize_string_prefix(value))


def _lines_with_leading_tabs_expanded(s: str) -> list[str]:
    lines = []
    for line in _LINE_BREAK_RE.split(s):
        stripped_line = line.lstrip()
        if not stripped_line or stripped_line == line:
            lines.append(line)
        else:
            prefix_length = len(line) - len(stripped_line)
            lines.append(line[:prefix_length].expandtabs(4) + stripped_line)
    return lines


def _fix_multiline_docstring(docstring: str, prefix: str) -> str:
    lines = _lines_with_leading_tabs_expanded(docstring)
    indent = sys.maxsize
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = min(indent, len(line) - len(stripped))
    trimmed = [lines[0].strip()]
    if indent < sys.maxsize:
        last_line_idx = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            stripped_line = line[indent:].rstrip()
            if stripped_line or i == last_line_idx:
                trimmed.append(prefix + stripped_line)
            else:
                trimmed.append("")
    return "\n".join(trimmed)


def format_docstring(value: str, depth: int, line_length: int) -> str:
    """A docstring literal as black writes it at `depth` (black's visit_STRING)."""
    if re.search(r"\\\s*\n", normalize_unicode_escape_sequences(value)):
        return normalize_string(value)  # black leaves such a docstring's lines as they are
    value = normalize_unicode_escape_sequences(value)
    docstring = normalize_string_quotes(normalize_string_prefix(value))
    prefix = get_string_prefix(docstring)
    docstring = docstring[len(prefix):]
    quote_char = docstring[0]
    quote_len = 1 if docstring[1] != quote_char else 3
    docstring = docstring[quote_len:-quote_len]
    started_empty = not docstring
    indent = " " * 4 * depth
    if "\n" in value and value.lstrip(STRING_PREFIX_CHARS)[:3] in {'"""', "'''"}:
        docstring = _fix_multiline_docstring(docstring, indent)
    else:
        docstring = docstring.strip()
    has_trailing_backslash = False
    if docstring:
        if docstring[0] == quote_char:
            docstring = " " + docstring
        if docstring[-1] == quote_char:
            docstring += " "
        if docstring[-1] == "\\":
            backslash_count = len(docstring) - len(docstring.rstrip("\\"))
            if backslash_count % 2:
                docstring += " "
                has_trailing_backslash = True
    elif not started_empty:
        docstring = " "
    quote = quote_char * quote_len
    if quote_len == 3:
        lines = docstring.splitlines()
        last_line_length = len(lines[-1]) if docstring and not docstring.endswith("\n") else 0
        if (
            len(lines) > 1
            and last_line_length + quote_len > line_length
            and len(indent) + quote_len <= line_length
            and not has_trailing_backslash
        ):
            if value[-1 - quote_len] == "\n":
                result = prefix + quote + docstring + quote
            else:
                result = prefix + quote + docstring + "\n" + indent + quote
        else:
            result = prefix + quote + docstring + quote
    else:
        result = prefix + quote + docstring + quote
    # The docstring leaf goes through string normalization again, as in black.
    return normalize_string_quotes(normalize_string_prefix(result))


def normalize_number(text: str) -> str:
    text = text.lower()
    if text.startswith(("0o", "0b")):
        return text
    if text.startswith("0x"):
        return text[:2] + text[2:].upper()
    if "e" in text:
        before, after = text.split("e")
        sign = ""
        if after.startswith("-"):
            after, sign = after[1:], "-"
        elif after.startswith("+"):
            after = after[1:]
        return f"{_float_or_int(before)}e{sign}{after}"
    if text.endswith("j"):
        return f"{_float_or_int(text[:-1])}j"
    return _float_or_int(text)


def _float_or_int(text: str) -> str:
    if "." not in text:
        return text
    before, after = text.split(".")
    return f"{before or 0}.{after or 0}"


def make_comment(content: str) -> str:
    """A comment as black writes it (the generator writes no type: or fmt: comments)."""
    from generator.emit.layout.tokens import Unsupported

    content = content.rstrip()
    if not content:
        return "#"
    if "fmt:" in content or "yapf:" in content or "type:" in content or "\N{NO-BREAK SPACE}" in content:
        raise Unsupported("special comment")
    if content[0] == "#":
        content = content[1:]
    if content and content[0] not in _COMMENT_EXCEPTIONS:
        content = " " + content
    return "#" + content
