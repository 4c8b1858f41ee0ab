"""Hostile input (issue 7): fuzzing of ``clean``, the tokenizer and ``analyze``.

``tests/test_properties.py`` covers short news-like text; this file throws what scrapers and
attackers produce: any Unicode (control characters, lone surrogates, private use, every
script), 10,000-character tokens, floods of quotation marks, nested and unbalanced quotes,
HTML and markup, and one 5 MB article. Only documented exceptions may come out (``TypeError``
E001 for non-text), and every offset must hold:

* ``Article.removed`` records the raw text it removed, ``Article.to_raw`` maps every cleaned
  span into the raw text, monotonically;
* tokens, sentences, entities and quotes (with cue, speaker and other parts) lie inside the
  cleaned text and ``text[start:end]`` is the text they report; sentences come in order and
  do not overlap.

It also checks that threads calling ``analyze`` at once get the serial results, and holds
the regression tests of the quadratic-time patterns that ``benchmarks/bench_adversarial.py``
found (small inputs, checking results, not time).
"""

from __future__ import annotations

import concurrent.futures
import json
import random
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bkkbn_nlp
from bkkbn_nlp.text.clean import Article, clean

# --------------------------------------------------------------------------- strategies

QUOTES = list("\"'“”‘’«»„‹›`")
WORDS = ["Kepala", "BKKBN", "Andi", "Wijaya", "kata", "mengatakan", "ujarnya", "bahwa",
         "program", "berjalan", "Kab.", "Drs.", "10.000,50", "Sultra", "ia", "-nya", ",", ".",
         "?", "!", "…", "(", ")", "-", "—", " ", " ", " ", "\n", "\n\n"]
SCRIPTS = ["Jakarta", "北京市", "القاهرة", "Москва", "दिल्ली", "ไทย", "한국어", "Ελλάδα", "עברית",
           "😀", "👍🏽", "👨‍👩‍👧", "e\u0301", "\u200f", "\u202e", "\u2066", "\ufeff", "ﬁ", "Ｋ",
           "\u0301\u0302\u0303", "\U0001d400", "\ue000"]

# any code point: control characters, format characters, unassigned, private use and lone
# surrogates (a str can hold them even though they are not valid text)
any_char = st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs"]),
                     st.characters(categories=["Cc", "Cf", "Zl", "Zp"]))
any_text = st.text(any_char, max_size=400)

words = st.sampled_from(WORDS)


