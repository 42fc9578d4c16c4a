"""What `check`, the log, the summary and the review page share: outcomes, positions, formats.

- `outcome`: one input cleaned (`Outcome`: the bytes a rewrite would write), character
  offsets as line and column (`LineIndex`), unified diffs.
- `items`: every change and finding of a document as an `Item` that knows its file,
  record, field, line, column and the line it sits on (the context `check` shows).
- `render`: `check --output-format text|concise|json|jsonl|github|sarif` and `--statistics`.
- `html`: the self-contained review page (`--output-format html`).

`textfix.cli` (arguments) and `textfix.corpus` (files, workers) both import this package;
it imports neither, so they no longer import each other.
"""

from .items import Doc, Item, items_for
from .outcome import Input, LineIndex, Outcome, split_lines, unified_diff

__all__ = ["Doc", "Input", "Item", "LineIndex", "Outcome", "items_for", "split_lines", "unified_diff"]
