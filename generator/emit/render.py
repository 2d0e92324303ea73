"""Views -> source text: Jinja templates, then black."""

from __future__ import annotations

from pathlib import Path

import black
import jinja2


def builtin_templates_dir() -> Path:
    """Installed wheels carry the templates inside the package; a checkout has them beside it."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "templates"
    return inside if inside.is_dir() else here.parent / "templates"


def template_environment(override_dir: str | None) -> jinja2.Environment:
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


BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)


def format_python(source: str) -> str:
    return black.format_str(source, mode=BLACK_MODE)