@st.composite
def long_tokens(draw: st.DrawFn) -> str:
    """A 2,000-10,000 character token (no spaces) inside a short sentence."""
    unit = draw(st.one_of(st.text(any_char, min_size=1, max_size=3), st.sampled_from(
        ["a", ".", "-", "'", '"', "(", "a.", "A-", "10.", "<", "&", "@", "/"])))
    unit = "".join(c for c in unit if not c.isspace()) or "x"
    n = draw(st.integers(2_000, 10_000))
    token = (unit * (n // len(unit) + 1))[:n]
    return f"{draw(words)} kata Andi {token} {draw(words)}."


@st.composite
def quote_floods(draw: st.DrawFn) -> str:
    """Hundreds to thousands of quotation marks, alone or between words."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(QUOTES), words), min_size=1, max_size=6))
    if not any(p in QUOTES for p in pieces):
        pieces.append(draw(st.sampled_from(QUOTES)))
    times = draw(st.integers(200, 1_500))
    return "".join(pieces) * times


def _quoted(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    opening = st.sampled_from(["\"", "“", "‘", "'", "«", "„"])
    closing = st.sampled_from(["\"", "”", "’", "'", "»", ""])  # "" leaves the quote open
    return st.tuples(opening, st.lists(inner, min_size=1, max_size=3).map(" ".join), closing,
                     st.sampled_from([", kata Andi.", " ujarnya.", "", ".", "\n"])
                     ).map("".join)


nested_quotes = st.recursive(words, _quoted, max_leaves=25).map(lambda s: "Ia berkata, " + s)

TAGS = ["p", "div", "span", "a href='x'", "b", "script", "style", "br/", "table", "li",
        "noscript", "h1", "img src=x"]


def _markup(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(TAGS)
    element = st.tuples(tag, st.lists(inner, max_size=3).map(" ".join), st.booleans()).map(
        lambda t: f"<{t[0]}>{t[1]}" + (f"</{t[0].split()[0]}>" if t[2] else ""))
    comment = st.tuples(st.lists(inner, max_size=2).map(" ".join), st.booleans()).map(
        lambda t: "<!--" + t[0] + ("-->" if t[1] else ""))
    return st.one_of(element, comment)


markup = st.recursive(
    st.one_of(words, st.sampled_from(["&amp;", "&nbsp;", "&#8220;", "&#x201d;", "&bogus;",
                                      "&", "<", ">", "</", "<!", "<!--", "-->", "Baca juga: x\n"])),
    _markup, max_leaves=30,
)
mixed_scripts = st.lists(st.one_of(st.sampled_from(SCRIPTS), words), max_size=80).map("".join)

hostile = st.one_of(any_text, long_tokens(), quote_floods(), nested_quotes, markup,
                    mixed_scripts,
                    st.lists(st.one_of(any_text, mixed_scripts, nested_quotes, markup),
                             max_size=4).map("\n".join))

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- invariants


def _positions(n: int, limit: int = 4_000) -> range:
    """Every position of a short text, an even sample of a long one."""
    return range(0, n + 1, max(1, n // limit))


def check_article(raw: str, art: Article) -> None:
    """Removals and the offset map of a cleaned article are consistent with ``raw``."""
    text = art.text
    assert text == text.strip()
    text.encode("utf-8")  # valid text: no surrogates left
    for r in art.removed:
        assert 0 <= r.raw_start <= r.raw_end <= len(raw)
        assert raw[r.raw_start : r.raw_end] == r.text
    prev = 0
    for i in _positions(len(text)):
        r0, r1 = art.to_raw(i, i)
        assert 0 <= r0 == r1 <= len(raw)
        assert r0 >= prev  # monotonic
        prev = r0
    for i in _positions(len(text) - 1):
        if i < len(text):
            r0, r1 = art.to_raw(i, i + 1)
            assert 0 <= r0 < r1 <= len(raw) or text[i].isspace()


def _visible(s: str) -> str:
    """The ASCII letters and digits of ``s`` after NFC (what survives cleaning verbatim)."""
    return "".join(c for c in unicodedata.normalize("NFC", s) if c.isascii() and c.isalnum())


def check_tokens_map_back(raw: str, art: Article, spans: list[tuple[int, int]]) -> None:
    """Each cleaned span maps back into the raw text; for plain text (no markup or entities)
    a span of ASCII letters and digits maps to raw text with the same letters and digits."""
    plain = "<" not in raw and "&" not in raw and "(" not in raw
    for start, end in spans:
        r0, r1 = art.to_raw(start, end)
        assert 0 <= r0 < r1 <= len(raw)
        piece = art.text[start:end]
        if plain and piece.isascii() and piece.isalnum():
            assert _visible(raw[r0:r1]) == piece, (piece, raw[r0:r1])


def _check_span(text: str, span: dict[str, Any], has_text: bool = True) -> None:
    assert 0 <= span["start"] <= span["end"] <= len(text), span
    if has_text:
        assert text[span["start"] : span["end"]] == span["text"], span


def check_analysis(raw: str, result: Any, *, art: Article | None = None,
                   other_parts: bool = True) -> None:
    """Every span of an analysis lies inside its text and reports that text."""
    d = result.to_dict()
    json.dumps(d, ensure_ascii=False).encode("utf-8")  # the JSON is valid UTF-8
    text = d["text"]
    art = art or clean(raw)
    assert art.text == text
    for r in d["removed"]:
        assert raw[r["raw_start"] : r["raw_end"]] == r["text"]
    tokens = d["tokens"]
    for tok in tokens:
        _check_span(text, tok)
        assert tok["start"] < tok["end"]
    assert all(a["end"] <= b["start"] for a, b in zip(tokens, tokens[1:], strict=False))
    sents = d["sentences"]
    for s in sents:
        _check_span(text, s, has_text=False)
        assert s["start"] < s["end"]
    assert all(a["end"] <= b["start"] for a, b in zip(sents, sents[1:], strict=False))
    for e in d["entities"]:
        _check_span(text, e)
        assert e["start"] < e["end"] and e["label"] in ("PER", "ORG", "LOC")
    for q in d["quotes"]:
        _check_span(text, q)
        for key in ("cue", "speaker"):
            if q.get(key) is not None:
                _check_span(text, q[key])
        for part in (q.get("other_parts") or ()) if other_parts else ():
            _check_span(text, part)
    spans = [(t["start"], t["end"]) for t in tokens]
    spans += [(e["start"], e["end"]) for e in d["entities"]]
    spans += [(s["start"], s["end"]) for s in sents]
    check_tokens_map_back(raw, art, spans)


def check_doc(text: str, doc: Any) -> None:
    """A tokenized Doc covers its text exactly, token by token."""
    assert doc.text == text
    pos = 0
    for tok in doc:
        assert tok.idx == pos
        assert text[tok.idx : tok.idx + len(tok)] == tok.text
        pos = tok.idx + len(tok.text_with_ws)
    assert pos == len(text)


# --------------------------------------------------------------------------- fuzzing


@FAST
@given(hostile)
def test_clean_keeps_offsets_on_hostile_input(raw: str) -> None:
    check_article(raw, clean(raw))


@FAST
@given(hostile)
def test_tokenizer_covers_hostile_text(nlp, raw: str) -> None:  # type: ignore[no-untyped-def]
    text = clean(raw).text
    check_doc(text, nlp.tokenizer(text))
    # the tokenizer on raw text too, once invalid surrogates are out (spaCy cannot encode
    # them: clean() replaces them)
    valid = raw.encode("utf-8", "replace").decode("utf-8")
    check_doc(valid, nlp.tokenizer(valid))


@SLOW
@given(hostile)
def test_analyze_keeps_offsets_on_hostile_input(nlp, raw: str) -> None:  # type: ignore[no-untyped-def]
    check_analysis(raw, bkkbn_nlp.analyze(raw, nlp=nlp))


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(), st.integers(), st.none(), st.floats(), st.lists(st.text()),
                 st.dictionaries(st.text(), st.text())))
def test_non_text_gives_the_documented_error(nlp, value: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match=r"\[E001\]"):
        clean(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\[E001\]"):
        bkkbn_nlp.analyze(value, nlp=nlp)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- explicit cases

FLOODS = {
    "straight": '"' * 5_000,
    "curly_unbalanced": "“" * 3_000 + "”" * 1_000,
    "alternating_words": '"a" ' * 2_000,
    "open_in_every_paragraph": 'Ia berkata, "Kita mulai\n' * 1_500,
    "single_marks": "'" * 2_000 + " Jum'at " + "’" * 2_000,
    "guillemets_nested": "«" * 1_000 + "kata Andi" + "»" * 999,
}


@pytest.mark.parametrize("raw", list(FLOODS.values()), ids=list(FLOODS))
def test_thousands_of_quote_marks(nlp, raw: str) -> None:  # type: ignore[no-untyped-def]
    check_analysis(raw, bkkbn_nlp.analyze(raw, nlp=nlp))


def _paragraph(i: int, rng: random.Random) -> str:
    """An invented news paragraph (no corpus text); the number keeps paragraphs unique."""
    name = rng.choice(["Andi Wijaya", "Siti Rahma", "Budi Santoso", "Dewi Lestari"])
    place = rng.choice(["Kendari", "Kabupaten Konawe", "Jawa Barat", "Kota Bogor"])
    forms = [
        f'"Program nomor {i} di {place} berjalan baik," kata {name}, Kepala Dinas {i}.',
        f"Kepala BKKBN {place}, {name}, mengatakan bahwa target ke-{i} tercapai.",
        f"Program ke-{i}, kata {name}, senantiasa berjalan di {place}.",
        f"Menurut {name}, anggaran Rp{i}.000,50 dipakai untuk {place}.",
        f"Drs. {name}, M.Si. hadir di Kab. {place} pada hari ke-{i}. Ia pulang.",
        f"Anggaran kegiatan ke-{i} naik dibanding tahun lalu.",
        f"Rapat koordinasi ke-{i} digelar pada Senin pagi.",
        f"Sebanyak {i} keluarga menerima bantuan; data dll. diperbarui.",
    ]
    return " ".join(rng.sample(forms, 3))


def _five_megabyte_article() -> str:
    """A 5 MB scrape: about 150 KB of unique paragraphs in HTML (two chunks for the
    pipeline), the body scraped again and again, related-article lines, scripts and
    comments; cleaning removes most of it."""
    rng = random.Random(7)
    unique = [_paragraph(i, rng) for i in range(750)]
    parts = ["Kendari (ANTARA) - "]
    for i, p in enumerate(unique):
        parts.append(f"<p>{p}</p>\n")
        if i % 50 == 0:
            parts.append("Baca juga: Berita lain yang terkait\n<!-- iklan -->"
                         "<script>var x = '<p>';</script>\n")
    body = "".join(parts)
    repeat = "".join(f"<p>{p}</p>\n" for p in unique[:200])
    raw = body
    while len(raw) < 5_000_000:
        raw += repeat
    return raw


def test_five_megabyte_article(nlp) -> None:  # type: ignore[no-untyped-def]
    raw = _five_megabyte_article()
    assert len(raw) >= 5_000_000
    art = clean(raw)
    check_article(raw, art)
    from bkkbn_nlp.api import CHUNK_CHARS

    # the repeats are gone, the unique text is kept (more than one chunk of it)
    assert CHUNK_CHARS < len(art.text) < 300_000
    assert {r.kind for r in art.removed} >= {"dateline", "duplicate_paragraph",
                                             "related_link", "markup"}
    result = bkkbn_nlp.analyze(raw, nlp=nlp)
    # other_parts: see test_quote_parts_in_later_chunks_point_into_the_text
    check_analysis(raw, result, art=art, other_parts=False)
    assert len(result.sentences) > 1_500
    assert result.quotes and result.entities
    # the text is analysed in chunks: results reach the end of the text
    assert result.tokens[-1].end == len(result.text)
    assert result.sentences[-1].end == len(result.text)


def test_quote_parts_in_later_chunks_point_into_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    from bkkbn_nlp.api import CHUNK_CHARS

    rng = random.Random(3)
    paragraphs: list[str] = []
    while sum(len(p) + 1 for p in paragraphs) < CHUNK_CHARS * 1.3:
        paragraphs.append(_paragraph(len(paragraphs), rng))
    result = bkkbn_nlp.analyze("\n".join(paragraphs), nlp=nlp)
    later = [q for q in result.quotes if q["start"] > CHUNK_CHARS and q.get("other_parts")]
    assert later  # split quotes in the second chunk (this holds with the bug too)
    for q in later:
        for p in q["other_parts"]:
            assert result.text[p["start"] : p["end"]] == p["text"]


# --------------------------------------------------------------------------- threads


def test_threads_give_the_serial_results(nlp, raw_fixture: str) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    articles = [raw_fixture] + [
        "\n".join(_paragraph(i * 10 + k, rng) for k in range(rng.randint(1, 8)))
        for i in range(23)
    ]
    serial = [bkkbn_nlp.analyze(a, nlp=nlp).to_json() for a in articles]
    work = articles * 3
    rng.shuffle(work)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda a: bkkbn_nlp.analyze(a, nlp=nlp).to_json(), work))
    expected = dict(zip(articles, serial, strict=True))
    for article, got in zip(work, threaded, strict=True):
        assert got == expected[article]


def test_threads_share_the_default_pipeline() -> None:
    # analyze() without nlp loads the cached default pipeline once, even when threads race
    texts = [f"Kepala BKKBN, Andi Wijaya, mengatakan program ke-{i} berjalan." for i in range(8)]
    serial = [bkkbn_nlp.analyze(t).to_json() for t in texts]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda t: bkkbn_nlp.analyze(t).to_json(), texts)) == serial


# --------------------------------------------------------------------------- regressions
# Patterns that took quadratic time before (found by benchmarks/bench_adversarial.py).
# Modest sizes; the tests check the results, the benchmark checks the time.


def test_long_space_run_is_collapsed() -> None:
    # "[ \t]+\n" retried the whole run from every space when no newline followed
    raw = "Awal" + " " * 20_000 + "akhir.\nBaris" + " \t" * 5_000 + "\nDua"
    art = clean(raw)
    assert art.text == "Awal akhir.\nBaris\nDua"
    check_article(raw, art)


def test_unclosed_comments_are_kept_as_text() -> None:
    # "<!--.{0,200000}?-->" rescanned the rest of the text for every unclosed "<!--"
    raw = "<p>Awal</p>" + "<!-- a " * 3_000
    art = clean(raw)
    assert art.text == "Awal\n" + ("<!-- a " * 3_000).strip()
    assert not any(r.kind == "markup" for r in art.removed)


def test_comment_closed_after_many_openings_is_dropped_whole() -> None:
    raw = "<p>x</p>" + "<!-- a " * 3_000 + "-->y"
    art = clean(raw)
    assert art.text == "x\ny"
    (markup,) = [r for r in art.removed if r.kind == "markup"]
    assert markup.raw_start == len("<p>x</p>") and markup.raw_end == len(raw) - 1


def test_unclosed_scripts_lose_only_their_tags() -> None:
    raw = "<p>Awal</p>" + "<script>x " * 3_000
    assert clean(raw).text == "Awal\n" + ("x " * 3_000).strip()
    closed = raw + "</SCRIPT >akhir"
    assert clean(closed).text == "Awal\nakhir"


def test_comment_longer_than_the_limit_is_not_dropped() -> None:
    from bkkbn_nlp.text.clean import _MAX_DROPPED_CHARS

    raw = "<p>a</p><!--" + "b" * (_MAX_DROPPED_CHARS + 1) + "-->c"
    assert clean(raw).text.endswith("-->c")


def test_glued_sentences_without_spaces() -> None:
    # the token around each glued period was searched from its start again for every match
    raw = "smartphone.Sebuah" * 3_000
    assert clean(raw).text == "smartphone. Sebuah" * 3_000
    # a URL-like token is left alone, however long
    url = "www.contoh.com/" + "smartphone.Sebuah" * 1_000
    assert clean(url).text == url
    # the paragraph's quote count still decides which side a straight quote goes to
    assert clean('Ia bilang "tercapai."Kita' + ' lalu.Kata "ya."Ini' * 500).text.startswith(
        'Ia bilang "tercapai." Kita lalu. Kata "ya." Ini')


def test_surrogates_become_valid_text() -> None:
    raw = "Ketua \ud800 berkata \ud83d\ude00 baik\udfff."
    art = clean(raw)
    assert art.text == "Ketua \ufffd berkata \U0001f600 baik\ufffd."
    assert art.to_raw(art.text.index("\U0001f600"), art.text.index("\U0001f600") + 1) == (
        raw.index("\ud83d"), raw.index("\ud83d") + 2)
    check_article(raw, art)
    result = bkkbn_nlp.analyze(raw)
    assert [t.text for t in result.tokens][:2] == ["Ketua", "\ufffd"]


def test_long_punctuation_runs_keep_one_mark_per_token(nlp) -> None:  # type: ignore[no-untyped-def]
    # spaCy's affix loop searched the whole remaining string for every mark it peeled off
    for mark in ["-", '"', "(", "“"]:
        doc = nlp.tokenizer(f"kata {mark * 2_000} ya")
        assert [t.text for t in doc] == ["kata", *[mark] * 2_000, "ya"]
    doc = nlp.tokenizer("Bersambung" + "." * 40)
    assert doc[0].text == "Bersambung" and "".join(t.text for t in doc[1:]) == "." * 40


def test_stretch_without_spaces_over_the_limit_is_one_token(nlp) -> None:  # type: ignore[no-untyped-def]
    from bkkbn_nlp.text.tokenizer import MAX_SPLIT_CHARS

    long = "(" + "a-B," * (MAX_SPLIT_CHARS // 4) + ")"
    doc = nlp.tokenizer(f"kata {long} ya")
    assert [t.text for t in doc] == ["kata", long, "ya"]
    assert len(nlp.tokenizer(long[:100])) > 3
    # without punctuation at its ends a long stretch is still split at its infixes
    assert [t.text for t in nlp.tokenizer("a" * 20_000 + "-B")] == ["a" * 20_000, "-", "B"]


def test_tokenizer_keeps_its_linear_affixes_through_serialization(nlp) -> None:  # type: ignore[no-untyped-def]
    import pickle

    from bkkbn_nlp.text.tokenizer import NewsTokenizer, build_tokenizer

    assert isinstance(nlp.tokenizer, NewsTokenizer)
    fresh = build_tokenizer(nlp)
    fresh.from_bytes(nlp.tokenizer.to_bytes())
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    text = 'Plt. Kepala Kab. Konawe, "anak-anak" (TNI-BKKBN) ' + "-" * 3_000
    expected = [t.text for t in nlp.tokenizer(text)]
    for tok in (fresh, copy):
        assert type(tok.suffix_search.__self__).__name__ == "_SuffixSearch"
        assert [t.text for t in tok(text)] == expected
