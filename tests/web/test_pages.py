"""The browser view through Starlette's test client: every kind of page, 404s, escaping of
hostile titles and quotes, read-only, pagination, errors without tracebacks."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bkkbn_nlp.store import Store, StoreError
from bkkbn_nlp.web import pages
from bkkbn_nlp.web.app import HEADERS, create_app
from bkkbn_nlp.web.render import url

from .conftest import HOSTILE


def visible(page: str) -> str:
    """The text of a page without tags, whitespace collapsed (roughly what a person reads)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_home_shows_counts_speakers_topics_organisations_and_articles(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    text = visible(r.text)
    assert "7 articles" in text and "1 not analysed" in text
    assert "Most quoted people" in text and "Ratna Kusumawardani" in text
    assert 'href="/person/' in r.text and 'href="/topic/kesehatan"' in r.text
    assert 'href="/agency/agency%3Adinkes%40region%3A74.71"' in r.text
    assert "Harga beras di Baubau mulai turun" in text


def test_article_page_highlights_entities_and_quotes_and_links_speakers(
        client: TestClient) -> None:
    r = client.get(url("article", "contoh-kb-2019-08"))
    assert r.status_code == 200
    assert "Muna tambah Kampung KB untuk tekan stunting" in visible(r.text)
    assert '<mark class="ent PER"' in r.text and '<mark class="ent ORG"' in r.text
    assert '<span class="quote direct"' in r.text and '<span class="cue"' in r.text
    # the tag of a quote in the text links to its speaker, as does the quote table
    person = re.search(r'<a class="qtag (direct|indirect)" href="(/person/\d+)">Q1', r.text)
    assert person is not None
    assert client.get(person.group(2)).status_code == 200
    assert re.search(r'<tr id="q-\d+">', r.text)
    assert 'href="/topic/kependudukan_kb"' in r.text
    assert '<p dir="auto">' in r.text


def test_article_that_failed_shows_its_error(client: TestClient) -> None:
    r = client.get("/article/broken")
    assert r.status_code == 200
    assert "Not analysed: [E001]" in visible(r.text)


def test_person_page_lists_roles_topics_and_quotes(client: TestClient, web_db: Path) -> None:
    with Store(web_db, readonly=True) as store:
        pid = store.people(name="Ratna Kusumawardani")[0]["id"]
    r = client.get(url("person", pid))
    assert r.status_code == 200
    text = visible(r.text)
    assert "Ratna Kusumawardani" in text
    assert "Roles and organisations over time" in text and "Kepala" in text
    assert "Dinas Kesehatan Kota Kendari" in text and "2019-05-14" in text
    assert 'href="/topic/kesehatan"' in r.text
    assert "Posyandu remaja di Kendari sudah berjalan di 40 kelurahan" in text
    assert r.text.count('<li class="quote-item') == 7  # 5 in the corpus, 2 hostile


def test_agency_page_lists_people_quotes_and_mentions(client: TestClient) -> None:
    r = client.get(url("agency", "agency:bkkbn"))
    assert r.status_code == 200
    text = visible(r.text)
    assert "(with its regional offices)" in text
    assert "Mustakim" in text and "Agusalim" in text
    assert "Keberhasilan BKKBN dalam kendalikan angka kelahiran" in text
    assert "BKKBN Sultra gelar pertemuan kelompok kerja advokasi KKBPK" in text
    named = client.get(url("agency", "Raha"))  # an organisation without a kb id
    assert named.status_code == 200 and "Muna tambah Kampung KB" in visible(named.text)


def test_topic_page_has_an_svg_chart_of_articles_per_month(client: TestClient) -> None:
    r = client.get(url("topic", "kesehatan"))
    assert r.status_code == 200
    svg = re.search(r"<svg [^>]*class=\"chart\".*?</svg>", r.text, flags=re.S)
    assert svg is not None
    assert svg.group(0).count("<rect") == 6  # 2019-05 to 2019-10, empty months too
    assert "2019-05: 1 article" in svg.group(0) and "2019-06: 0 articles" in svg.group(0)
    text = visible(r.text)
    assert "Ratna Kusumawardani" in text and "kabarsultra.example" in text
    known_but_unused = client.get(url("topic", "olahraga"))
    assert known_but_unused.status_code == 200
    assert "No article has this topic." in visible(known_but_unused.text)


def test_search_finds_titles_quotes_and_people(client: TestClient) -> None:
    r = client.get(url("search", q="posyandu remaja"))
    assert r.status_code == 200
    assert '<mark class="hit">posyandu</mark>' in r.text.lower()
    assert 'href="/article/contoh-kb-2019-08#q-' in r.text
    assert "Muna tambah" in visible(client.get(url("search", q="stunting")).text)
    people = client.get(url("search", q="ratna"))
    assert re.search(r'<a class="person chip" href="/person/\d+">.*Ratna', people.text)
    assert "No title or quote has all of these words." in visible(
        client.get(url("search", q="zzzzqqq")).text)
    empty = client.get("/search?q=")
    assert empty.status_code == 200 and "Type words" in visible(empty.text)
    # FTS syntax and quotes in the input are only words
    assert client.get(url("search", q='"NEAR( OR *')).status_code == 200


@pytest.mark.parametrize("path", [
    "/article/nope", "/person/99999", "/person/abc", "/person/-1",
    "/person/99999999999999999999999", "/agency/agency:nope", "/agency/Nothing%20Here",
    "/topic/nope", "/nothing/here", "/static/nope.css"])
def test_unknown_ids_are_404_pages(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "404" in visible(r.text) and "Back to the corpus" in visible(r.text)


def test_hostile_title_and_quote_are_escaped_everywhere(client: TestClient) -> None:
    article = client.get(url("article", HOSTILE["id"]))
    assert article.status_code == 200
    for page in [article, client.get("/"), client.get(url("search", q="alert")),
                 client.get(url("search", q="puskesmas"))]:
        assert page.status_code == 200
        assert "<script" not in page.text.lower()
        assert "<b>&x" not in page.text and "<i>outlet" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.text  # the quote, shown
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article.text
    assert "&lt;i&gt;outlet&lt;/i&gt;" in article.text
    # the right-to-left override stays inside an isolate, and out of the <title>
    assert re.search(r"<bdi>[^<]*\u202e[^<]*</bdi>", article.text)
    title = re.search(r"<title>(.*?)</title>", article.text, flags=re.S)
    assert title is not None and "\u202e" not in title.group(1)
    # an id with /, <, &, ? and # is one path segment, quoted
    assert 'href="/article/hostile%2F%3Cb%3E%26x%3Fy%23z"' in client.get("/").text


def test_every_response_forbids_scripts_and_framing(client: TestClient) -> None:
    for path in ["/", "/article/nope", "/static/style.css"]:
        r = client.get(path)
        for name, value in HEADERS.items():
            assert r.headers[name] == value
    assert "script-src" not in HEADERS["content-security-policy"]  # default-src 'none'


def test_the_view_is_read_only(client: TestClient, web_db: Path) -> None:
    before = hashlib.sha256(web_db.read_bytes()).hexdigest()
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/article/contoh-kb-2019-08")
        assert r.status_code == 405, method
        assert "read-only" in visible(r.text)
    assert client.post("/search", data={"q": "x"}).status_code == 405
    with Store(web_db, readonly=True) as store, pytest.raises(sqlite3.OperationalError,
                                                               match="readonly"):
        store.con.execute("DELETE FROM articles")
    assert hashlib.sha256(web_db.read_bytes()).hexdigest() == before


def test_long_lists_come_a_page_at_a_time(client: TestClient,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PER_PAGE", 2)
    first = client.get("/")
    assert first.text.count('<a class="article"') == 2
    assert 'href="/?page=2"' in first.text
    third = client.get("/?page=3")
    assert third.text.count('<a class="article"') == 2
    assert 'href="/?page=2"' in third.text and 'href="/?page=4"' in third.text
    assert client.get("/?page=abc").text.count('<a class="article"') == 2
    assert client.get("/?page=100000").status_code == 200
    person = client.get(url("search", q="ratna"))
    assert person.status_code == 200


def test_a_failure_is_a_500_page_without_a_traceback(client: TestClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(pages, "home", broken)
    r = client.get("/")
    assert r.status_code == 500
    assert "Traceback" not in r.text and "secret detail" not in r.text
    assert "Something went wrong" in visible(r.text)


def test_requests_for_another_host_are_refused(web_db: Path) -> None:
    app = create_app(web_db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "rebound.example"}).status_code == 400


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="E100"):
        create_app(bad)
    with pytest.raises(StoreError, match="E100"):
        create_app(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
