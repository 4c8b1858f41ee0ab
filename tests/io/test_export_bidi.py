"""The HTML export isolates user text: no input can reorder the page around it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bkkbn_nlp.io.export import to_html

RLO = "\u202e"


class _Isolation(HTMLParser):
    """Collects each text node with whether it sits inside a ``<bdi>`` or an element with
    a ``dir`` attribute, and the attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.nodes: list[tuple[str, bool, bool]] = []  # text, in <bdi>, in a dir element
        self.attrs: list[str] = []
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [v or "" for _, v in attrs]
        if tag not in ("meta", "br"):
            self.stack.append((tag, any(k == "dir" for k, _ in attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.stack]
        if "title" in tags:
            self.title.append(data)
        self.nodes.append((data, "bdi" in tags, any(d for _, d in self.stack)))


def _page(d: dict[str, object], **kwargs: str) -> _Isolation:
    parser = _Isolation()
    parser.feed(to_html(d, **kwargs))
    parser.close()
    return parser


def _hostile() -> dict[str, object]:
    text = (f"Kepala BKKBN Andi {RLO}Rahman berkata di Kendari.\n"
            "Paragraf kedua عربي tanpa kontrol.")
    start = text.index("Andi")
    return {"id": f"berita {RLO}1", "text": text,
            "entities": [{"start": start, "end": start + 12, "label": "PER",
                          "text": text[start:start + 12], "normalized": f"Andi {RLO}R"}],
            "quotes": [{"type": "indirect", "start": 0, "end": 20, "cue": None,
                        "speaker": {"name": f"Andi {RLO}Rahman", "role": f"Kepala{RLO}"}}],
            "dateline": {"place": f"Kendari{RLO}", "agency": None},
            "topics": [f"kesehatan{RLO}"]}


def test_every_text_node_with_a_reordering_character_is_isolated() -> None:
    page = _page(_hostile(), title=f"Judul {RLO}halaman")
    hostile = [n for n in page.nodes if re.search("[\u202a-\u202e\u0600-\u06ff]", n[0])]
    assert hostile, "the page shows the user's text"
    assert all(in_bdi for _, in_bdi, _ in hostile), [n for n in hostile if not n[1]]
    assert not any(RLO in v for v in page.attrs)
    assert RLO not in "".join(page.title)


def test_paragraphs_carry_dir_auto() -> None:
    page = to_html({"text": "Satu paragraf.\nDua paragraf."})
    assert page.count('<p dir="auto">') == 2


@pytest.mark.parametrize("text", ["Teks biasa tanpa kontrol.", "Harga naik 10 % di Jakarta."])
def test_plain_text_gets_no_bdi(text: str) -> None:
    assert "<bdi>" not in to_html({"text": text, "id": "a"})
