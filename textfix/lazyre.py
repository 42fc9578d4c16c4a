"""Module-level regular expressions compiled when first used, not when imported.

`textfix check` on one small file imports every filter but runs few of their patterns (a
clean file meets the screens, and most filters stop there); compiling them all at import
took ~19 ms of a ~150 ms start. `compile(pattern, flags)` stands for `re.compile(pattern,
flags)` wherever a module keeps a pattern and calls its methods (`.search`, `.sub`,
`.pattern`, ...); it is not a `re.Pattern` (never pass it to `re.sub` or `isinstance`).
"""

from __future__ import annotations

import re


class LazyPattern:
    """A compiled pattern made on the first use of one of its attributes; each attribute
    read is then kept on this object, so later uses cost what the pattern's own do."""

    def __init__(self, pattern, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_args":  # (copy, pickle: not a pattern's)
            raise AttributeError(name)
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazyre.compile({self._args[0]!r}, {self._args[1]!r})"


def compile(pattern, flags: int = 0) -> LazyPattern:  # noqa: A001 (re.compile's name and arguments)
    """`re.compile(pattern, flags)`, made on first use."""
    return LazyPattern(pattern, flags)
