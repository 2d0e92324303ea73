"""The state every parsing rule reads and writes while walking one doc's tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.diagnostics import Diagnostic, SpecError
from generator.ir.nodes import Field
from generator.ir.types import LiteralValue, TypeExpr


@dataclass
class Draft:
    """One definition being read: a model, an enum or a union, not yet decided."""

    title: str
    line: int
    deprecated: bool = False
    description: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # "object", "enum", "union"
    fields: list[Field] = field(default_factory=list)
    extra_allowed: bool = False
    enum_values: list[tuple[str | None, LiteralValue, int]] = field(default_factory=list)
    enum_open: bool = False
    # What the Example Usage comment says unrecognized values become ("str", "int"), if it says.
    unrecognized: str | None = None
    union_members: list[tuple[TypeExpr, int]] = field(default_factory=list)
    notice: str | None = None  # the description paragraph that is a deprecation notice
    # A '### member' heading with no readable type (empty, or a bare title in older
    # Speakeasy docs): its line and why; the code block under it may give the type.
    pending_member: tuple[int, str] | None = None

    def mark_open(self, unrecognized: str = "") -> None:
        """An open enum; `unrecognized` names what unknown values become, as the doc wrote it
        (`UnrecognizedStr`'s Str, `Unrecognized<number>`'s number), if it did."""
        self.enum_open = True
        kind = {"str": "str", "string": "str", "int": "int", "number": "int"}.get(unrecognized.lower())
        self.unrecognized = kind or self.unrecognized


@dataclass
class DocState:
    path: str  # relative to the spec folder, for messages
    lines: list[str]  # the source, for checks markdown-it does not make
    tokens: list[Token]
    pos: int = 0
    drafts: list[Draft] = field(default_factory=list)
    section: str | None = None  # the current '##' section, lower case
    pending_title: str | None = None  # an unknown '##' heading that may name a sub-model
    pending_text: list[str] = field(default_factory=list)  # the description text under it
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    @property
    def draft(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def line_of(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else 1

    def error(self, line: int, message: str) -> SpecError:
        return SpecError(self.path, line, message)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, line, message))

    def settle_pending_member(self) -> None:
        """A member heading whose type neither it nor a code block under it gave is an error."""
        draft = self.draft
        if draft is not None and draft.pending_member is not None:
            line, problem = draft.pending_member
            raise self.error(line, problem)

    def describe(self, text: str) -> None:
        """Description text of the doc's model; under an unknown '##' heading it waits for what
        the heading turns out to be: a sub-model's title (`### Fields` follows) or a part of the
        description (settle_pending_text)."""
        if self.pending_title is None:
            self.drafts[0].description.append(text)
        else:
            self.pending_text.append(text)

    def settle_pending_text(self) -> None:
        """The text under an unknown '##' heading, the heading with it, joins the description."""
        if self.pending_text and self.pending_title is not None:
            self.drafts[0].description.extend([f"## {self.pending_title}", *self.pending_text])
        self.pending_text = []

    def require_draft(self, token: Token) -> Draft:
        if self.draft is None:
            raise self.error(self.line_of(token), "content before the '# Title' heading")
        return self.draft

    def skip_block(self) -> None:
        """Move past the block that opens at self.pos (to after its matching close)."""
        depth = 0
        while self.pos < len(self.tokens):
            nesting = self.tokens[self.pos].nesting
            depth += nesting
            self.pos += 1
            if depth <= 0:
                return
