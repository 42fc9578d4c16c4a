"""The lossy rules' word data as compact files, memory-mapped and shared by every process.

wordfreq keeps each word list as gzipped msgpack; reading one into a dict costs 0.3-3.5 s
and 23-96 MB in every process that reads it (every `-j` worker), and the first language
detection read all 23 "small" lists (0.5-2 s). Here each list, and the detection index, is
packed once into a file of the user's cache directory and opened with `mmap`: the workers
share its pages through the page cache, an open costs one digest check (~1 ms per MB),
and a look-up a few probes of a hash table. The answers are wordfreq's: a word's frequency
is 10 ** (-bucket / 100) for its centibel bucket, computed as wordfreq computes it, and
where a word stands in two buckets the later one wins, as in `get_frequency_dict`.

A file: magic, HMAC-SHA256 tag, a header of counts, a JSON description (what it was made
from: wordfreq's version, its data files' sizes and times, the format), then uint32 word
offsets into one UTF-8 blob, uint32 value offsets (only for runs of varying length), a
uint32 open-addressing hash table (CRC-32 of the word's bytes, linear probing, load <= 1/2),
uint16 values, and the blob. Its name is a digest of that description, so a new wordfreq
makes new files. It is signed with the user's cache key (cache.py): a damaged, truncated,
planted or foreign file fails the check and is rebuilt, never read. Writes go to a
temporary file renamed into place, so workers that build at once each write a whole,
identical file. Without a private cache directory the tables are built in memory (the same
answers, at wordfreq's cost).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import mmap
import os
import struct
import sys
from array import array
from functools import lru_cache
from importlib.util import find_spec
from itertools import accumulate, chain
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple
from zlib import crc32

from ...cache import installed_version, mark_used, private_directory, temporary_path

FORMAT = 1
MAGIC = b"TFWORDS1"
_TAG = slice(len(MAGIC), len(MAGIC) + 32)
_BODY = len(MAGIC) + 32
# keys, hash slots, values per key (0: varying, with value offsets), values, blob bytes, description bytes
_HEADER = struct.Struct("<6I")


class Table:
    """Words and their runs of uint16 values, read from a packed buffer (mmap or bytes)."""

    def __init__(self, buf, start: int = 0):
        keys, slots, stride, values, blob, meta = _HEADER.unpack_from(buf, start)
        at = start + _HEADER.size
        self.meta = json.loads(bytes(buf[at:at + meta]))
        at = _aligned(at + meta)
        view = memoryview(buf)
        self._keys, at = view[at:at + 4 * (keys + 1)].cast("I"), at + 4 * (keys + 1)
        self._runs = None
        if not stride:
            self._runs, at = view[at:at + 4 * (keys + 1)].cast("I"), at + 4 * (keys + 1)
        self._slots, at = view[at:at + 4 * slots].cast("I"), at + 4 * slots
        self.values, at = view[at:at + 2 * values].cast("H"), _aligned(at + 2 * values)
        self._blob, self._blob_at = buf, at
        if at + blob != len(buf) or not slots or slots & (slots - 1) or self._keys[keys] != blob:
            raise ValueError("word table: lengths do not add up")
        self._mask, self._stride, self._count = slots - 1, stride, keys

    def __len__(self) -> int:
        return self._count

    def find(self, word: str) -> int:
        """The word's number in the table, or -1."""
        try:
            key = word.encode()
        except UnicodeEncodeError:  # a lone surrogate: no listed word holds one
            return -1
        slots, offsets, blob, base, mask = self._slots, self._keys, self._blob, self._blob_at, self._mask
        h = crc32(key) & mask
        while True:
            i = slots[h]
            if not i:
                return -1
            i -= 1
            if blob[base + offsets[i]:base + offsets[i + 1]] == key:
                return i
            h = (h + 1) & mask

    def run(self, i: int):
        """The values of word number i (a uint16 memoryview)."""
        if self._stride:
            return self.values[i * self._stride:(i + 1) * self._stride]
        return self.values[self._runs[i]:self._runs[i + 1]]


class Frequencies:
    """A word list answering as wordfreq's frequency dict does (`get`, `in`), from a Table
    whose one value per word is its centibel bucket."""

    __slots__ = ("_table", "_freq")

    def __init__(self, table: Table):
        self._table = table
        self._freq = bucket_frequencies(table.meta["buckets"])

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and self._table.find(word) >= 0

    def __getitem__(self, word: str) -> float:
        i = self._table.find(word)
        if i < 0:
            raise KeyError(word)
        return self._freq[self._table.values[i]]

    def get(self, word: str, default=None):
        i = self._table.find(word)
        return default if i < 0 else self._freq[self._table.values[i]]


