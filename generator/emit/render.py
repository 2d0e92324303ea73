"""Views -> source text: Jinja templates, then black's style.

Black's style comes from generator.emit.layout, which lays out the code the
templates write exactly as black would, without black's cost. Code it does
not handle (a user's own templates may hold anything) goes to black itself.
Jinja and black are imported on first use: a run with nothing to do needs
neither.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

    from generator.emit.layout import Memo

LINE_LENGTH = 88


def builtin_templates_dir() -> Path:
    """Installed wheels carry the templates inside the package; a checkout has them beside it."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "templates"
    return inside if inside.is_dir() else here.parent / "templates"


def template_environment(override_dir: str | None) -> jinja2.Environment:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if override_dir:
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def format_python(source: str, memo: Memo | None = None, formatted_by_black: dict[str, str] | None = None) -> str:
    """`source` as black formats it (line length 88, Python 3.10).

    `memo` carries laid-out lines between modules and runs; `formatted_by_black`
    maps the hash of a module black had to format to its text.
    """
    from generator.emit.layout import Unsupported, format_module

    try:
        # A top-level chunk the engine does not handle goes to black alone, not the whole module.
        return format_module(source, memo, black_chunk=lambda chunk: black_format(chunk, formatted_by_black))
    except Unsupported:  # what black would do to the module as a whole is unclear: let it do all
        return black_format(source, formatted_by_black)


def black_format(source: str, formatted_by_black: dict[str, str] | None = None) -> str:
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if formatted_by_black is not None and key in formatted_by_black:
        return formatted_by_black[key]
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    text = black.format_str(source, mode=mode)
    if formatted_by_black is not None:
        formatted_by_black[key] = text
    return text
