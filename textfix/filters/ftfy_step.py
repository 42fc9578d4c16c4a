"""ftfy's badness expression as a Hyperscan scanner, and the one step of ftfy's encoding fix
that textfix restates (`fix_encoding_and_explain`, built from ftfy's own pieces) so that the
badness tests start where the scanner matches."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from . import fastscan

def badness_scanner() -> fastscan.Scanner:
    """ftfy's BADNESS_RE (what `ftfy.badness.is_bad` searches for) as a Hyperscan database,
    compiled once per machine and kept in textfix's cache (ftfy is imported only to build it)."""
    global _BADNESS
    if _BADNESS is None:
        from ..cache import cached, installed_version

        engine = fastscan.engine()
        _BADNESS = fastscan.Scanner([]) if engine == "python" else \
            cached("badness", (installed_version("ftfy"), engine), _compile_badness)
    return _BADNESS


_BADNESS: Optional[fastscan.Scanner] = None


def _compile_badness() -> fastscan.Scanner:
    """Hyperscan takes the expression in pieces (its top-level alternatives: one is too long),
    with `\\s` as Python means it (every str.isspace() character) and `\\w` widened to every
    character outside ASCII (Hyperscan's Unicode tables are older than Python's): it matches
    wherever ftfy's does, and a little more (a screen may say yes too often, never too rarely)."""
    from ftfy.badness import BADNESS_RE

    spaces = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in map(chr, range(0x110000)) if ch.isspace()) + "]"
    pieces = [f"(?x){piece}".replace("\\s", spaces).replace("\\w", "(?:\\w|[^\\x00-\\x7f])").encode("utf-8")
              for piece in _top_level_alternatives(BADNESS_RE.pattern)]
    # ftfy tests each line on its own: its ^ (a branch holds `^[ÃÂ][ ]`) is every line's start
    return fastscan.Scanner(pieces, literal=False, flags=(fastscan.UTF8, fastscan.MULTILINE))


def _top_level_alternatives(pattern: str) -> list[str]:
    """`a|b(c|d)|[|]` -> ['a', 'b(c|d)', '[|]']: the branches outside groups and classes.

    >>> _top_level_alternatives("a|b(c|d)|[|]")
    ['a', 'b(c|d)', '[|]']
    """
    out, current, depth, in_class, i = [], "", 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current += pattern[i:i + 2]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(current)
            current, i = "", i + 1
            continue
        current += ch
        i += 1
    return out + [current]


# The ftfy releases whose one step of `fix_encoding_and_explain` (`_fix_encoding_one_step_and_explain`
# and `fixes.decode_inconsistent_utf8`) _fix_encoding_step restates; others use ftfy's own call.
RESTATED_FTFY = ("6.3.0", "6.3.1")
# The longest match of ftfy's badness expression, in characters (tests/test_mojibake_paths.py).
BADNESS_WIDTH = 7


def _restates_installed_ftfy(ftfy) -> bool:
    return getattr(ftfy, "__version__", None) in RESTATED_FTFY


@lru_cache(maxsize=1)
def _ftfy_package():
    """ftfy with the modules the restated step reads, imported when first needed (~30 ms)."""
    import ftfy.badness
    import ftfy.chardata
    import ftfy.fixes

    return ftfy


def _fix_encoding_steps(text: str, badness: fastscan.Scanner) -> tuple[str, list]:
    """ftfy's `fix_encoding_and_explain` with its default configuration: one step after
    another until the text stops changing, and every step's plan."""
    plan: list = []
    while True:
        fixed, steps = _fix_encoding_step(text, badness)
        plan.extend(steps)
        if fixed == text:
            return text, plan
        text = fixed


