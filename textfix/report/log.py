"""The provenance log (`--log`): where it goes."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import Optional

from ..errors import UsageError


def open_log(path: Optional[str]):
    """A context giving the log stream: None without --log, stderr for `-`, else the file.

    A log file that cannot be opened is a usage error.
    """
    if not path or path == "-":
        return nullcontext(sys.stderr if path else None)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as e:
        raise UsageError(f"{path}: cannot write the log: {e.strerror or e}") from None
