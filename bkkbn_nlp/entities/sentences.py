"""The entity-labelled sentences of other outlets and years (``data/annotations/entities/
sentences``, issue 21): reading them, rebuilding the texts that are not committed, the
train / dev / test split by source and article, desk tags and case-altered copies.

Each line of ``sentences_batch_N.jsonl`` is ``{"id", "source", "text"`` (kumparan only)``,
"text_sha1", "entities": [{"start", "end", "label", "text"}], "annotator"}``. A kumparan
id is ``kumparan:<sentence number>`` in the kumparan POS corpus (MIT; its tokens joined by
single spaces); a CLICK-ID 2019 or IndoSum 2016-2018 id is ``<article id>:<start>-<end>``,
offsets into ``bkkbn_nlp.clean(article["text"]).text`` of that article in
``news/clickid-2019.jsonl`` / ``news/indosum-2016-2018.jsonl`` under the shared data.
A sentence doubled across batches (for agreement) is read once: its first batch's copy.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["SentenceRecord", "DESK_WORDS", "BST_WORDS", "BST_CATEGORIES", "SPLITS",
           "SPLIT_SEED", "SOURCES", "read_sentence_records", "kumparan_texts",
           "sentence_texts", "load_sentences", "article_key", "split_sentences",
           "case_copy", "case_copies", "sentence_source"]

#: Words of the desks where the NER is weakest: ``ner_sentences_annotate.py select`` favoured
#: sentences with one (two thirds of the draw).
DESK_WORDS = re.compile(
    r"\b(?:PT|Tbk|perusahaan|saham|investor|bursa|merek|produk|ponsel|smartphone|aplikasi|"
    r"startup|perusahaan rintisan|layanan|peluncuran|klub|laga|pertandingan|pelatih|pemain|"
    r"gol|liga|turnamen|juara|pebalap|petenis|film|album|lagu|penyanyi|aktor|aktris|"
    r"sutradara|konser|studio|televisi|media|maskapai|bank|negara|Presiden AS|Perdana Menteri|"
    r"asing|internasional|dunia)\b", re.I)
#: The business, technology and sport words of :data:`DESK_WORDS`: a sentence with one is
#: tagged ``bst`` (business / tech / sport), as is one of an article of such a category.
BST_WORDS = re.compile(
    r"\b(?:PT|Tbk|perusahaan|saham|investor|bursa|merek|produk|ponsel|smartphone|aplikasi|"
    r"startup|perusahaan rintisan|layanan|peluncuran|klub|laga|pertandingan|pelatih|pemain|"
    r"gol|liga|turnamen|juara|pebalap|petenis|maskapai|bank)\b", re.I)
#: CLICK-ID / IndoSum site categories of business, technology and sport desks.
BST_CATEGORIES = re.compile(
    r"bisnis|ekbis|econom|ekonomi|money|finans|saham|bursa|tekno|tech|gadget|otomotif|bola|"
    r"sport|olahraga|motogp|skor|liga", re.I)
#: The sources, in the order of the tables.
SOURCES = ("kumparan", "clickid", "indosum")
#: Shares of each source's articles in train / dev / test.
SPLITS = (("train", 0.7), ("dev", 0.1), ("test", 0.2))
SPLIT_SEED = 2033
#: kumparan sentences carry no article id; consecutive sentence numbers in blocks of this
#: many stand for an article, so neighbouring sentences stay on one side of the split.
KUMPARAN_BLOCK = 25

_NEWS_FILES = {"clickid": "clickid-2019.jsonl", "indosum": "indosum-2016-2018.jsonl"}


@dataclass(frozen=True)
class SentenceRecord:
    """One labelled sentence: its id, source, text (``""`` when not rebuilt), entity spans
    ``(start, end, label)`` into the text, and whether it is from a business, technology or
    sport desk (``bst``)."""

    id: str
    source: str
    text: str
    entities: tuple[tuple[int, int, str], ...]
    text_sha1: str = ""
    category: str = ""

    @property
    def bst(self) -> bool:
        return bool(BST_WORDS.search(self.text) or BST_CATEGORIES.search(self.category))


def sentence_source(sid: str) -> str:
    """``kumparan``, ``clickid`` or ``indosum`` from a sentence id."""
    return "kumparan" if sid.startswith("kumparan:") else sid.split("-", 1)[0]


def read_sentence_records(paths: Iterable[str | Path]) -> list[SentenceRecord]:
    """The records of ``sentences_batch_N.jsonl`` files or folders (a folder stands for its
    ``sentences_batch_*.jsonl`` in batch order), each id once (its first copy). Texts are
    those of the file (kumparan) or ``""``."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(path.glob("sentences_batch_*.jsonl"),
                            key=lambda p: int(p.stem.rsplit("_", 1)[1]))
        else:
            files.append(path)
    seen: set[str] = set()
    out: list[SentenceRecord] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in seen:
                continue
            seen.add(rec["id"])
            out.append(SentenceRecord(
                rec["id"], rec.get("source") or sentence_source(rec["id"]),
                rec.get("text", ""),
                tuple((e["start"], e["end"], e["label"]) for e in rec["entities"]),
                rec.get("text_sha1", "")))
    return out


