"""Python names for things the docs name: valid, deterministic, collision-free.

The doc's own spelling is never lost: it stays as the title, alias or wire key.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import posixpath
import re
import unicodedata

# The attributes of the generated classes themselves (BaseModel's, the dataclasses'
# from_dict/to_dict): a field with one of these names would hide them.
_MODEL_ATTRIBUTES = frozenset(
    {
        "copy",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "from_dict",
        "to_dict",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    }
)
_BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))


def _ascii_fold(text: str) -> str:
    # Python folds identifiers with NFKC; do it first so two spellings of a
    # name cannot end up as one identifier without us noticing.
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=1 << 16)
def snake_case(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    text = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", text)
    return text.lower()


def _parts(text: str) -> list[str]:
    """Runs of characters that may go on a Python identifier. Not `\\w`: it also
    matches characters such as U+10BA9 (a number in no identifier category)."""
    parts: list[str] = []
    current: list[str] = []
    for ch in _ascii_fold(text) + " ":
        if ("a" + ch).isidentifier():
            current.append(ch)
        elif current:
            parts.append("".join(current))
            current = []
    return parts


def _identifier_chars(text: str, joiner: str) -> str:
    return joiner.join(_parts(text))


def _usable_as_is(name: str) -> bool:
    """A public identifier, not camelCase, that shadows nothing."""
    return (
        name.isidentifier()
        and not name.startswith("_")
        and re.search(r"[a-z0-9][A-Z]", name) is None
        and not keyword.iskeyword(name)
        and name not in _MODEL_ATTRIBUTES
    )


@functools.lru_cache(maxsize=1 << 16)
def field_name(doc_name: str) -> str:
    """A Python attribute name for a field: snake_case, never private, never a keyword."""
    name = _ascii_fold(doc_name)
    if _usable_as_is(name):
        return name  # Python-flavored docs show the attribute name itself (`format_`, `TEXT`)
    if not (name.isidentifier() and name == name.lower()):
        name = snake_case(_identifier_chars(name, "_"))
    name = re.sub(r"_+", "_", name).strip("_")
    if not name:
        name = "field"
    if name[0].isdigit():
        name = "field_" + name
    if keyword.iskeyword(name) or name in _MODEL_ATTRIBUTES:
        name += "_"
    return _checked(name, "field")


@functools.lru_cache(maxsize=1 << 16)
def field_rename_reason(doc_name: str) -> str | None:
    """Why field_name() had to change a name, for a warning; None when the change
    is only the snake_case spelling of a camelCase name (or there is none)."""
    name = _ascii_fold(doc_name)
    if not name.isidentifier():
        return "not a Python identifier"
    if name.startswith("_"):
        return "a leading underscore would make the attribute private"
    if keyword.iskeyword(name):
        return "a Python keyword"
    plain = re.sub(r"_+", "_", snake_case(name))
    if plain in _MODEL_ATTRIBUTES:
        return "it would hide an attribute of the generated class (Pydantic's BaseModel or from_dict/to_dict)"
    if name != doc_name:
        return f"Python reads it as {name!r}"
    return None


@functools.lru_cache(maxsize=1 << 16)
def class_name(title: str) -> str:
    """A Python class name for a doc title: the title itself wherever it is valid.

    A lowercase first letter is capitalized: ruff wants type aliases in
    CamelCase (PYI042), and `class`, `type` or `list` then shadow nothing.
    """
    name = _ascii_fold(title)
    if not name.isidentifier():
        name = "".join(_capitalize(p) for p in _parts(name))
    name = name.lstrip("_")
    if not name:
        name = "Model"
    if not name.isidentifier():  # starts with a digit, or a mark that only continues a name
        name = "Model" + name
    name = _capitalize(name)
    if keyword.iskeyword(name) or name in _BUILTIN_NAMES:
        name += "_"  # None, True, Exception, ValueError...
    name = _checked(name, "Model")
    return _shortened(name[0].upper() + name[1:] if "a" <= name[0] <= "z" else name)


# A class name is also a file name (json_schema/<Name>.json): file systems take 255 bytes.
# Real titles reach 141 bytes (orq's generated operation models): keep them whole.
MAX_CLASS_NAME_BYTES = 200


def _shortened(name: str) -> str:
    """Names too long for a file name keep their start and a digest of the whole name."""
    if len(name.encode("utf-8")) <= MAX_CLASS_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    head = name.encode("utf-8")[: MAX_CLASS_NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore")
    return unicodedata.normalize("NFKC", head) + "_" + digest


def _capitalize(word: str) -> str:
    first = word[:1]
    if not first.islower():
        return word
    capitalized = first.title() + word[1:]
    return capitalized if capitalized.isidentifier() else word


def _checked(name: str, fallback: str) -> str:
    """The name as Python will read it (NFKC), or an ASCII fallback if it is not an identifier.

    Case mapping can leave a string that is not NFKC-stable or not an identifier
    (`ǆ`, `ß`): normalizing last makes the names compared here the names Python sees.
    """
    name = unicodedata.normalize("NFKC", name)
    if name.isidentifier() and not keyword.iskeyword(name):
        return name
    ascii_name = re.sub(r"\W+", "_", name.encode("ascii", "ignore").decode()).strip("_")
    if not ascii_name or ascii_name[0].isdigit():
        ascii_name = fallback + ("_" + ascii_name if ascii_name else "")
    return ascii_name + "_" if keyword.iskeyword(ascii_name) else ascii_name


@functools.lru_cache(maxsize=1 << 16)
def enum_member_name(value: object) -> str:
    """An UPPER_SNAKE member name for an enum value."""
    text = _identifier_chars(str(value), "_")
    name = snake_case(text).upper().strip("_")
    name = re.sub(r"_+", "_", name)
    if not name:
        name = "EMPTY"
    if name[0].isdigit():
        name = "VALUE_" + name
    return _checked(name, "VALUE")


def deduplicate(names: list[str], originals: list[str] | None = None) -> list[str]:
    """Make names unique: later ones get _2, _3...

    A name equal to its original (the doc's own spelling) keeps it even when
    an earlier name was mapped onto it: `A` becomes `a_2` so that `a` stays `a`.
    """
    keeps = [n == o for n, o in zip(names, originals)] if originals else [False] * len(names)
    taken: set[str] = {n for n, keep in zip(names, keeps) if keep}
    claimed: set[str] = set()
    out: list[str] = []
    for name, keep in zip(names, keeps):
        if keep and name not in claimed:
            claimed.add(name)
            out.append(name)
            continue
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}_{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


@functools.lru_cache(maxsize=1 << 16)
def module_name(text: str) -> str:
    """A module (or subpackage) name for a doc's file name or folder: lowercase ASCII, public."""
    name = re.sub(r"[^a-z0-9_]+", "_", unicodedata.normalize("NFKD", text).lower()).strip("_")
    name = re.sub(r"_+", "_", name)
    if not name:
        return "models"
    if name[0].isdigit():
        name = "m_" + name
    return name + "_" if keyword.iskeyword(name) else name


@functools.lru_cache(maxsize=1 << 12)
def _namespace_of_folder(folder: str) -> tuple[str, ...]:
    parts = [p for p in folder.split("/") if p]
    if "models" in parts:
        parts = parts[parts.index("models") + 1 :]
    return tuple(module_name(p) for p in parts)


def namespace_of(path: str) -> tuple[str, ...]:
    """The namespace of a doc: its folder below Speakeasy's `models/` (or below the
    spec folder), each part a module name. () for a doc at the top."""
    return _namespace_of_folder(posixpath.dirname(path))
