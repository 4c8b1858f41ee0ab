"""Exports: CoNLL-U (parsed back with a small reader), HTML (escaped, balanced, complete)
and format_result."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bkkbn_nlp
from bkkbn_nlp.io.export import FORMATS, format_result, to_conllu, to_html
from bkkbn_nlp.io.schema import Analysis

# -- a minimal CoNLL-U reader -----------------------------------------------------------------


def read_conllu(text: str) -> list[dict[str, Any]]:
    """Sentences as ``{"comments": {key: value}, "rows": [10 columns]}``; asserts the shape."""
    assert text.endswith("\n\n") or text == ""
    sentences = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        comments, rows = {}, []
        for line in block.split("\n"):
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition(" = ")
                comments[key] = value
            else:
                cols = line.split("\t")
                assert len(cols) == 10, line
                assert all(c and c == c.strip() for c in cols), line
                rows.append(cols)
        assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
        sentences.append({"comments": comments, "rows": rows})
    return sentences


def misc(row: list[str]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in row[9].split("|"))


@pytest.fixture(scope="module")
def analysis(raw_fixture: str) -> Analysis:
    return bkkbn_nlp.analyze(raw_fixture)


def test_conllu_round_trip(analysis: Analysis) -> None:
    sents = read_conllu(to_conllu(analysis))
    assert len(sents) == len(analysis.sentences)
    rows = [r for s in sents for r in s["rows"]]
    assert [r[1] for r in rows] == [t.text for t in analysis.tokens]
    assert all(r[2:9] == ["_"] * 7 for r in rows)
    assert [s["comments"]["sent_id"] for s in sents] == [str(i + 1) for i in range(len(sents))]
    for s, span in zip(sents, analysis.sentences, strict=True):
        # '# text' is the sentence, rebuilt exactly from FORM and SpaceAfter=No
        rebuilt = "".join(r[1] + ("" if misc(r).get("SpaceAfter") == "No" else " ")
                          for r in s["rows"]).strip()
        assert s["comments"]["text"] == rebuilt == " ".join(
            analysis.text[span.start:span.end].split())


def test_conllu_bio_matches_entities(analysis: Analysis) -> None:
    sents = read_conllu(to_conllu(analysis))
    rows = [r for s in sents for r in s["rows"]]
    spans, current = [], None
    for row, tok in zip(rows, analysis.tokens, strict=True):
        tag = misc(row)["NER"]
        assert tag == "O" or tag[:2] in ("B-", "I-")
        if tag.startswith("I-"):
            assert current is not None and current[2] == tag[2:], "I- must continue an entity"
            current[1] = tok.end
            continue
        if current:
            spans.append(tuple(current))
        current = [tok.start, tok.end, tag[2:]] if tag.startswith("B-") else None
    if current:
        spans.append(tuple(current))
    assert spans == [(e.start, e.end, e.label) for e in analysis.entities]
    assert any(misc(r).get("SpaceAfter") == "No" for r in rows)


def test_conllu_ids_newdoc_and_no_sentences() -> None:
    d = {"id": "doc\t1", "text": "Andi tiba.\nIa pulang.", "tokens": [
        {"text": "Andi", "start": 0, "end": 4}, {"text": "tiba", "start": 5, "end": 9},
        {"text": ".", "start": 9, "end": 10}, {"text": "Ia", "start": 11, "end": 13}],
        "sentences": [], "entities": [{"start": 0, "end": 4, "label": "PER"}]}
    sents = read_conllu(to_conllu(d))
    assert len(sents) == 1                         # no sentence layer: one block, no loss
    assert sents[0]["comments"]["newdoc id"] == "doc 1"
    assert sents[0]["comments"]["sent_id"] == "doc 1-1"
    assert [misc(r)["NER"] for r in sents[0]["rows"]] == ["B-PER", "O", "O", "O"]
    assert to_conllu(bkkbn_nlp.analyze("")) == ""


# -- HTML ------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Checks tag balance and collects the article text outside labels and quote tags."""

    VOID = {"meta", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.articles = 0
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.script |= tag == "script"
        self.articles += tag == "article"
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        classes = [c for _, c in self.stack]
        in_text = any(c == "text" for c in classes)
        decoration = any(c in ("label",) or c.startswith("qtag") for c in classes)
        if in_text and not decoration:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


def test_html_shows_every_entity_and_quote_speaker(analysis: Analysis) -> None:
    page = to_html(analysis)
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>") and parsed.articles == 1
    # the marked-up text still reads as the article (labels and quote tags aside)
    assert "".join(parsed.text).replace("\n", "") == analysis.text.replace("\n", "")
    for e in analysis.entities:
        assert f'<mark class="ent {e.label}" title="{e.label}: ' in page
        assert e.text in page
    assert page.count('<mark class="ent ') >= len(analysis.entities)
    speakers = {q["speaker"]["name"] for q in analysis.quotes if q.get("speaker")}
    assert speakers
    for n, q in enumerate(analysis.quotes, 1):
        name = (q.get("speaker") or {}).get("name")
        assert f">Q{n} · {name}</span>" in page          # the tag in the text
        assert q["cue"]["text"] in page
    for label in ("PER", "ORG", "LOC", "direct quote", "indirect quote"):
        assert label in page                               # the legend


def test_html_escapes_markup_and_handles_overlaps() -> None:
    text = 'Kata <script>alert("x")</script> & Andi <b>Rahman</b>: "Datang," ujarnya.'
    a = text.index("Andi")
    q = text.index("Datang")
    d = {"text": text, "id": "<i>id</i>",
         "entities": [{"start": a, "end": text.index(":"), "label": "PER",
                       "text": text[a:text.index(":")], "normalized": "<x>"},
                      # straddles the quote's start: rendered in pieces, still balanced
                      {"start": q - 2, "end": q + 3, "label": 'ORG"><script>'}],
         "quotes": [{"type": "direct", "start": q, "end": q + 7, "text": "Datang,",
                     "cue": {"start": q + 9, "end": q + 16, "text": "ujarnya"},
                     "speaker": {"name": "<img src=x onerror=alert(1)>", "text": "ujarnya",
                                 "start": q + 9, "end": q + 16}}],
         "topics": [{"label": "<topic>", "score": 1.0}]}
    page = to_html(d)
    parsed = _parse(page)
    assert not parsed.script
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "Kata &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;i&gt;id&lt;/i&gt;" in page
    assert "".join(parsed.text) == text


def test_html_of_several_analyses_is_one_page(analysis: Analysis) -> None:
    page = to_html([analysis, bkkbn_nlp.analyze("Satu kalimat saja.")], title="Dua")
    parsed = _parse(page)
    assert parsed.articles == 2 and page.count("<html") == 1
    assert "<title>Dua</title>" in page and "No quotes found." in page


# -- format_result ---------------------------------------------------------------------------


def test_format_result_all_formats(analysis: Analysis) -> None:
    other = bkkbn_nlp.analyze("Satu. Dua.")
    assert json.loads(format_result(analysis, "json")) == analysis.to_dict()
    assert json.loads(format_result([analysis, other], "json"))[1] == other.to_dict()
    lines = format_result([analysis, other], "jsonl").splitlines()
    assert [json.loads(x) for x in lines] == [analysis.to_dict(), other.to_dict()]
    conllu = format_result([analysis, {"id": "b", **other.to_dict()}], "conllu")
    sents = read_conllu(conllu)
    assert len(sents) == len(analysis.sentences) + 2
    assert sents[0]["comments"]["newdoc id"] == "doc1"
    assert sents[-1]["comments"]["sent_id"] == "b-2"
    assert format_result(analysis, "conllu") == to_conllu(analysis)
    assert format_result(analysis, "html") == to_html(analysis)
    assert set(FORMATS) == {"json", "jsonl", "conllu", "html"}


def test_format_result_errors(analysis: Analysis) -> None:
    with pytest.raises(ValueError, match=r"E052.*conllu"):
        format_result(analysis, "xml")
    with pytest.raises(TypeError, match="E053"):
        format_result(42, "json")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="E053"):
        to_html(["not an analysis"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="E054"):
        to_conllu({"tokens": []})


# -- property: any spans give a balanced page that still reads as the text ----------------------

_TEXT = 'Kepala Dinas, Andi, berkata "ayo <b>kerja</b>" di Kendari.\nIa & kami pulang.'


@st.composite
def _spans(draw: Any, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(draw(st.integers(0, n))):
        a = draw(st.integers(0, len(_TEXT) - 1))
        b = draw(st.integers(a + 1, len(_TEXT)))
        out.append((a, b))
    return out


@settings(max_examples=60, deadline=None)
@given(ents=_spans(5), quotes=_spans(3), cues=_spans(3))
def test_html_any_spans_are_balanced_and_lossless(ents: list[tuple[int, int]],
                                                  quotes: list[tuple[int, int]],
                                                  cues: list[tuple[int, int]]) -> None:
    d = {"text": _TEXT,
         "entities": [{"start": a, "end": b, "label": "ORG"} for a, b in ents],
         "quotes": [{"type": "indirect" if i % 2 else "direct", "start": a, "end": b,
                     "cue": ({"start": cues[i][0], "end": cues[i][1]} if i < len(cues)
                             else None), "speaker": None}
                    for i, (a, b) in enumerate(quotes)]}
    parsed = _parse(to_html(d))
    assert "".join(parsed.text).replace("\n", "") == _TEXT.replace("\n", "")
    read_conllu(to_conllu({**d, "tokens": [{"start": i, "end": i + 1}
                                          for i, c in enumerate(_TEXT) if not c.isspace()]}))
