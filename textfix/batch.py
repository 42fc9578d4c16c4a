"""`textfix.clean_batch`: clean a column of a batch, shaped for `datasets.Dataset.map(batched=True)`.

>>> from textfix.batch import clean_batch
>>> clean_batch({"text": ["The cafÃ© is open", None], "id": [1, 2]})
{'text': ['The café is open', None]}
>>> out = clean_batch({"text": ["Fish &amp; chips", "fine"]}, with_changes=True)
>>> out["text"], out["textfix_changes"][1]
(['Fish & chips', 'fine'], '[]')
>>> import json; [c["rule"] for c in json.loads(out["textfix_changes"][0])]
['mojibake.html-entity']
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Sequence

CHANGES_COLUMN = "textfix_changes"
# The type of a change in the changes column: `datasets.Features({CHANGES_COLUMN: changes_feature()})`.
CHANGE_FIELDS = {"rule": "string", "start": "int64", "end": "int64", "before": "string", "after": "string",
                 "confidence": "float64", "reason": "string"}


def clean_batch(
    batch: Mapping[str, Any],
    text_column: str = "text",
    with_changes: bool = False,
    *,
    changes_column: str = CHANGES_COLUMN,
    changes_as: str = "json",
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    config: Optional[Mapping] = None,
) -> dict:
    """Clean `batch[text_column]` (a list of strings; None stays None) as `textfix.clean` would,
    row by row (the batch is screened as one block: textfix/block.py).

    `text_column` may be a dotted path into a struct column (`"meta.summary"`): then the
    whole top-level column (`meta`) is handed back with that field cleaned. A row whose
    field is missing or null is skipped (None stays None); a value of another type is a
    TypeError; a top-level column that is not in the batch is a KeyError that names the
    columns there are.

    Returns `{text_column: cleaned texts}` and, with `with_changes`, `{changes_column: ...}`
    with each row's changes (`rule`, `start`, `end`, `before`, `after`, `confidence`,
    `reason`; spans in the row's original text): by default as a JSON array in a string
    (`"[]"` for none), which Arrow can always store, even in a batch where no row changed;
    `changes_as="dicts"` gives lists of dicts instead (with `Dataset.map`, then pass
    `features` with `changes_feature()` for that column). Other columns are not returned,
    so `Dataset.map` keeps them as they are. A single example (a string in `text_column`,
    as with `batched=False`) works too.

        ds = ds.map(textfix.clean_batch, batched=True, num_proc=4,
                    fn_kwargs={"text_column": "text", "with_changes": True})
    """
    if changes_as not in ("json", "dicts"):
        raise ValueError(f"changes_as must be 'json' or 'dicts', not {changes_as!r}")
    from .block import clean_texts

    top, *inner = text_column.split(".")
    if top not in batch:
        raise KeyError(f"no column {top!r} in the batch (columns: {', '.join(map(str, batch))}); check text_column")
    column = batch[top]
    single = not isinstance(column, list)  # one example (batched=False): a string, None, or a struct
    rows = [column] if single else column
    texts = [_field(row, inner, i) for i, row in enumerate(rows)]
    # the batch is one block (textfix/block.py): its quiet rows are found in one pass
    present = [text for text in texts if text is not None]
    results = iter(clean_texts(present, select=select, ignore=ignore, config=config))
    cleaned, changes = [], []
    for text in texts:
        if text is None:  # missing or null: skipped, as the command line and datatrove do
            cleaned.append(None)
            changes.append([])
            continue
        result = next(results)
        cleaned.append(result.text)
        if with_changes:
            changes.append([change.to_dict() for change in result.changes])
    if with_changes and changes_as == "json":
        changes = [json.dumps(row, ensure_ascii=False) if _utf8(row) else json.dumps(row) for row in changes]
    if inner:  # a nested field: hand back the whole top-level column with that field replaced
        cleaned = [_with_field(row, inner, text) for row, text in zip(rows, cleaned)]
    out = {top: cleaned[0] if single else cleaned}
    if with_changes:
        out[changes_column] = changes[0] if single else changes
    return out


def _field(row, path: Sequence[str], index: int) -> Optional[str]:
    """The string at `path` inside `row`; None when a part is missing or null; TypeError for another type.

    >>> _field({"meta": {"title": None}}, ["meta", "title"], 0), _field({}, ["meta", "title"], 0)
    (None, None)
    """
    value = row
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is not None and not isinstance(value, str):
        raise TypeError(f"row {index}: the text field is {type(value).__name__}, not a string")
    return value


def _with_field(row, path: Sequence[str], text: Optional[str]):
    """A copy of `row` with the string at `path` replaced by `text` (unchanged where it was missing)."""
    if text is None:
        return row
    if not path:
        return text
    copy = dict(row)
    copy[path[0]] = _with_field(row[path[0]], path[1:], text)
    return copy


def _utf8(row) -> bool:
    """False when a change holds a lone surrogate (then the JSON escapes it)."""
    try:
        for change in row:
            (change["before"] + change["after"]).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def changes_feature():
    """The `datasets` feature type of the changes column (a list of change structs).

    Pass `features=` to `Dataset.map` with it when every change list may be empty (then
    Arrow cannot infer the type by itself).
    """
    import datasets

    return [{name: datasets.Value(kind) for name, kind in CHANGE_FIELDS.items()}]
