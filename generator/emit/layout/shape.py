"""A line's shape: its names as N and its plain strings as S, spacing kept.

Black's spacing and splitting read token kinds, keywords and widths, never what
a name or a plain string says: lines of one shape are laid out alike, so a
verdict found for one line of a shape holds for the others (given the widths).
"""

from __future__ import annotations

import re

from generator.emit.layout.tree import KEYWORDS

# Double-quoted strings without escapes or prefixes are left alone by black's string
# normalization, so only their place matters; anything else takes the full path.
PLAIN_STRING_RE = re.compile(r'(?<![\w"\'])"[^"\\\n]*"(?!")')
NAME_RE = re.compile(r"(?<![\w])(?!(?:" + "|".join(sorted(KEYWORDS | {"match", "case", "type"})) + r")\b)[^\W\d]\w*")
