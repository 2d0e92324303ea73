"""One rule per block construct, by the type of the token that opens it: each takes the
state at that token and consumes the block."""

from collections.abc import Callable

from generator.parse.rules.fence import fence
from generator.parse.rules.heading import heading
from generator.parse.rules.lists import bullet_list
from generator.parse.rules.paragraph import paragraph
from generator.parse.rules.table import table
from generator.parse.state import DocState

RULES: dict[str, Callable[[DocState], None]] = {
    "heading_open": heading,
    "paragraph_open": paragraph,
    "table_open": table,
    "bullet_list_open": bullet_list,
    "ordered_list_open": bullet_list,
    "fence": fence,
    "code_block": fence,
}
