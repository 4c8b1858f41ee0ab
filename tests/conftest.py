"""Shared fixtures: the default pipeline is loaded once per session."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
RAW_FIXTURE = FIXTURES / "antara_bkkbn_sultra_2019.txt"
GOLD_FIXTURE = FIXTURES / "antara_bkkbn_sultra_2019.gold.jsonl"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    return bkkbn_nlp.load()


@pytest.fixture(scope="session")
def raw_fixture() -> str:
    return RAW_FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    with open(GOLD_FIXTURE, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    assert len(records) == 1
    return records[0]


def flip_bytes(data: bytes, count: int = 200, seed: int = 25) -> bytes:
    """``data`` with ``count`` bytes at random places changed (a damaged file; fixed seed)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for i in rng.sample(range(len(out)), count):
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def raw_words(article: Any, raw: str) -> Iterator[tuple[str, int, int]]:
    """Each word of ``article.text`` (a cleaned Article of ``raw``) with the raw span
    ``(start, end)`` that ``article.to_raw`` maps it to."""
    start = 0
    for word in article.text.split():
        i = article.text.index(word, start)
        start = i + len(word)
        r0, r1 = article.to_raw(i, i + len(word))
        yield word, r0, r1
