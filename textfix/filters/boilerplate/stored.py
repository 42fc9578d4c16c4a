"""The gate's parts that most runs never read, kept pickled until one does.

The built-in rules' gate is unpickled from the disk cache (textfix/cache.py) on every warm
start, and most of its objects are tables a small ASCII file never reads: the str key tables
(read only for a line whose ends hold a character outside ASCII), the bytes key tables (read
only without Hyperscan) and a start key's longer starts (read only for a line the key finds).
Each is kept here as the bytes of its pickle, inside the gate's signed entry, and unpickled
when first asked for: a warm start then makes a few thousand objects instead of ~100,000.
Their entries (`_Entry`) are pickled as their index in the gate's list of entries, so that
what is unpickled later names the same entry objects as the rest of the gate.
"""

from __future__ import annotations

import io
import pickle


class Packed:
    """A value kept as its pickle until `value()` is first called (then kept as the value).

    Shared by the shallow copies of a gate (each pipeline takes one): the first to ask
    unpickles it for all. Its bytes came with the gate from the signed cache entry or were
    made in this process, never from elsewhere."""

    __slots__ = ("blob", "entries", "unpacked")

    def __init__(self, blob: bytes, entries: list):
        self.blob = blob
        self.entries = entries
        self.unpacked = None

    def value(self):
        """The value (unpickled on first use; unpickling twice in two threads is harmless)."""
        if self.unpacked is None:
            self.unpacked = _Unpickler(io.BytesIO(self.blob), self.entries).load()
        return self.unpacked

    def __getstate__(self):
        return None, {"blob": self.blob, "entries": self.entries, "unpacked": None}


def packer(entries: list):
    """A function that packs a value whose entries are among `entries` (`Packed`)."""
    index = {id(e): i for i, e in enumerate(entries)}

    def pack(value) -> Packed:
        out = io.BytesIO()
        _Pickler(out, index).dump(value)
        return Packed(out.getvalue(), entries)
    return pack


class _Pickler(pickle.Pickler):
    def __init__(self, file, index: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.index = index

    def persistent_id(self, obj):
        return self.index.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, entries: list):
        super().__init__(file)
        self.entries = entries

    def persistent_load(self, pid):
        return self.entries[pid]
