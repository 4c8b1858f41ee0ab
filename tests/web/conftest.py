"""Web view fixtures: the example corpus plus a hostile article, indexed once per session,
and a test client of the view on it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra (pip install 'bkkbn_nlp[serve]')")

from starlette.testclient import TestClient  # noqa: E402

from bkkbn_nlp.store import Store  # noqa: E402
from bkkbn_nlp.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "examples" / "corpus.jsonl"

#: A title with markup and a right-to-left override; a quote whose text (after cleaning
#: turns the entities into characters) is a script element.
HOSTILE_TITLE = '<script>alert("title")</script> Judul \u202eterbalik'
HOSTILE = {
    "id": "hostile/<b>&x?y#z",
    "source": "<i>outlet</i>",
    "date": "2019-10-01",
    "title": HOSTILE_TITLE,
    "text": ("Kepala Dinas Kesehatan Kota Kendari, Ratna Kusumawardani, mengatakan program "
             "berjalan baik di Kendari.\n\"Kami siap &lt;script&gt;alert(1)&lt;/script&gt; "
             "membantu semua puskesmas,\" kata Ratna."),
}


def corpus_records() -> list[dict[str, Any]]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.sqlite"
    with Store(path) as store:
        store.index([*corpus_records(), HOSTILE, {"id": "broken", "text": None}], nlp=nlp)
    return path


@pytest.fixture()
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c
