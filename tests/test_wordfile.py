"""The lossy rules' word data (textfix/filters/lossy/wordfile.py): the memory-mapped tables
answer exactly as wordfreq's dicts do, and a file that is damaged, planted or made from
something else is rebuilt, never read."""

import glob
import gzip
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from textfix.filters.lossy import language, wordfile
from textfix.filters.lossy.chars import _WORD_RE

wordfreq = pytest.importorskip("wordfreq")
ROOT = Path(__file__).resolve().parents[1]


def _real_words():
    """Every word (case-folded) of corpus/ and the correct documents: what the rules look up."""
    texts = []
    for path in sorted(glob.glob(str(ROOT / "corpus" / "*" / "*.txt"))):
        texts.append(Path(path).read_bytes().decode("utf-8", "replace"))
    with gzip.open(ROOT / "bench" / "data" / "correct_docs.jsonl.gz", "rt", encoding="utf-8") as f:
        texts.extend(json.loads(line)["text"] for line in f)
    return sorted({w.casefold() for t in texts for w in _WORD_RE.findall(t)})


def _random_words(reference: dict, n: int = 3000):
    """Words of the list with a letter changed, cut or doubled (most are not in it), and
    random strings, surrogates included."""
    rng = random.Random(15)
    known = sorted(reference)
    out = []
    for _ in range(n):
        w = rng.choice(known)
        k = rng.randrange(len(w) + 1)
        out.append(w[:k] + rng.choice("aeéøßş?\ufffd") + w[k + 1:])
        out.append(w[:k])
        out.append("".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(1, 8))))
    return out + ["", "\ud800", "a\udcff"]


def _assert_same(table, reference: dict, probes):
    assert len(table) == len(reference)
    for word, freq in reference.items():  # every word of the list, with its frequency
        assert table.get(word) == freq, word
    for word in probes:
        assert table.get(word, 0.0) == reference.get(word, 0.0), word
        assert (word in table) == (word in reference), word


@pytest.mark.parametrize("lang", language.LANGUAGES)
def test_every_small_list_answers_as_wordfreq(lang):
    reference = wordfreq.get_frequency_dict(lang, wordlist="small")
    _assert_same(language._freqs(lang, "small"), reference, _random_words(reference, 300))


@pytest.mark.parametrize("lang", ["en", "de", "fr", "pt", "da", "vi"])
def test_best_lists_answer_as_wordfreq_on_real_and_random_words(lang):
    """The large lists the rules read most (and two languages with no large list)."""
    reference = wordfreq.get_frequency_dict(lang, wordlist="best")
    _assert_same(language._freqs(lang), reference, _real_words() + _random_words(reference))


def test_the_detection_index_is_the_one_built_from_wordfreq():
    """Every word of every language's TOP_WORDS, with the zipf value the dict gives it, and
    the alphabets read from the same words."""
    expected = {}
    for number, lang in enumerate(language.LANGUAGES):
        freqs = wordfreq.get_frequency_dict(lang, wordlist="small")
        top = wordfreq.top_n_list(lang, language.TOP_WORDS, wordlist="small")
        for word in top:
            expected.setdefault(word, []).append((number, language._zipf(freqs[word])))
        letters = {ch for w in top for ch in w if ord(ch) > 127 and ch.isalpha()}
        letters |= {c.upper() for c in letters if len(c.upper()) == 1} | ({"\u00df"} if lang == "de" else set())
        assert language._alphabet(lang) == letters, lang
    index, zipf = language._index()
    assert len(index) == len(expected)
    for word, entries in expected.items():
        run = index.run(index.find(word))
        assert [(run[k], zipf[run[k + 1]]) for k in range(0, len(run), 2)] == entries, word
    assert index.find("qqqzzzxx") == -1


def test_a_table_is_deterministic():
    for build in (lambda: wordfile._pack_frequencies("is", "small"),
                  lambda: wordfile._pack_detection(language.LANGUAGES, 300)):
        assert wordfile.pack(*build()) == wordfile.pack(*build())


def _cache_files(directory):
    return sorted(directory.glob("words-*.bin"))


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(directory))
    return directory


def test_damaged_truncated_planted_and_foreign_files_are_rebuilt(fresh_cache):
    reference = wordfreq.get_frequency_dict("da", wordlist="small")
    probes = ["og", "ikke", "hvorfor", "nonexistentword"]
    wordfile.frequencies("da", "small")
    (path,) = _cache_files(fresh_cache)
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0x40  # one bit in the middle of the words
    other_key = bytearray(good)
    other_key[8:40] = bytes(32)  # a file signed by someone else
    body = good[40:].replace(b'"da"', b'"de"', 1)  # signed, but described as made from another list
    swapped = good[:8] + hmac.new((fresh_cache / "key").read_bytes(), body, hashlib.sha256).digest() + body
    for bad in (bytes(damaged), good[:len(good) // 3], b"", b"TFWORDS1" + bytes(100), bytes(other_key), swapped):
        path.write_bytes(bad)
        table = wordfile.frequencies("da", "small")
        assert [table.get(w) for w in probes] == [reference.get(w) for w in probes]
        assert path.read_bytes() == good  # rebuilt, and the same bytes as the first time


def test_without_a_cache_directory_the_answers_are_the_same(monkeypatch):
    """No cache (TEXTFIX_CACHE_DIR=""): the lists are wordfreq's dicts and the detection
    index is built in memory."""
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", "")
    table = wordfile.frequencies("is", "small")
    assert table == wordfreq.get_frequency_dict("is", wordlist="small")
    index = wordfile.detection_index(language.LANGUAGES, 50)
    assert index.find("og") >= 0 and index.find("xyzzy") == -1
    assert isinstance(index._blob, bytes)  # (not mapped from a file)


def test_workers_building_at_once_share_one_whole_file(fresh_cache):
    """Four processes start with no file: each builds, writes a temporary file and renames
    it; all answer right, one file is left, it verifies, and no temporary file remains."""
    code = ("from textfix.filters.lossy import wordfile; t = wordfile.frequencies('sl', 'small'); "
            "print(t.get('in'), t.get('zzzq'), len(t))")
    env = dict(os.environ, TEXTFIX_CACHE_DIR=str(fresh_cache), PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
             for _ in range(4)]
    outputs = {p.communicate()[0] for p in procs}
    reference = wordfreq.get_frequency_dict("sl", wordlist="small")
    assert outputs == {f"{reference['in']} None {len(reference)}\n"}
    assert len(_cache_files(fresh_cache)) == 1 and not list(fresh_cache.glob("*.tmp"))
    assert wordfile._mapped(_cache_files(fresh_cache)[0], (fresh_cache / "key").read_bytes(),
                            wordfile.frequencies("sl", "small")._table.meta["key"]) is not None


def test_a_warm_worker_never_imports_wordfreq(fresh_cache):
    """Once the files are built, a process detects languages and reads a large list from
    them alone (wordfreq's import and its gzip+msgpack reading are the cost avoided)."""
    code = ("import sys; from textfix.filters.lossy import language as L; "
            "print(L.document_languages('der die das und ist nicht mit dem von zu'.split())[0], "
            "L._freqs('de', 'small').get('nicht') > 0, L._alphabet('de') >= set('äöüß'), 'wordfreq' in sys.modules)")
    env = dict(os.environ, TEXTFIX_CACHE_DIR=str(fresh_cache), PYTHONPATH=str(ROOT))
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split() == ["de", "True", "True", "True"]  # (built them)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert again.stdout.split() == ["de", "True", "True", "False"]
