"""The built-in filters, in the order the default pipeline runs them (ftfy's order)."""

from __future__ import annotations

from ..pipeline import Filter
from .lossy import LossyMojibake
from .controls import C1Controls, ControlCharacters, HtmlEntities, Surrogates, TerminalEscapes
from .mojibake import EncodingMojibake
from .boilerplate import Boilerplate
from .layout import DoubledLines, RepeatedParagraphs, VersionPairs
from .normalize import ExpandLigatures, FoldWidth, LineBreaks, UncurlQuotes, UnicodeNFC


def default_filters() -> list[Filter]:
    """Every built-in filter; the rule selection decides which of them run."""
    return [
        HtmlEntities(),
        EncodingMojibake(),
        C1Controls(),
        LossyMojibake(),
        Surrogates(),
        TerminalEscapes(),
        ControlCharacters(),
        Boilerplate(),
        VersionPairs(),
        DoubledLines(),
        RepeatedParagraphs(),
        UncurlQuotes(),
        ExpandLigatures(),
        FoldWidth(),
        UnicodeNFC(),
        LineBreaks(),
    ]


__all__ = [
    "default_filters",
    "C1Controls",
    "ControlCharacters",
    "EncodingMojibake",
    "HtmlEntities",
    "LossyMojibake",
    "Surrogates",
    "TerminalEscapes",
    "Boilerplate",
    "VersionPairs",
    "DoubledLines",
    "RepeatedParagraphs",
    "ExpandLigatures",
    "FoldWidth",
    "LineBreaks",
    "UncurlQuotes",
    "UnicodeNFC",
]
