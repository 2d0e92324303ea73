"""Blank lines between statements: black's EmptyLineTracker (black/lines.py)
for .py files, driven by a summary of each logical line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class LineKind(NamedTuple):
    """What the blank-line rules need to know about one logical line (a tuple: cheap to cache)."""

    depth: int
    first_value: str  # the first leaf's text
    first_type: str
    leaf_count: int
    is_decorator: bool = False
    is_def: bool = False
    is_class: bool = False
    is_import: bool = False
    is_comment: bool = False
    is_docstring: bool = False
    is_stub_def: bool = False
    opens_block: bool = False
    last_is_colon: bool = False


@dataclass
class Block:
    line: LineKind
    previous: Block | None
    before: int = 0
    after: int = 0
    content: list[str] = field(default_factory=list)


@dataclass
class BlankLines:
    """Feed lines in order with `block_for`; `render` joins the blocks."""

    previous_line: LineKind | None = None
    previous_block: Block | None = None
    previous_defs: list[LineKind] = field(default_factory=list)
    semantic_leading_comment: Block | None = None
    blocks: list[Block] = field(default_factory=list)

    def block_for(self, current: LineKind, user_before: int) -> Block:
        before, after = self._maybe_empty_lines(current, user_before)
        previous_after = self.previous_block.after if self.previous_block else 0
        before = max(0, before - previous_after)
        if self._after_module_docstring(current):
            before = 1
        block = Block(line=current, previous=self.previous_block, before=before, after=after)
        if current.is_comment:
            if self.previous_line is None or (
                not self.previous_line.is_decorator
                and (not self.previous_line.is_comment or before)
                and (self.semantic_leading_comment is None or before)
            ):
                self.semantic_leading_comment = block
        elif not current.is_decorator or before:
            self.semantic_leading_comment = None
        self.previous_line = current
        self.previous_block = block
        self.blocks.append(block)
        return block

    def render(self) -> str:
        if self.blocks:
            self.blocks[-1].after = 0
        out: list[str] = []
        for block in self.blocks:
            out.append("\n" * block.before)
            out.extend(block.content)
            out.append("\n" * block.after)
        return "".join(out)

    def _after_module_docstring(self, current: LineKind) -> bool:
        previous = self.previous_block
        if not previous:
            return False
        if (
            previous.line.leaf_count != 1
            or not previous.line.is_docstring
            or previous.line.depth != 0
            or current.is_class
            or current.is_def
        ):
            return False
        while previous := previous.previous:  # type: ignore[assignment]
            if not previous.line.is_comment:
                return False
        return True

    def _maybe_empty_lines(self, current: LineKind, user_before: int) -> tuple[int, int]:  # noqa: C901 - mirrors black
        max_allowed = 2 if current.depth == 0 else 1
        before = min(user_before, max_allowed)
        user_had_newline = bool(before)
        depth = current.depth
        previous_def = None
        while self.previous_defs and self.previous_defs[-1].depth >= depth:
            previous_def = self.previous_defs.pop()
        if current.is_def or current.is_class:
            self.previous_defs.append(current)
        if self.previous_line is None:
            return 0, 0
        if current.is_docstring:
            if self.previous_line.is_class:
                return 0, 1
            if self.previous_line.opens_block and self.previous_line.is_def:
                return 0, 0
        if previous_def is not None:
            if depth:
                before = 1
            elif (
                not depth
                and previous_def.depth
                and current.last_is_colon
                and current.first_value not in ("with", "try", "for", "while", "if", "match")
            ):
                before = 1
            else:
                before = 2
        if current.is_decorator or current.is_def or current.is_class:
            return self._for_class_or_def(current, before, user_had_newline)
        if self.previous_line.is_import and self.previous_line.depth == 0 and depth == 0 and not current.is_import:
            return 1, 0
        if self.previous_line.is_import and not current.is_import and depth == self.previous_line.depth:
            return (before or 1), 0
        return before, 0

    def _for_class_or_def(self, current: LineKind, before: int, user_had_newline: bool) -> tuple[int, int]:
        previous = self.previous_line
        assert previous is not None
        if previous.is_decorator:
            return 0, 0
        if previous.depth < current.depth and (previous.is_class or previous.is_def):
            return (1 if user_had_newline else 0), 0
        comment_to_add_newlines: Block | None = None
        if previous.is_comment and previous.depth == current.depth and before == 0:
            slc = self.semantic_leading_comment
            if (
                slc is not None
                and slc.previous is not None
                and not slc.previous.line.is_class
                and not slc.previous.line.opens_block
                and slc.before <= 1
            ):
                comment_to_add_newlines = slc
            else:
                return 0, 0
        newlines = 1 if current.depth else 2
        if previous.is_stub_def and not user_had_newline:
            newlines = 0
        if comment_to_add_newlines is not None:
            previous_block = comment_to_add_newlines.previous
            if previous_block is not None:
                comment_to_add_newlines.before = max(comment_to_add_newlines.before, newlines) - previous_block.after
                newlines = 0
        return newlines, 0
