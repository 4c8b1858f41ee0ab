"""Writing one article's analysis into the store: its row, text, entities, mentions,
person roles, quotes and topics, replacing whatever the store had under its id.

:func:`write_article` runs inside the caller's transaction; :func:`reconcile` settles the
identities of one-word names over the whole store (the rules of :mod:`.identity`) and is
run at the end of each :meth:`Store.index <bkkbn_nlp.store.Store.index>`.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..entities.gazetteer import agency_forms
from . import summaries
from .identity import OneWordResolver, name_key, split_name

__all__ = ["ArticleMeta", "write_article", "write_error", "remove_article", "reconcile",
           "normalize_date", "text_sha256"]

_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T ])")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def normalize_date(value: Any) -> str | None:
    """A record's date as ISO ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) when it is written
    year first (``2015/08/25``, ``2019-09-10T08:00``) or day first (``25/08/2015``); any
    other text as given; ``None`` for none."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        return "-".join(p.zfill(2) if i else p for i, p in enumerate(m.groups()) if p)
    m = _DMY.match(text)
    if m:
        return f"{m.group(3)}-{m.group(2).zfill(2)}-{m.group(1).zfill(2)}"
    return text


def text_sha256(text: object) -> str | None:
    """The SHA-256 of a text's UTF-8 bytes (``None`` for a value that is not a text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if isinstance(text, str) else None


@dataclass(frozen=True)
class ArticleMeta:
    """What the store keeps of a record besides its analysis (passed through the workers
    as the record's key, so it is small and picklable)."""

    id: str
    source: str | None = None
    date: str | None = None
    title: str | None = None
    sha256: str | None = None
    n_chars: int | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _insert_row(con: sqlite3.Connection, meta: ArticleMeta, code: str | None,
                message: str | None) -> None:
    # deleting the old row first removes everything found in it (ON DELETE CASCADE), once
    # its share of the summary tables is taken away
    remove_article(con, meta.id)
    con.execute("INSERT INTO articles (id, source, date, title, sha256, n_chars, indexed_at, "
                "error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (meta.id, meta.source, meta.date, meta.title, meta.sha256, meta.n_chars,
                 _now(), code, message))


def remove_article(con: sqlite3.Connection, article_id: str) -> bool:
    """Delete an article and everything found in it, and take its share away from the
    summary tables; whether it was there."""
    summaries.apply(con, article_id, -1)
    return con.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0


def write_error(con: sqlite3.Connection, meta: ArticleMeta, code: str, message: str) -> None:
    """Store a record that could not be analysed: its row with the error, nothing else."""
    _insert_row(con, meta, code, message)


