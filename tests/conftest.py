"""Shared fixtures: the default pipeline is loaded once per session."""

from __future__ import annotations

import json
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
