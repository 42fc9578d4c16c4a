"""textfix: repair mojibake and strip boilerplate from scraped text, and log every change.

>>> import textfix
>>> result = textfix.clean("The cafÃ© is open")
>>> result.text
'The café is open'
>>> textfix.replay("The cafÃ© is open", result.changes) == result.text
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Optional, Sequence, Union

from .batch import clean_batch
from .errors import BinaryInputError, TextfixError, UsageError
from .model import Change, Flag, Result, replay
from .pipeline import DEFAULT_MIN_CONFIDENCE, Context, Filter, Pipeline, Rule

__version__ = "0.1.0"

__all__ = [
    "clean",
    "clean_batch",
    "replay",
    "default_pipeline",
    "Change",
    "Flag",
    "Result",
    "Pipeline",
    "Filter",
    "Rule",
    "Context",
    "TextfixError",
    "BinaryInputError",
    "UsageError",
    "__version__",
]


def clean(
    text: Union[str, bytes],
    *,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    config: Optional[Mapping] = None,
) -> Result:
    """Repair `text` and return the clean text with every change it made.

    `text` may be bytes: it is decoded first (`Result.encoding` says how). `select` and
    `ignore` take rule ids or prefixes; `config` takes the `[tool.textfix]` options
    (`select`, `ignore`, `min_confidence`, `encoding`, `rules`: paths of boilerplate rule packs,
    `force_removals`: make removals even over half of a document, see docs/guarantees.md).
    """
    options = dict(config or {})
    pipeline, force = configured_pipeline(select, ignore, options)
    if isinstance(text, (bytes, bytearray, memoryview)):
        from .decode import decode_bytes

        decoded = decode_bytes(bytes(text), options.get("encoding"))
        del text  # (the bytes are not needed once decoded; a caller that let go of them frees them now)
        return pipeline.run(decoded.text, encoding=decoded.encoding, flags=decoded.flags, force_removals=force)
    if not isinstance(text, str):
        raise TypeError(f"textfix.clean takes str or bytes, not {type(text).__name__}")
    return pipeline.run(text, force_removals=force)


def configured_pipeline(select: Optional[Sequence[str]], ignore: Optional[Sequence[str]],
                        config: Optional[Mapping]) -> tuple:
    """(the pipeline `clean` runs for these arguments, whether removals are forced): shared by
    `clean` and the block path (textfix/block.py), so both read the options alike."""
    options = config or {}
    if select is None:
        select = options.get("select")
    if ignore is None:
        ignore = options.get("ignore")
    pipeline = default_pipeline(
        _freeze(select), _freeze(ignore), float(options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)),
        _rule_packs(options.get("rules")),
    )
    return pipeline, bool(options.get("force_removals"))


def _freeze(value) -> Optional[tuple]:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return tuple(value)


def _rule_packs(paths) -> tuple:
    """Rule-pack paths as a cache key: (path, mtime, size) each, so an edited pack is re-read."""
    if not paths:
        return ()
    from .filters.boilerplate import pack_digest

    return pack_digest([paths] if isinstance(paths, str) else list(paths))


def default_pipeline(select: Optional[tuple] = None, ignore: Optional[tuple] = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                     rule_packs: tuple = ()) -> Pipeline:
    """The built-in pipeline for a rule selection and extra rule packs (built once, then reused).

    `rule_packs` holds paths, or (path, mtime, size) tuples as `clean` passes them.
    The arguments are passed on by position so that every way of calling it (`clean`'s,
    `default_pipeline()`) meets the same cache entry: `lru_cache` keys keyword and positional
    calls apart, and a second pipeline loads the boilerplate gate again.

    >>> default_pipeline() is default_pipeline(None, None, DEFAULT_MIN_CONFIDENCE, ())
    True
    """
    return _built_pipeline(select, ignore, float(min_confidence), tuple(rule_packs))


@lru_cache(maxsize=32)
def _built_pipeline(select: Optional[tuple], ignore: Optional[tuple], min_confidence: float, rule_packs: tuple) -> Pipeline:
    from .decode import RULES as DECODE_RULES
    from .filters import default_filters

    filters = default_filters()
    if rule_packs:
        from .filters.boilerplate import with_rule_packs

        filters = with_rule_packs(filters, [p[0] if isinstance(p, tuple) else p for p in rule_packs])
    return Pipeline(filters, select=select, ignore=ignore, options={"min_confidence": min_confidence},
                    extra_rules=DECODE_RULES)
