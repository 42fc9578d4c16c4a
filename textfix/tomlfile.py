"""Reading a TOML file (configuration, rule packs) with errors a user can act on.

Both the edge (`config.py`) and the boilerplate rule packs read TOML; the parser and its
failures (missing, unreadable, not UTF-8, not TOML) are named the same way for both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .errors import UsageError


def toml_parser():
    """The tomllib module (or tomli on Python < 3.11), or None."""
    try:
        import tomllib
    except ImportError:
        try:
            import tomli as tomllib
        except ImportError:
            return None
    return tomllib


def read_toml(path: Union[str, Path], required: bool = True, unreadable: str = "") -> Optional[dict]:
    """Parse `path`; None when no TOML parser is available and the file was not asked for.
    `unreadable` prefixes the reason a file could not be opened ("cannot read rule pack: ")."""
    parser = toml_parser()
    if parser is None:
        if required:
            raise UsageError(f"{path}: reading TOML needs Python 3.11+ or the tomli package")
        return None
    try:
        with open(path, "rb") as f:
            return parser.load(f)
    except OSError as e:
        raise UsageError(f"{path}: {unreadable}{e.strerror or e}") from None
    except parser.TOMLDecodeError as e:
        raise UsageError(f"{path}: invalid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"{path}: not UTF-8 (byte {e.start}), as TOML must be") from None
