"""Property tests: offsets and spans stay consistent on arbitrary input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bkkbn_nlp
from bkkbn_nlp.text.clean import clean

news_alphabet = st.sampled_from(
    list("abcdeKSTN .,;:!?\"'“”«»()-\n\t") + ["Baca juga: ", "Kendari (ANTARA) - ", "dll. ",
                                          "Kab. ", "10.000,50", "smartphone.Sebuah", "\u00a0",
                                          "\u200b", "<p>", "&amp;", "e\u0301", "\r\n"]
)
texts = st.one_of(st.text(max_size=300), st.lists(news_alphabet, max_size=80).map("".join))

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_clean_offsets_are_consistent(raw: str) -> None:
    art = clean(raw)
    assert art.text == art.text.strip()
    for r in art.removed:
        assert 0 <= r.raw_start <= r.raw_end <= len(raw)
        assert raw[r.raw_start : r.raw_end] == r.text
    prev = 0
    for i in range(len(art.text) + 1):
        r0, r1 = art.to_raw(i, i)
        assert 0 <= r0 <= len(raw)
        assert r0 >= prev  # the map is monotonic
        prev = r0


@SETTINGS
@given(texts)
def test_raw_offsets_map_back_to_the_same_cleaned_span(raw: str) -> None:
    art = clean(raw)
    start = 0
    for word in art.text.split():
        i = art.text.index(word, start)
        start = i + len(word)
        assert art.from_raw(*art.to_raw(i, start)) == (i, start)
    for r in art.removed:
        a, b = art.from_raw(r.raw_start, r.raw_end)
        assert a == b  # removed text has no cleaned counterpart


@SETTINGS
@given(texts)
def test_analysis_spans_are_consistent(raw: str) -> None:
    d = bkkbn_nlp.analyze(raw).to_dict()
    text = d["text"]
    for tok in d["tokens"]:
        assert 0 <= tok["start"] < tok["end"] <= len(text)
        assert text[tok["start"] : tok["end"]] == tok["text"]
    sents = d["sentences"]
    for s in sents:
        assert 0 <= s["start"] < s["end"] <= len(text)
    assert all(a["end"] <= b["start"] for a, b in zip(sents, sents[1:], strict=False))
    # sentences cover the tokens, in order
    i = 0
    for tok in d["tokens"]:
        while i < len(sents) and tok["start"] >= sents[i]["end"]:
            i += 1
        assert i < len(sents)
        assert sents[i]["start"] <= tok["start"] and tok["end"] <= sents[i]["end"]
