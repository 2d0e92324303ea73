"""A generated module's text -> the same module as black formats it.

The module is cut into logical lines (generator.emit.layout.logical), each
laid out by the ported black rules (laying), and black's blank-line rules
(blanks) join them. A top-level chunk holding code outside the supported
subset goes to `black_chunk` (black itself) when one is given: black lays a
chunk out the same alone as in its module, but for the blank lines before
it, which the blank-line rules still decide. Without it, Unsupported is raised.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.emit.layout.blanks import BlankLines, Block, LineKind
from generator.emit.layout.laying import Laid, lay_out, lay_out_comment, rough_kind
from generator.emit.layout.logical import Logical, chunks, logical_lines
from generator.emit.layout.tokens import Unsupported


class Memo:
    """Results of pure functions of a line's text, kept across modules and runs.

    Only `laid`, `shapes`, `elements` and `split_shapes` are worth keeping between
    runs (pickled); `changed` says whether anything was added since made or loaded.
    """

    def __init__(self) -> None:
        self.laid: dict[tuple[str, int, bool], Laid] = {}
        # A line's shape (names as N, plain strings as S, spacing kept) -> its kind when
        # black leaves every short line of that shape as it is, else None.
        self.shapes: dict[tuple[str, bool], LineKind | None] = {}
        self.elements: dict = {}  # type: ignore[type-arg]  # see exploded.element_lines
        # (shape, outcome) -> the line's kind once callsplit gave the engine's result for that
        # shape and outcome, None once it did not (the shortcut is then never taken for it).
        self.split_shapes: dict[tuple[object, ...], LineKind | None] = {}
        self.transforms: dict = {}  # type: ignore[type-arg]  # see splits.transform_line
        self.kinds: dict[tuple[LineKind, int], LineKind] = {}
        self._sizes = self._measure()

    def _measure(self) -> tuple[int, int, int, int]:
        return len(self.laid), len(self.shapes), len(self.elements), len(self.split_shapes)

    @property
    def changed(self) -> bool:
        return self._measure() != self._sizes

    def __getstate__(self) -> dict[str, object]:
        return {"laid": self.laid, "shapes": self.shapes, "elements": self.elements,
                "split_shapes": self.split_shapes}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.transforms, self.kinds = {}, {}
        self._sizes = self._measure()


def format_module(source: str, memo: Memo | None = None,
                  black_chunk: Callable[[str], str] | None = None) -> str:
    """`source` formatted as black would (line length 88, Python 3.10 target)."""
    memo = Memo() if memo is None else memo
    physical = source.split("\n")
    blanks = BlankLines()
    for chunk in chunks(logical_lines(source)):
        try:
            laid = [_lay_out_line(line, memo) for line in chunk]
        except Unsupported:
            if black_chunk is None:
                raise
            text = "\n".join(physical[chunk[0].first:chunk[-1].last + 1]) + "\n"
            _add_formatted_by_black(blanks, chunk, black_chunk(text))
            continue
        for line, result in zip(chunk, laid):
            blanks.block_for(result.kind, line.before).content.extend(result.text)
    return blanks.render()


def _lay_out_line(line: Logical, memo: Memo) -> Laid:
    if line.comment:
        return lay_out_comment(line.text, line.depth)
    return lay_out(line.text, line.plain, line.depth, line.docstring, memo)


def _add_formatted_by_black(blanks: BlankLines, chunk: list[Logical], text: str) -> None:
    """The blank-line rules see the chunk's lines (for what comes after), black's text is
    the chunk, and the rules decide only the blank lines before it (and after its last line)."""
    blocks: list[Block] = [
        blanks.block_for(rough_kind(line.text, line.comment, line.depth, line.docstring), line.before)
        for line in chunk
    ]
    blocks[0].content.append(text)
    for block in blocks[1:]:
        block.before = 0
    for block in blocks[:-1]:
        block.after = 0
