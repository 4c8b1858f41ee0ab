"""Results are byte-identical to the recorded digests (scripts/golden_results.py): a change that
is meant to keep behaviour (a refactor) must pass this; one that is meant to move results
re-writes the digests in the same commit."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("golden_results", ROOT / "scripts" / "golden_results.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_fixture_result_matches_its_digest() -> None:
    expected = dict(line.split("\t") for line in golden.DIGESTS.read_text("utf-8").splitlines())
    found = golden.digests(golden.NEWS, 0)
    assert found == {"fixture": expected["fixture"]}


@pytest.mark.skipif(not golden.NEWS.is_dir(), reason="needs ../shared/data/news")
def test_corpus_results_match_their_digests(capsys: pytest.CaptureFixture[str]) -> None:
    assert golden.main(["check"]) == 0, capsys.readouterr().out
