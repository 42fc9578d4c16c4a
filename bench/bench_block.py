"""The block path's columns of bench_speed.py (issue 15 item 1): textfix on the block path
(textfix/block.py) beside the per-document run and ftfy, timed in the same run, and the block
floor. Kept apart so that bench_speed.py stays one screen of concerns."""

from __future__ import annotations

import gc
import time
from typing import Callable, Dict, List, Sequence

import textfix
from textfix import block
from textfix.filters.boilerplate.gate import stripped_frame

import datatrove_chain
from datagen import corpus_bytes

# The same configurations on the block path (textfix/block.py): the corpus cut in blocks as the
# datatrove step and clean_batch cut theirs, each block cleaned at once.
BLOCK_CONFIGS: Dict[str, dict] = {"default": {}}
# Issue 15's targets for the block path (default pipeline), as ratios to ftfy.
BLOCK_TARGETS = {"clean": 12.0, "typographic": 20.0}


def is_block(fn) -> bool:
    """Whether `fn` is a block engine: it takes the whole list of documents."""
    return getattr(fn, "block", False)


def block_engine(kwargs: dict) -> Callable[[Sequence[str]], list]:
    """textfix on the block path: the documents cut in blocks (block.blocks), each screened at once."""
    def run(docs: Sequence[str]) -> list:
        return block.clean_texts(docs, **kwargs)
    run.block = True  # type: ignore[attr-defined]
    return run


def block_floor(docs: Sequence[str], repeat: int) -> float:
    """The floor of the block path in seconds (best of `repeat`): each block's UTF-8 and
    bytes view made, and the boilerplate gate's one Hyperscan pass over it; what every block
    pays whatever its screens find (0 without Hyperscan)."""
    gate = datatrove_chain._builtin_gate()
    if not gate.scans():
        return 0.0
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for chunk in block.blocks(docs):
            whole = block.Block(chunk)
            whole.utf8()
            gate.scanner.scan(stripped_frame(whole.view()))
        times.append(time.perf_counter() - start)
    return min(times)


BLOCK_HEADER = ["corpus", "config", "ftfy MB/s", "per doc MB/s", "block MB/s", "per doc x", "block x", "target",
                "floor MB/s", "floor x", "quiet docs", "same results"]


def block_row(kind: str, name: str, docs: Sequence[str], timings: dict, floor: float) -> List[str]:
    """One row of the block table (`timings`: bench_speed's, by engine): the configuration per document and on the block path, each as
    a ratio to ftfy in the same run; the block floor (`block_floor`) as MB/s and as the ratio it
    would reach; the share of documents no screen admits; whether the block path's Results
    equal the per-document ones."""
    mb = corpus_bytes(docs) / 1e6
    ftfy_time, per_doc, whole = timings["ftfy"].best, timings[f"textfix:{name}"], timings[f"textfix:{name} block"]
    kwargs = BLOCK_CONFIGS[name]
    pipeline, _ = textfix.configured_pipeline(kwargs.get("select"), kwargs.get("ignore"), kwargs.get("config"))
    admitted = [block.admitted(pipeline, chunk) for chunk in block.blocks(docs)]
    busy = sum(len(found) for found in admitted if found is not None)
    busy += sum(len(chunk) for found, chunk in zip(admitted, block.blocks(docs)) if found is None)
    target = BLOCK_TARGETS.get(kind) if name == "default" else None
    met = "" if target is None else f"{target:g}x " + ("met" if ftfy_time / whole.best >= target else "no")
    return [kind, name, f"{mb / ftfy_time:.2f}", f"{mb / per_doc.best:.2f}", f"{mb / whole.best:.2f}",
            f"{ftfy_time / per_doc.best:.2f}", f"{ftfy_time / whole.best:.2f}", met,
            f"{mb / floor:.1f}" if floor else "n/a", f"{ftfy_time / floor:.1f}" if floor else "n/a",
            f"{1 - busy / len(docs):.0%}", "yes" if whole.results == per_doc.results else "NO"]
