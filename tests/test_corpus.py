"""The project's own sample corpus (corpus/manifest.toml), run through textfix.

For every sample: the clean text equals NAME.expected.txt byte for byte, the change log names
exactly the manifest's rules, the log replays the decoded input to the output, and cleaning
the output again changes nothing. Samples with `known_failure` are strict xfails: the day
textfix gets one right, the test fails until the manifest entry is updated.
See corpus/README.md; `python3 corpus/regenerate.py` shows the diffs.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

import textfix

_spec = importlib.util.spec_from_file_location(
    "corpus_regenerate", Path(__file__).resolve().parent.parent / "corpus" / "regenerate.py"
)
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus  # dataclasses look their module up there
_spec.loader.exec_module(corpus)

SAMPLES = corpus.load_samples()


def _param(sample):
    marks = ()
    if sample.known_failure:
        marks = pytest.mark.xfail(reason=sample.known_failure, strict=True, raises=AssertionError)
    return pytest.param(sample, id=sample.id, marks=marks)


def test_manifest_and_files_agree():
    assert corpus.unlisted_files(SAMPLES) == []


def test_corpus_is_not_trivial():
    assert len(SAMPLES) >= 26
    assert all("description" in s.meta and "rules" in s.meta for s in SAMPLES)


@pytest.mark.parametrize("sample", [_param(s) for s in SAMPLES])
def test_sample(sample):
    data = sample.read_input()
    result = textfix.clean(data, **sample.options)

    assert corpus.as_bytes(result.text) == sample.expected_path.read_bytes()
    assert {c.rule for c in result.changes} == sample.rules

    decoded = data if isinstance(data, str) else result.original
    assert decoded is not None
    assert textfix.replay(decoded, result.changes) == result.text
    assert result.changed == (decoded != result.text)

    again = textfix.clean(result.text, **sample.options)
    assert again.changes == []
    assert again.text == result.text

    if "flags" in sample.meta:
        assert {f.rule for f in result.flags} == set(sample.meta["flags"])
    if "encoding" in sample.meta:
        assert result.encoding == sample.meta["encoding"]


@pytest.mark.parametrize("sample", [pytest.param(s, id=s.id) for s in SAMPLES if s.rules_files])
def test_user_rule_packs_matter(sample):
    """A sample run with `rules_files` (user rule packs) must need them: without the packs,
    the output is different and none of the packs' rules is in the log."""
    options = dict(sample.options)
    config = {k: v for k, v in options.pop("config").items() if k != "rules"}
    if config:
        options["config"] = config
    without = textfix.clean(sample.read_input(), **options)
    assert corpus.as_bytes(without.text) != sample.expected_path.read_bytes()
    assert sample.rules - {c.rule for c in without.changes}
