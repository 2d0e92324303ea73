"""Black's layout of the code the generator writes, without running black.

`format_module` gives the text black would; code outside the subset it
implements raises Unsupported and must go to black instead.
"""

from generator.emit.layout.module import Memo, format_module
from generator.emit.layout.tokens import Unsupported

__all__ = ["Memo", "Unsupported", "format_module"]