class _People:
    """Person ids by name key, made on first use; one-word names are linked for now to the
    one full name already in the store that they stand for, else to a person of their own
    (:func:`reconcile` settles them over the whole store)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def get(self, name: str) -> tuple[int, str]:
        key = name_key(name)
        if " " not in key:
            row = self.con.execute(
                "SELECT DISTINCT person_id FROM mentions WHERE name_key = ? "
                "AND person_id IS NOT NULL LIMIT 2", (key,)).fetchall()
            if len(row) == 1:
                return int(row[0][0]), key
        return _person_id(self.con, key, name), key


def _person_id(con: sqlite3.Connection, key: str, name: str) -> int:
    row = con.execute("SELECT id FROM people WHERE key = ?", (key,)).fetchone()
    if row is not None:
        return int(row[0])
    cur = con.execute("INSERT INTO people (key, name, n_words) VALUES (?, ?, ?)",
                      (key, name, len(key.split())))
    return int(cur.lastrowid or 0)


def _organization(org: str | None, known: dict[str, tuple[str, str | None]]
                  ) -> tuple[str | None, str | None]:
    """An organisation's normalised name and kb id: as the article's entity of that text
    normalised it, else by the agency gazetteer, else as written."""
    if not org:
        return None, None
    if org in known:
        return known[org]
    entry = agency_forms().get(org)
    if entry is not None:
        return entry.canonical, entry.kb_id
    return org, None


def write_article(con: sqlite3.Connection, meta: ArticleMeta, analysis: Any, *,
                  keep_text: bool = True) -> None:
    """Store the :class:`~bkkbn_nlp.io.schema.Analysis` of one article under ``meta.id``,
    replacing the rows the store had for it."""
    _insert_row(con, meta, None, None)
    if keep_text:
        con.execute("INSERT INTO texts (article_id, text) VALUES (?, ?)", (meta.id, analysis.text))
    people = _People(con)
    known: dict[str, tuple[str, str | None]] = {}
    not_people: set[str] = set()
    roles: set[tuple[int, str | None, str | None, str]] = set()
    role_rows: list[tuple[Any, ...]] = []
    for ent in analysis.entities:
        cur = con.execute('INSERT INTO entities (article_id, start, "end", label, text, '
                          'normalized, kb_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
                          (meta.id, ent.start, ent.end, ent.label, ent.text, ent.normalized,
                           ent.kb_id))
        if ent.label != "PER":
            known.setdefault(ent.text, (ent.normalized, ent.kb_id))
            not_people.update((name_key(ent.text), name_key(ent.normalized)))
            continue
        name, title_role = split_name(ent.normalized or ent.text)
        person_id, key = people.get(name)
        con.execute("INSERT INTO mentions (entity_id, article_id, person_id, name_key) "
                    "VALUES (?, ?, ?, ?)", (cur.lastrowid, meta.id, person_id, key))
        role = ent.role or title_role
        if role or ent.organization:
            org_norm, org_kb = _organization(ent.organization, known)
            if (person_id, role, ent.organization, key) not in roles:
                roles.add((person_id, role, ent.organization, key))
                role_rows.append((person_id, meta.id, meta.date, role, ent.organization,
                                  org_norm, org_kb, key))
    con.executemany("INSERT INTO person_roles (person_id, article_id, date, role, organization, "
                    "organization_normalized, organization_kb_id, name_key) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", role_rows)
    for q in analysis.quotes:
        _write_quote(con, meta, q, people, known, not_people)
    con.executemany("INSERT INTO topics (article_id, label, score, rank) VALUES (?, ?, ?, ?)",
                    [(meta.id, label, float(score), rank)
                     for rank, (label, score) in enumerate(analysis.topics, 1)])
    summaries.apply(con, meta.id, 1)


def _write_quote(con: sqlite3.Connection, meta: ArticleMeta, q: dict[str, Any], people: _People,
                 known: dict[str, tuple[str, str | None]], not_people: set[str]) -> None:
    cue = q.get("cue") or {}
    speaker = q.get("speaker") or {}
    person_id = key = None
    name = speaker.get("name")
    role = speaker.get("role")
    if name:
        name, title_role = split_name(name)
        role = role or title_role
        # an agency or a place said it ("BKKBN menyatakan"): a speaker, not a person
        if name_key(name) not in not_people:
            person_id, key = people.get(name)
    org = speaker.get("organization")
    org_norm, org_kb = _organization(org, known)
    con.execute(
        'INSERT INTO quotes (article_id, type, content, start, "end", cue, cue_start, cue_end, '
        "speaker_text, speaker_start, speaker_end, speaker_name, role, organization, "
        "organization_normalized, organization_kb_id, name_key, person_id, date, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (meta.id, q.get("type", ""), q.get("text", ""), q.get("start", 0), q.get("end", 0),
         cue.get("text"), cue.get("start"), cue.get("end"), speaker.get("text"),
         speaker.get("start"), speaker.get("end"), name or None, role, org, org_norm, org_kb,
         key, person_id, meta.date, meta.source))


_RELINK = tuple(f"UPDATE {table} SET person_id = ? WHERE name_key = ? AND person_id IS NOT ?"
                for table in ("mentions", "person_roles", "quotes"))


_MOVED = ("SELECT article_id FROM quotes WHERE name_key = ? AND person_id IS NOT ? UNION "
          "SELECT article_id FROM mentions WHERE name_key = ? AND person_id IS NOT ?")

_ORPHANS = ("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM mentions "
            "WHERE person_id IS NOT NULL) AND id NOT IN (SELECT person_id FROM quotes "
            "WHERE person_id IS NOT NULL)")


def reconcile(con: sqlite3.Connection) -> None:
    """Settle the identities of one-word names over the whole store, and tidy up.

    Each one-word name key goes to the one full name it stands for
    (:class:`~.identity.OneWordResolver`) or else to a person of its own; mentions, roles
    and quotes follow. People nothing points to any more are removed, and the aliases
    (every way an article wrote each person, when not the name itself) are rebuilt.
    Runs inside the caller's transaction.
    """
    # people of deleted or replaced articles must not count as candidates
    con.execute(_ORPHANS)
    full = [(int(r[0]), str(r[1])) for r in
            con.execute("SELECT id, key FROM people WHERE n_words > 1")]
    resolver = OneWordResolver(full)
    singles = con.execute(
        "SELECT name_key, min(text) FROM (SELECT m.name_key, e.text FROM mentions m "
        "JOIN entities e ON e.id = m.entity_id WHERE instr(m.name_key, ' ') = 0) "
        "GROUP BY name_key UNION SELECT DISTINCT name_key, speaker_name FROM quotes "
        "WHERE name_key IS NOT NULL AND instr(name_key, ' ') = 0").fetchall()
    targets: dict[str, int] = {}
    for key, written in singles:
        if key in targets:
            continue
        target = resolver.resolve(key, written)
        if target is None:
            target = _person_id(con, key, written or key)
        targets[key] = target
    # the articles whose quotes or mentions change person: their share of the people's
    # counts moves with them
    moved: set[str] = set()
    for key, target in targets.items():
        moved.update(r[0] for r in con.execute(_MOVED, (key, target, key, target)))
    for article_id in sorted(moved):
        summaries.apply_people(con, article_id, -1)
    for key, target in targets.items():
        for update in _RELINK:
            con.execute(update, (target, key, target))
    for article_id in sorted(moved):
        summaries.apply_people(con, article_id, 1)
    con.execute(_ORPHANS)
    con.execute("DELETE FROM aliases")
    con.execute("INSERT OR IGNORE INTO aliases (person_id, alias) "
                "SELECT DISTINCT m.person_id, e.text FROM mentions m "
                "JOIN entities e ON e.id = m.entity_id JOIN people p ON p.id = m.person_id "
                "WHERE e.text != p.name")
