import pathlib

import pytest

SHARED_EVAL = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def eval_dir(name: str) -> pathlib.Path:
    """A folder of ../shared/eval, or skip the test when the evaluation data is absent."""
    path = SHARED_EVAL / name
    if not path.is_dir():
        pytest.skip(f"evaluation data {path} not present")
    return path
