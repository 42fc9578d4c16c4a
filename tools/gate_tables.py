"""Make textfix/filters/boilerplate/gate_tables.json: the answers the built-in rule packs'
gate needs (boilerplate/shipped.py), so that a first run does not spend ~0.7 s making them.

    python3 tools/gate_tables.py [--check]

Run it after editing textfix/rules/*.toml, regex_gate.py or regex_literals.py
(tests/test_gate_tables.py fails until then). The gates recorded: the default selection of
the built-in rules (what `textfix check`, `clean()` and the hook build) and all of them
(every pattern's entry). Deterministic: the same packs and code make the same bytes.
`--check`: exit 1 if the file is not what this would write.
"""

from __future__ import annotations

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from textfix.filters.boilerplate import shipped  # noqa: E402
from textfix.filters.boilerplate.gate import _Gate  # noqa: E402
from textfix.filters.boilerplate.packs import builtin_pack_paths, builtin_rules  # noqa: E402


def packs_digest() -> str:
    """A digest of the built-in packs' names and bytes (written in the file, for people)."""
    h = hashlib.sha256()
    for path in builtin_pack_paths():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def make() -> str:
    """The file's text for the packs and code in this tree."""
    rules = builtin_rules()
    with shipped.recording() as recorded:
        _Gate([r for r in rules if r.default], exact=True)
        _Gate(rules, exact=True)
    return shipped.tables_text(recorded, shipped.code_version(), packs_digest())


def main(argv=None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    text = make()
    try:
        current = shipped.TABLES.read_text(encoding="utf-8")
    except OSError:
        current = None
    if check:
        return 0 if current == text else 1
    if current != text:
        shipped.TABLES.write_text(text, encoding="utf-8")
    print(f"{shipped.TABLES}: {len(text.encode()):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
