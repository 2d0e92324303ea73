"""One rule per block construct. Each takes the state at a block's opening
token and returns True when it consumed the block."""

from generator.parse.rules.fence import fence
from generator.parse.rules.heading import heading
from generator.parse.rules.lists import bullet_list
from generator.parse.rules.paragraph import paragraph
from generator.parse.rules.table import table

RULES = (heading, paragraph, table, bullet_list, fence)
