"""A datatrove pipeline step that repairs `Document.text` with textfix (the `datatrove` extra, docs/integrations.md).

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textfix.integrations.datatrove import TextfixFormatter

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("data/raw"),
            TextfixFormatter(log_folder="data/clean/textfix-log"),
            JsonlWriter("data/clean"),
        ],
        tasks=8, workers=4, logging_dir="logs/textfix",
    ).run()

The step is plain picklable data (the options, and the log folder as a datatrove
`DataFolder`), so the same object runs unchanged under `SlurmPipelineExecutor` and
`RayPipelineExecutor`; point `log_folder` at storage every node can reach (a shared
file system, `s3://…`).

A document whose text is None is passed on unchanged and counted (`skipped_null`), the
policy of the command line and `clean_batch` for a missing or null field; a text of any
other type is a TypeError.

Stats (datatrove's `stats.json` of the step): `total` documents, `changed` documents,
one counter per rule id with the number of changes it made (`mojibake.utf8-as-cp1252`,
…), and `flag:<rule>` per finding. With `log_folder`, each task writes
`<rank>.jsonl` there (`log_filename`; a `.gz` or `.zst` name is compressed): one JSON
line per change and per finding, as `textfix clean --log` writes them, with `file`
(the document's source file when the reader recorded it), `doc` (the document id) and
`rank`.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Optional, Sequence

import textfix
from textfix.block import BLOCK_CHARS, BLOCK_DOCS, clean_texts
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints


class TextfixFormatter(BaseFormatter):
    """Repair each document's text as `textfix.clean` would (a block of documents at a time,
    textfix/block.py); count changes per rule; optionally log them.

    Args:
        select, ignore, config: as for `textfix.clean`.
        log_folder: where each task writes its provenance log (a path, an fsspec URL or a
            datatrove DataFolder); None for no log.
        log_filename: the log file of a task; `${rank}` is the task's rank, 5 digits.
        add_metadata: also put the number of changes in `doc.metadata["textfix_changes"]`.
    """

    name = "🔧 textfix"

    def __init__(
        self,
        select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
        config: Optional[Mapping] = None,
        log_folder=None,
        log_filename: str = "${rank}.jsonl",
        add_metadata: bool = False,
    ):
        super().__init__()
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore) if ignore is not None else None
        self.config = dict(config or {})
        textfix.clean("", select=self.select, ignore=self.ignore, config=self.config)  # bad rules fail now, not on a node
        if log_folder is not None:
            from datatrove.io import get_datafolder

            log_folder = get_datafolder(log_folder)
        self.log_folder = log_folder
        self.log_filename = log_filename
        self.add_metadata = add_metadata

    def format(self, text: str) -> str:
        return textfix.clean(text, select=self.select, ignore=self.ignore, config=self.config).text

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        log = None
        if self.log_folder is not None:
            name = self.log_filename.replace("${rank}", f"{rank:05d}")
            log = self.log_folder.open(name, "wt", compression="infer", encoding="utf-8")
        try:
            # documents are cleaned a block at a time (textfix/block.py: the quiet ones are
            # found in one pass), and handed on in their order
            pending, size = [], 0
            for doc in data:
                self.stat_update(StatHints.total)
                if doc.text is None:  # missing or null: skipped and counted, as the command line does
                    self.stat_update("skipped_null")
                    pending.append(doc)
                    continue
                if not isinstance(doc.text, str):
                    yield from self._cleaned(pending, log, rank)  # (the documents before it go on first)
                    raise TypeError(f"document {doc.id!r}: text is {type(doc.text).__name__}, not a string")
                pending.append(doc)
                size += len(doc.text)
                if len(pending) >= BLOCK_DOCS or size >= BLOCK_CHARS:
                    yield from self._cleaned(pending, log, rank)
                    pending, size = [], 0
            yield from self._cleaned(pending, log, rank)
        finally:
            if log is not None:
                log.close()

    def _cleaned(self, docs: list, log, rank: int) -> DocumentsPipeline:
        """`docs` (in order), each text cleaned, its changes counted and logged."""
        texts = [doc for doc in docs if doc.text is not None]
        with self.track_time(unit="block"):
            results = clean_texts([doc.text for doc in texts], select=self.select, ignore=self.ignore, config=self.config)
        outcome = {id(doc): result for doc, result in zip(texts, results)}
        for doc in docs:
            result = outcome.get(id(doc))
            if result is not None:
                self._count(doc, result, log, rank)
            yield doc

    def _count(self, doc, result, log, rank: int) -> None:
        """Put the result in `doc`, the stats and the log."""
        if result.text != doc.text:
            self.stat_update("changed")
            doc.text = result.text
        for rule, n in Counter(change.rule for change in result.changes).items():
            self.stat_update(rule, value=n)
        for rule, n in Counter(flag.rule for flag in result.flags).items():
            self.stat_update(f"flag:{rule}", value=n)
        if self.add_metadata:
            doc.metadata["textfix_changes"] = len(result.changes)
        if log is not None and (result.changes or result.flags):
            where = {"file": doc.metadata.get("file_path"), "doc": doc.id, "rank": rank}
            log.writelines(result.log_lines(**where))
