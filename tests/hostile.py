"""Shared by the hostile-input tests: payloads, exact Markdown escaping, checks on a generated package."""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

MARKER = "PWNED"
CALL = "__import__('pathlib').Path(MARKER).touch()"

# Ways spec text could try to break out of the Python string, docstring, comment,
# JSON string or Jinja template it lands in; `{c}` is the code that must never run.
_BREAKOUTS = [
    "{c}", '"{c}"', "'{c}'", '"); {c}; ("', "'); {c}; ('", '"""); {c}; ("""', "'''); {c}; ('''",
    '"""\n{c}\n"""', "'''\n{c}\n'''", '\\"); {c}; #', "\\'); {c}; #", '\\\\"); {c}; #',
    '\\\\\\"); {c}; #', "\n{c}\n", "\n    {c}\n", "\t{c}", "#\n{c}", "# noqa\n{c}", "\\\n{c}",
    "*/ {c} /*", "--> {c} <!--", "{{ {c} }}", "{% set x = {c} %}", "{# {c} #}",
    "{%- raw %}{{ {c} }}{% endraw %}", "{% endraw %}{{ {c} }}", 'f"{{c}}"', "{{{c}}}", "${{c}}",
    "`{c}`", "``{c}``", '"],\n{c},\n["', '"},\n{c},\n{"', "), {c}, (", "], {c}, [", '":{c},"',
    "\\u0022); {c}; #", "\\x22); {c}; #", "\\N{QUOTATION MARK}); {c}; #", "\r{c}", "\r\n{c}",
    "\x0c{c}", "\x0b{c}", "\u2028{c}", "\u2029{c}", "\x85{c}", "\x1c{c}", "\u202e{c}\u202c",
    "\u2066{c}\u2069", '\u200f"); {c}; #', "<script>{c}</script>", "<!-- {c} -->", "</code>{c}",
    "<br/>{c}", "<![CDATA[{c}]]>", '";{c};"', "';{c};'", "# type: ignore\n{c}",
    "# fmt: off\n{c}\n# fmt: on", "# -*- coding: rot13 -*-\n{c}", '"+{c}+"', "'+{c}+'",
    '\\"""\\"""{c}', "\x00{c}", "%(x)s{c}%s", "{0}{c}{}", "\"'\"\"\"'''{c}'''\"\"\"'\"",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}{c}", "{% import 'os' as os %}{c}",
]

_TEXT = [
    '"', "'", '"""', "'''", '\\', '\\\\', '\\"', "\\'", '"\\', '\\n', "\\x00", "\\u0000", "\\N{NULL}",
    "#", "# comment", "{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", "{% if x %}y{% endif %}",
    "*/", "/*", "-->", "<!--", "</script>", "<br/>", "<br>", "&#0;", "&amp;", "&quot;", "&#x202E;",
    "|", "\\|", "||", "`", "```", "~~~", "**bold**", "__dunder__", "_x_", "[link](javascript:alert(1))",
    "![img](x.png)", "<https://example.com>", "None", "True", "...", "__class__", "__import__",
    "'\"\"\"'", "$ref", '{"$ref": "#"}', "[1, 2]", "{}", "null", "NaN", "Infinity", "-Infinity",
    "1e999", "-0", "0x1F", "1_000", "9" * 5000, "  leading and trailing  ", "\t", "a\tb",
    "\u00a0", "\u3000", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\ufeff", "\ufffd", "\uffff", "\ue000",
    "\U0010fffd", "\U0001f389", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1fa\U0001f1f8",
    "e\u0301", "\u0301", "İ", "ß", "ﬁ", "ǅ", "\U0001d400", "µ", "ｆｕｌｌ", "中文", "العربية", "עברית",
    "x" * 20_000, '"' * 2_000, "\\" * 2_001, "'''" * 1_000, "\U0001f389" * 3_000, "<br/>" * 500,
    "a\nb", "a\r\nb", "a\rb", "\n\n\n", "a\n\nb", "- not a list", "1. not a list", "> quote", "## heading",
]
# Every C0 control, DEL and a few C1 controls, alone and inside text.
_CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, 0x80, 0x85, 0x9B, 0x9F]]


def payloads(marker: Path) -> list[str]:
    """Every payload, in a fixed order, without duplicates; `marker` is the file code would create."""
    calls = [CALL.replace("MARKER", repr(str(marker))), CALL.replace("MARKER", json.dumps(str(marker)))]
    found = [b.replace("{c}", call) for call in calls for b in _BREAKOUTS]
    found += _TEXT + _CONTROLS + [f"a{c}b" for c in _CONTROLS]
    return list(dict.fromkeys(found))


def md_escape(text: str) -> str:
    """Markdown that reads back as exactly `text` in a table cell, heading, paragraph or list item.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it
    for all of them), newlines become <br/> (the docs' own convention), CR and
    NUL become entities, since raw they would end the line or make the file binary.
    """
    out = []
    for ch in text:
        if ch in string.punctuation:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("<br/>")
        elif ch == "\r":
            out.append("&#13;")
        elif ch == "\x00":
            out.append("&#0;")
        else:
            out.append(ch)
    return "".join(out)