@lru_cache(maxsize=None)
def bucket_frequencies(count: int) -> Tuple[float, ...]:
    """The frequency of each centibel bucket, as wordfreq computes it (cB_to_freq(-index))."""
    return tuple(10 ** (-index / 100) for index in range(count))


def available() -> bool:
    """Whether wordfreq is installed (found without importing it: the import costs 0.1-0.6 s)."""
    return _data_dir() is not None


def frequencies(lang: str, wordlist: str) -> Optional[Mapping[str, float]]:
    """wordfreq's `get_frequency_dict(lang, wordlist)` ("small", "large" or "best") as a
    compact table; None where wordfreq has no such list for that exact language code.
    Without a private cache directory, wordfreq's dict itself (a table is slower to make
    than the dict, and pays only when a file keeps it for the next process)."""
    source = _source(lang, wordlist)
    if source is None:
        return None
    place = private_directory()
    if place is None:
        import wordfreq

        return wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    key = {"kind": "frequencies", "lang": lang, "wordlist": wordlist, "sources": [_stamp(source)]}
    return Frequencies(_table(place, key, lambda: _pack_frequencies(lang, wordlist)))


def detection_index(languages: Sequence[str], top: int) -> Optional[Table]:
    """word -> run of (language number, bucket) pairs over the `top` most frequent words of
    each language's "small" list (wordfreq's top_n_list), the words that tell languages
    apart; its description carries each language's non-ASCII letters of those words
    ("alphabets"). None when a language has no small list."""
    sources = [_source(lang, "small") for lang in languages]
    if None in sources:
        return None
    key = {"kind": "detection", "languages": list(languages), "top": top,
           "sources": [_stamp(s) for s in sources]}
    return _table(private_directory(), key, lambda: _pack_detection(languages, top))


# ------------------------------------------------------------------ building


# What a table is made of: its words, their values (flat), where each word's values end
# (None: one value per word) and its description.
Parts = Tuple[List[str], Sequence[int], Optional[Sequence[int]], dict]


def _pack_frequencies(lang: str, wordlist: str) -> Parts:
    """The list's words with their bucket, in wordfreq's order."""
    import wordfreq

    pack = wordfreq.get_frequency_list(lang, wordlist)
    buckets = _bucket_of(pack)
    return list(buckets), array("H", buckets.values()), None, {"buckets": len(pack)}


def _bucket_of(pack: Sequence[Sequence[str]]) -> Dict[str, int]:
    """Each word of a wordfreq list (buckets of words) with its bucket; a word listed twice
    keeps its first place and its last bucket, as in get_frequency_dict's dict."""
    buckets: Dict[str, int] = {}
    for index, bucket in enumerate(pack):
        buckets.update(dict.fromkeys(bucket, index))  # (the dict's loop, in C)
    return buckets


def _pack_detection(languages: Sequence[str], top: int) -> Parts:
    """Each of the `top` most frequent words of each language's small list with its run of
    (language number, bucket) pairs, and each language's non-ASCII letters of those words."""
    import wordfreq

    index: Dict[str, List[int]] = {}
    alphabets = {}
    buckets = 0
    for number, lang in enumerate(languages):
        pack = wordfreq.get_frequency_list(lang, "small")
        buckets = max(buckets, len(pack))
        bucket_of = _bucket_of(pack)
        words = wordfreq.top_n_list(lang, top, wordlist="small")
        for word in words:
            if word in bucket_of:
                index.setdefault(word, []).extend((number, bucket_of[word]))
        alphabets[lang] = "".join(sorted({ch for w in words for ch in w if ord(ch) > 127 and ch.isalpha()}))
    runs = list(index.values())
    values = array("H", chain.from_iterable(runs))
    return list(index), values, list(accumulate(map(len, runs))), {"buckets": buckets, "alphabets": alphabets}


