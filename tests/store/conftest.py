"""Store fixtures: the example corpus indexed once per session (read-only tests use it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bkkbn_nlp.store import Store

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "examples" / "corpus.jsonl"


def corpus_records() -> list[dict[str, Any]]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    return corpus_records()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    path = tmp_path_factory.mktemp("store") / "corpus.sqlite"
    with Store(path) as store:
        store.index([*corpus_records(), {"id": "broken", "text": None}], nlp=nlp, batch_size=4)
    return path


@pytest.fixture()
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path, readonly=True) as s:
        yield s