def read_back(text: str) -> str:
    """What the docs' text reads as after Markdown: NUL is U+FFFD (CommonMark's rule)."""
    return text.replace("\x00", "\ufffd")


def json_ascii(text: str) -> str:
    """A JSON string literal of `text` in printable ASCII, safe inside a code span."""
    return json.dumps(text, ensure_ascii=True).replace("`", "\\u0060")


_PROBE = textwrap.dedent(
    """
    import enum, importlib, json, sys, typing
    import pydantic

    package = sys.argv[1]
    found = {"models": {}, "enums": {}, "aliases": {}, "typeddicts": 0, "dataclasses": 0}

    def literal_values(annotation):
        if typing.get_origin(annotation) is typing.Literal:
            return list(typing.get_args(annotation))
        return [v for arg in typing.get_args(annotation) for v in literal_values(arg)]

    modules = {t: importlib.import_module(f"{package}.{t}_models") for t in ("pydantic", "dataclass", "typeddict")}

    def exported(module):
        # Every name a target package exports, imported (the package imports lazily), that
        # one of the target's own modules defines (not typing, not the runtime).
        assert sorted(module.__all__) == sorted(set(module.__all__)), "a name exported twice"
        for name in module.__all__:
            obj = getattr(module, name)
            home = getattr(obj, "__module__", None) or ""
            if home.startswith(module.__name__ + ".") and not home.endswith("._runtime"):
                yield name, obj

    for name, obj in exported(modules["pydantic"]):
        if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel):
            obj.model_rebuild()  # every forward reference resolves
            found["models"][name] = {
                "doc": obj.__doc__,
                "fields": {
                    attr: {"alias": f.alias, "description": f.description, "literals": literal_values(f.annotation)}
                    for attr, f in obj.model_fields.items()
                },
            }
        elif isinstance(obj, type) and issubclass(obj, enum.Enum):
            found["enums"][name] = [m.value for m in obj]
    for name, obj in exported(modules["typeddict"]):
        if typing.is_typeddict(obj):
            typing.get_type_hints(obj)  # every annotation, quoted or not, resolves
            found["typeddicts"] += 1
    for name, obj in exported(modules["dataclass"]):
        if isinstance(obj, type) and hasattr(obj, "from_dict"):
            typing.get_type_hints(obj)
            found["dataclasses"] += 1
    print(json.dumps(found))
    """
)


def probe(out_dir: Path, cwd: Path) -> dict:  # type: ignore[type-arg]
    """Import the three target packages of the output at out_dir (every name each exports)
    in a fresh interpreter run in `cwd`, warnings as errors, and describe what they define."""
    cwd.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", _PROBE, out_dir.name],
        cwd=cwd, check=False, capture_output=True, text=True, env=_env(out_dir.parent), timeout=600,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _env(python_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(python_path)
    return env


def tool_failures(out_dir: Path | list[Path], mypy: bool = True,
                  tools: tuple[str, ...] = ("ruff", "black", "mypy")) -> dict[str, str]:
    """ruff (its defaults), black --check and mypy --strict (those of `tools`) on a generated
    package, or on several beside each other (one run of each tool): {tool: output} of those
    that fail."""
    outs = out_dir if isinstance(out_dir, list) else [out_dir]
    parent = outs[0].parent
    assert all(o.parent == parent for o in outs), "the packages must share a folder"
    names = [o.name for o in outs]
    bin_dir = Path(sys.executable).parent
    commands = {
        "ruff": [str(bin_dir / "ruff"), "check", "--isolated", "--no-cache", *names],
        "black": [str(bin_dir / "black"), "--check", "-q", *names],
    }
    commands = {tool: command for tool, command in commands.items() if tool in tools}
    if mypy and "mypy" in tools:
        commands["mypy"] = [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                            "--cache-dir", "/dev/null", *names]
    failures = {}
    for tool, command in commands.items():
        result = subprocess.run(command, cwd=parent, check=False, capture_output=True, text=True,
                                env=_env(parent), timeout=900)
        if result.returncode != 0:
            failures[tool] = (result.stdout + result.stderr)[-5000:]
    return failures


def generate(spec: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh interpreter, with a safety-net timeout (not a timing assertion)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), *extra],
        cwd=REPO, check=False, capture_output=True, text=True, timeout=900, env={**os.environ, **(env or {})},
    )


def schema_literals(schema: object) -> list[object]:
    """Every const/enum value in a JSON Schema document, in document order."""
    if isinstance(schema, dict):
        found = [schema["const"]] if "const" in schema else list(schema.get("enum", []))
        return found + [v for key, sub in schema.items() if key not in ("const", "enum", "examples")
                        for v in schema_literals(sub)]
    if isinstance(schema, list):
        return [v for sub in schema for v in schema_literals(sub)]
    return []
