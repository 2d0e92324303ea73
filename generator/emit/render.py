"""Views -> file text through the Jinja templates, and the checks on what a template made.

The built-in templates only arrange statements the view builders laid out by
construction (`fit`, `docstring`), so their output is black's without black.
A user's own templates (`--templates`) may hold any text: their Python output
goes through black, the one place black still runs, so the package keeps the
formatting it promises. Whatever a template makes must parse (Python) or load
(JSON): a template that breaks either, or fails to render, is a
`template:line: message` error, never a traceback and never a written file.
"""

from __future__ import annotations

import functools
import json
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import SpecError
from generator.layout.doc import WIDTH, render
from generator.layout.syntax import docstring

if TYPE_CHECKING:
    import jinja2


def builtin_templates_dir() -> Path:
    """Installed wheels carry the templates inside the package; a checkout has them beside it."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "templates"
    return inside if inside.is_dir() else here.parent / "templates"


@functools.lru_cache(maxsize=8)  # one per templates folder: a run's templates share their macros
def template_environment(override_dir: str | None) -> jinja2.Environment:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if override_dir:
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["fit"] = render
    env.filters["docstring"] = docstring
    return env


class Renderer:
    """Renders one template many times: each call a module or a document."""

    def __init__(self, override_dir: str | None, name: str) -> None:
        import jinja2

        self.name = name
        mine = Path(override_dir or ".") / name  # the user's template overriding `name`, if there is one
        self.user_file = str(mine) if override_dir and mine.is_file() else None
        env = template_environment(override_dir)
        try:
            self.template = env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise SpecError(
                exc.filename or self._where(), exc.lineno or 1, f"template syntax error: {exc.message}"
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise SpecError(self._where(), 1, f"template not found: {exc.name}") from None

    def _where(self) -> str:
        return self.user_file or str(builtin_templates_dir() / self.name)

    def render(self, output: str, **values: Any) -> str:
        """The template's text for `output` (a path in the package, for messages)."""
        import jinja2

        try:
            return self.template.render(**values)
        except jinja2.TemplateError as exc:
            path, line = _template_frame(exc)
            raise SpecError(path or self._where(), line, f"template failed rendering {output}: {exc}") from None

    def python(self, output: str, **values: Any) -> str:
        text = self.render(output, **values)
        # The built-in templates are laid out by construction (and tested against black).
        return text if self.user_file is None else _black(text, self.user_file, output)

    def json(self, output: str, **values: Any) -> str:
        text = self.render(output, **values)
        if self.user_file is None:
            return text  # the built-in template arranges JSON text the encoder made
        try:
            json.loads(text)
        except ValueError as exc:
            raise SpecError(self._where(), 1, f"template rendered {output} as invalid JSON: {exc}") from None
        return text


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """Where in a template an error happened: Jinja rewrites its traceback to template lines."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".jinja"):
            return frame.filename, frame.lineno or 1
    return None, 1


def _black(text: str, template: str, output: str) -> str:
    import black
    from black.mode import TargetVersion
    from black.parsing import InvalidInput

    mode = black.Mode(target_versions={TargetVersion.PY310}, line_length=WIDTH)
    try:
        return black.format_str(text, mode=mode)
    except InvalidInput as exc:
        detail = str(exc).splitlines()[0]  # black adds the line and a caret below: one line is enough
        raise SpecError(template, 1, f"template rendered {output} as invalid Python: {detail}") from None