def kumparan_texts(path: str | Path) -> list[str]:
    """The sentences of the kumparan POS corpus (``word<TAB>tag`` lines, blank lines
    between sentences), their words joined by single spaces."""
    out: list[str] = []
    sent: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip():
            if sent:
                out.append(" ".join(sent))
                sent = []
            continue
        sent.append(cols[0])
    if sent:
        out.append(" ".join(sent))
    return out


def sentence_texts(ids: Iterable[str], data: str | Path) -> dict[str, tuple[str, str]]:
    """``{id: (text, category)}`` for the sentence ids found under ``data`` (the shared data
    folder holding ``pos/kumparan-nlp-id`` and ``news/``): kumparan from the corpus, news
    from the cleaned article text and the id's offsets. Ids whose file is missing are left
    out."""
    from ..text.clean import clean

    data = Path(data)
    ids = set(ids)
    out: dict[str, tuple[str, str]] = {}
    kumparan = data / "pos" / "kumparan-nlp-id" / "dataset_postag.txt"
    if kumparan.exists() and any(i.startswith("kumparan:") for i in ids):
        kum = kumparan_texts(kumparan)
        out |= {i: (kum[int(i.split(":")[1])], "") for i in ids if i.startswith("kumparan:")}
    wanted: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        if not i.startswith("kumparan:"):
            wanted[i.rsplit(":", 1)[0]].append(i)
    for name in _NEWS_FILES.values():
        path = data / "news" / name
        if not path.exists() or not wanted:
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                art = json.loads(line)
                if art["id"] in wanted:
                    text = clean(art["text"]).text
                    for i in wanted[art["id"]]:
                        start, end = map(int, i.rsplit(":", 1)[1].split("-"))
                        out[i] = (text[start:end], str(art.get("category") or ""))
    return out


def load_sentences(folder: str | Path, data: str | Path | None) -> list[SentenceRecord]:
    """The records of ``folder`` with their texts rebuilt from ``data``
    (:func:`sentence_texts`); records whose text is not found, or whose text no longer has
    its ``text_sha1`` (a changed cleaner), are left out. Without ``data`` only the
    records that carry their text (kumparan) are returned."""
    records = read_sentence_records([folder])
    texts = sentence_texts([r.id for r in records], data) if data is not None else {}
    out: list[SentenceRecord] = []
    for r in records:
        text, category = texts.get(r.id, (r.text, ""))
        if not text:
            continue
        if r.text_sha1 and hashlib.sha1(text.encode("utf-8")).hexdigest() != r.text_sha1:
            continue
        out.append(replace(r, text=text, category=category))
    return out


def article_key(sid: str) -> str:
    """The article a sentence belongs to: the news article id, or for kumparan its block of
    :data:`KUMPARAN_BLOCK` consecutive sentence numbers."""
    if sid.startswith("kumparan:"):
        return f"kumparan:{int(sid.split(':')[1]) // KUMPARAN_BLOCK}"
    return sid.rsplit(":", 1)[0]


def split_sentences(records: Sequence[SentenceRecord], seed: int = SPLIT_SEED
                    ) -> dict[str, list[SentenceRecord]]:
    """``{"train", "dev", "test"}``: per source, the articles (:func:`article_key`) sorted,
    shuffled with ``seed`` and cut by :data:`SPLITS` (70 / 10 / 20), so that no article has
    sentences on two sides. Depends on the ids only, not on which texts were found."""
    by_source: dict[str, dict[str, list[SentenceRecord]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        by_source[r.source][article_key(r.id)].append(r)
    out: dict[str, list[SentenceRecord]] = {name: [] for name, _ in SPLITS}
    for source in sorted(by_source):
        keys = sorted(by_source[source])
        random.Random(f"{seed}:{source}").shuffle(keys)
        start = 0.0
        for name, share in SPLITS:
            a, b = round(start * len(keys)), round((start + share) * len(keys))
            for key in keys[a:b]:
                out[name] += by_source[source][key]
            start += share
    return out


def _same_length(text: str, fn: str) -> str:
    """``text.lower()`` / ``.upper()`` character by character, keeping a character whose
    case form has another length ("İ"), so that offsets stay valid."""
    changed = getattr(text, fn)()
    if len(changed) == len(text):
        return changed
    return "".join(c2 if len(c2 := getattr(c, fn)()) == 1 else c for c in text)


def case_copy(text: str, mode: str) -> str:
    """``text`` lower-cased (``mode="lower"``) or upper-cased (``"upper"``), of the same
    length: the gold spans of the original hold for the copy."""
    if mode not in ("lower", "upper"):
        raise ValueError(f"unknown case mode {mode!r}: lower or upper")
    return _same_length(text, mode)


def case_copies(items: Sequence[object], share: float, seed: int) -> list[object]:
    """A fixed random ``share`` (0-1) of ``items``, in their order (the items to copy)."""
    if share <= 0 or not items:
        return []
    n = min(len(items), round(share * len(items)))
    chosen = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in chosen]