def pack(words: Sequence[str], values: Sequence[int], ends: Optional[Sequence[int]], meta: dict) -> bytes:
    """The file's body (all after the tag) for distinct words and their values: one each
    (`ends` None), or word i's run ending at ends[i]. Built with C loops where there is one
    (a million tuples cost more than the whole build)."""
    keys = list(map(str.encode, words))
    size = 2
    while size < 2 * len(keys):
        size *= 2
    mask = size - 1
    slots = array("I", bytes(4 * size))
    for number, h in enumerate(map(crc32, keys), 1):
        h &= mask
        while slots[h]:
            h = (h + 1) & mask
        slots[h] = number
    key_offsets = array("I", accumulate(map(len, keys), initial=0))
    values = array("H", values)
    blob = b"".join(keys)
    described = json.dumps(meta, sort_keys=True, ensure_ascii=True).encode()
    stride = 1 if ends is None else 0
    parts = [_HEADER.pack(len(keys), size, stride, len(values), len(blob), len(described)), described]
    parts.append(_padding(_HEADER.size + len(described)))
    parts += [key_offsets.tobytes(), b"" if ends is None else array("I", [0, *ends]).tobytes(), slots.tobytes(),
              values.tobytes()]
    parts.append(_padding(len(values) * 2))
    parts.append(blob)
    return b"".join(parts)


def _aligned(n: int) -> int:
    return (n + 3) & ~3


def _padding(n: int) -> bytes:
    return bytes(_aligned(n) - n)


# ------------------------------------------------------------------ files


def _table(place: Optional[Tuple[Path, bytes]], key: dict, build: Callable[[], Parts]) -> Table:
    """The table described by `key`: mapped from the cache directory `place` (directory,
    key of its signatures) when a signed file is there, else built (and stored for the
    next process); built in memory when there is no such directory."""
    key = dict(key, format=FORMAT, wordfreq=installed_version("wordfreq"), byteorder=sys.byteorder)

    def body() -> bytes:
        words, values, ends, meta = build()
        return pack(words, values, ends, dict(meta, key=key))

    if place is None:
        return Table(body())
    directory, secret = place
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]
    path = directory / f"words-{name}.bin"
    table = _mapped(path, secret, key)
    if table is not None:
        mark_used(path)
    else:
        made = body()
        try:
            _write(path, secret, made)
        except OSError:  # a full disk, a read-only cache: run from memory
            return Table(made)
        table = _mapped(path, secret, key) or Table(made)
    return table


def _mapped(path: Path, secret: bytes, key: dict) -> Optional[Table]:
    """The table in the file at `path` when its tag checks out and it describes `key`."""
    try:
        with open(path, "rb") as f:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, empty
        return None
    try:
        with memoryview(mm) as view:
            tag = hmac.new(secret, view[_BODY:], hashlib.sha256).digest()
        if mm[:len(MAGIC)] != MAGIC or not hmac.compare_digest(mm[_TAG], tag):
            raise ValueError("word table: not signed")
        _unmap_pages(mm)
        table = Table(mm, _BODY)
        if table.meta.get("key") != key:
            raise ValueError("word table: made from something else")
        return table
    except (ValueError, TypeError, struct.error):
        return None  # (the mmap is closed when its last view goes)


def _unmap_pages(mm: mmap.mmap) -> None:
    """Let go of the file's pages the tag check read: the look-ups touch a few of them, and
    each read page would stay in the process's resident memory (real pages' languages: ~80
    MB of word files, five times a 16 MB input). They stay in the page cache, and a page
    read again is mapped from there (the file is read-only and replaced, never rewritten)."""
    if hasattr(mm, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
        mm.madvise(mmap.MADV_DONTNEED)


def _write(path: Path, secret: bytes, body: bytes) -> None:
    """Write the signed file atomically (a temporary file of this process, then a rename)."""
    tmp = temporary_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hmac.new(secret, body, hashlib.sha256).digest() + body)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# ------------------------------------------------------------------ wordfreq's data


@lru_cache(maxsize=1)
def _data_dir() -> Optional[Path]:
    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "data"


def _source(lang: str, wordlist: str) -> Optional[Path]:
    """wordfreq's data file for the list ("best": the large list where there is one)."""
    directory = _data_dir()
    if directory is None:
        return None
    names = ("large", "small") if wordlist == "best" else (wordlist,)
    for name in names:
        path = directory / f"{name}_{lang}.msgpack.gz"
        if path.is_file():
            return path
    return None


def _stamp(path: Path) -> list:
    st = path.stat()
    return [path.name, st.st_size, st.st_mtime_ns]