def _fix_encoding_step(text: str, badness: fastscan.Scanner) -> tuple[str, list]:
    """One step of ftfy 6.3's encoding fix (`_fix_encoding_one_step_and_explain`), in its
    order: nothing unless the text looks bad; else the first single-byte encoding that the
    text fits and whose bytes decode as UTF-8; else the UTF-8 mojibake inside the text,
    fixed piece by piece; else C1 controls read as Windows-1252."""
    ftfy = _ftfy_package()
    chardata = ftfy.chardata
    if text.isascii() or not _is_bad(badness, text):  # (ftfy's ASCII test is a regex for isascii)
        return text, []
    fitting = []
    for encoding in chardata.CHARMAP_ENCODINGS:
        if chardata.possible_encoding(text, encoding):
            fitting.append(encoding)
            decoded = _decoded_as_utf8(text, encoding)
            if decoded is not None:
                return decoded
    fixed = chardata.UTF8_DETECTOR_RE.sub(lambda m: _fix_embedded(m.group(), text, badness), text)
    if fixed != text:
        return fixed, [ftfy.ExplanationStep("apply", "decode_inconsistent_utf8")]
    # (ftfy then keeps text that fits both Latin-1 and "windows-1252", a name that is not
    # among the encodings it tries, so that branch never returns)
    if "latin-1" in fitting:
        try:
            fixed = text.encode("latin-1").decode("windows-1252")
        except UnicodeDecodeError:
            fixed = text
        if fixed != text:
            return fixed, [ftfy.ExplanationStep("encode", "latin-1"), ftfy.ExplanationStep("decode", "windows-1252")]
    if chardata.C1_CONTROL_RE.search(text):
        return ftfy.fixes.fix_c1_controls(text), [ftfy.ExplanationStep("transcode", "fix_c1_controls")]
    return text, []


def _decoded_as_utf8(text: str, encoding: str) -> Optional[tuple[str, list]]:
    """The text encoded in `encoding` and decoded as UTF-8, after ftfy's repairs of the bytes
    (a no-break space that became a space, bytes lost to U+FFFD), and its plan; None when
    the bytes are not UTF-8 even then."""
    ftfy = _ftfy_package()
    chardata, fixes, step = ftfy.chardata, ftfy.fixes, ftfy.ExplanationStep
    data = text.encode(encoding)
    transcodes = []
    # (not in Mac Roman, where an en dash and a space would look like a lost no-break space)
    if encoding != "macroman" and chardata.ALTERED_UTF8_RE.search(data):
        restored = fixes.restore_byte_a0(data)
        if restored != data:
            transcodes.append(step("transcode", "restore_byte_a0"))
            data = restored
    # every lossy sequence holds a byte 1A or a `?`: without them, nothing to replace
    if encoding.startswith("sloppy") and (b"\x1a" in data or b"?" in data):
        replaced = fixes.replace_lossy_sequences(data)
        if replaced != data:
            transcodes.append(step("transcode", "replace_lossy_sequences"))
            data = replaced
    decoding = "utf-8-variants" if 0xED in data or 0xC0 in data else "utf-8"
    try:
        fixed = data.decode(decoding)
    except UnicodeDecodeError:
        return None
    return fixed, [step("encode", encoding), *transcodes, step("decode", decoding)]


def _fix_embedded(piece: str, text: str, badness: fastscan.Scanner) -> str:
    """ftfy's fix of one stretch of UTF-8 mojibake inside a text (in `decode_inconsistent_utf8`):
    a shorter piece that looks bad, fixed on its own."""
    if len(piece) < len(text) and _is_bad(badness, piece):
        return _fix_encoding_steps(piece, badness)[0]
    return piece


def _is_bad(badness: fastscan.Scanner, text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, with Hyperscan its search started where a match can start:
    a match of ftfy's expression is one of the scanner's too, so none ends before the
    scanner's first and none starts more than BADNESS_WIDTH characters before that end."""
    badness_re = _ftfy_package().badness.BADNESS_RE
    if not badness.available():
        return badness_re.search(text) is not None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # (a lone surrogate: Hyperscan reads valid UTF-8 only)
        return badness_re.search(text) is not None
    hits = badness.scan(data)
    if not hits:
        return False
    first_end = len(data[:min(end for _, end in hits)].decode("utf-8"))
    return badness_re.search(text, max(0, first_end - BADNESS_WIDTH)) is not None
