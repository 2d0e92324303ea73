"""Reading one doc: its text, checked, and its definitions (generator/parse/loader.py reads a folder).

Docs come from repositories the user does not control, so reading is careful:
- a doc is refused before it is read when it is larger than MAX_DOC_BYTES, and
  a definition with more than MAX_FIELDS fields or MAX_VALUES values is refused:
  the largest real docs are far below both, and these keep a run to seconds;
- text is UTF-8 (with or without a BOM), or UTF-16/32 with a BOM; a NUL byte
  means a binary file.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, SpecError
from generator.ir.nodes import Definition, EnumModel, ObjectModel, UnionModel
from generator.parse.document import parse_doc

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_DOC_BYTES = 4 * 1024 * 1024  # the largest real doc is 175 kB
MAX_FIELDS = 1000  # per model; real models have at most ~120
MAX_VALUES = 5000  # per enum or union

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_doc(path: Path, rel: str) -> str:
    """The doc's text, or a SpecError saying why it cannot be read as one."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOC_BYTES:
                raise SpecError(rel, 1, f"doc is {size} bytes, more than the {MAX_DOC_BYTES} a doc may have")
            data = handle.read(MAX_DOC_BYTES + 1)
    except OSError as exc:
        raise SpecError(rel, 1, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_DOC_BYTES:  # grew while we read it
        raise SpecError(rel, 1, f"doc is more than the {MAX_DOC_BYTES} bytes a doc may have")
    encoding, data = _encoding(data)
    if encoding == "utf-8" and b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SpecError(rel, line, "binary file (NUL byte), not a Markdown doc")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else 1
        raise SpecError(
            rel, line, f"not {encoding.upper()} text (byte {data[exc.start]:#04x}): save the doc as UTF-8"
        ) from None
    if "\x00" in text:
        raise SpecError(rel, text[: text.index("\x00")].count("\n") + 1, "NUL character, not a Markdown doc")
    return text


def _encoding(data: bytes) -> tuple[str, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return "utf-8", data


def _check_size(definition: Definition) -> None:
    if isinstance(definition, ObjectModel):
        count, limit, what = len(definition.fields), MAX_FIELDS, "fields"
    elif isinstance(definition, EnumModel):
        count, limit, what = len(definition.members), MAX_VALUES, "values"
    elif isinstance(definition, UnionModel):
        count, limit, what = len(definition.members), MAX_VALUES, "member types"
    else:
        return
    if count > limit:
        source = definition.source
        raise SpecError(
            source.path,
            source.line,
            f"{definition.title[:80]!r} has {count} {what}, more than the {limit} a definition may have",
        )


def parse_file(md: MarkdownIt, path: Path, rel: str) -> tuple[str, list[Definition], list[Diagnostic]]:
    """One doc: its text, definitions and warnings (the incremental pipeline reuses them per doc)."""
    text = read_doc(path, rel)
    found, doc_warnings = parse_doc(md, text, rel)
    for definition in found:
        _check_size(definition)
    return text, found, doc_warnings
