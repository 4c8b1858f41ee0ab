"""The HTML pieces of the view: URLs, the SVG chart, search snippets, month series."""

from __future__ import annotations

from bkkbn_nlp.web.pages import Pager, month_series, page_number
from bkkbn_nlp.web.render import article_html, bar_chart, snippet_html, url


def test_urls_quote_the_whole_key() -> None:
    assert url("home") == "/"
    assert url("person", 4) == "/person/4"
    assert url("article", "a/b?c#d e") == "/article/a%2Fb%3Fc%23d%20e"
    assert url("agency", "agency:bkkbn@region:74") == "/agency/agency%3Abkkbn%40region%3A74"
    assert url("search", q="kerja sama", page=None) == "/search?q=kerja+sama"


def test_the_chart_is_escaped_svg_with_one_bar_per_period() -> None:
    svg = bar_chart([("2019-01", 3), ("<b>", 0), ("2019-03", 1)], title='a "t" <x>')
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert svg.count("<rect") == 3
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert 'aria-label="a &quot;t&quot; &lt;x&gt;"' in svg
    assert "2019-01: 3 articles" in svg and "2019-03: 1 article<" in svg
    assert "<script" not in svg and "style=" not in svg
    assert bar_chart([], title="none") == ""


def test_snippets_mark_the_matched_words_and_escape_the_rest() -> None:
    assert snippet_html("kerja [sama] <b>x</b>") == (
        'kerja <mark class="hit">sama</mark> &lt;b&gt;x&lt;/b&gt;')
    assert snippet_html(None) == ""


def test_months_without_articles_are_filled_in() -> None:
    rows = [{"month": "2019", "articles": 1}, {"month": "2019-11", "articles": 2},
            {"month": "2020-02", "articles": 1}]
    assert month_series(rows) == [("2019", 1), ("2019-11", 2), ("2019-12", 0),
                                  ("2020-01", 0), ("2020-02", 1)]
    assert month_series([]) == []


def test_page_numbers_are_clamped() -> None:
    assert [page_number(v) for v in ("1", "3", "0", "-2", "x", "", "99999")] == [
        1, 3, 1, 1, 1, 1, 100]
    assert Pager(1, True).next == 2 and Pager(1, True).previous is None
    assert Pager(100, True).next is None


def test_an_article_without_text_renders_nothing() -> None:
    assert article_html({"text": None, "quotes": [], "entities": []}) == ""


def test_quote_tags_link_to_the_speaker_only_when_a_person_is_known() -> None:
    text = 'Budi Santoso mengatakan harga turun. "Stok aman," kata dia.'
    article = {"text": text, "entities": [], "quotes": [
        {"type": "indirect", "start": 24, "end": 35, "cue_start": 13, "cue_end": 23,
         "person_id": 7, "person": "Budi Santoso", "speaker_name": "Budi Santoso",
         "speaker_text": "Budi Santoso"},
        {"type": "direct", "start": 38, "end": 48, "cue_start": None, "cue_end": None,
         "person_id": None, "person": None, "speaker_name": None, "speaker_text": "dia"}]}
    out = article_html(article)
    assert '<a class="qtag indirect" href="/person/7">Q1 · Budi Santoso</a>' in out
    assert '<span class="qtag direct">Q2 · dia</span>' in out


def test_whole_store_aggregates_are_kept_until_the_store_changes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bkkbn_nlp.web.app import _StoreMemo

    db = tmp_path / "s.sqlite"
    db.write_bytes(b"one")
    memo = _StoreMemo(db)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo("n", compute) == 1 and memo("n", compute) == 1
    (tmp_path / "s.sqlite-wal").write_bytes(b"a write")  # an index run's commit
    assert memo("n", compute) == 2 and memo("n", compute) == 2
    assert len(calls) == 2
