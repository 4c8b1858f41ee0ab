"""A real ``bkkbn-nlp index`` killed with SIGKILL midway, then continued with ``--resume``:
no article lost or doubled, the same store as an uninterrupted run, an intact database
(issue 23, "resumes after being killed midway").

The articles below are invented (invented officials, places as in any news), MIT.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli

from .conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL needs POSIX")

_ARTICLES = [
    ("kr-001", "Kepala Dinas Kesehatan Kota Kendari, Andi Rahmatullah, mengatakan posyandu "
     "remaja dibuka setiap Senin. \"Kami ingin remaja datang tanpa ragu,\" kata Andi "
     "Rahmatullah di Kendari, Selasa."),
    # the same id again further down with a corrected text: the later record wins
    ("kr-dup", "Wali Kota Baubau, Siti Marlinda, meresmikan pasar ikan baru. \"Pasar ini "
     "untuk nelayan,\" ujar Siti Marlinda."),
    ("kr-002", "BKKBN Sulawesi Tenggara menggelar pelatihan penyuluh KB di Kolaka. Kepala "
     "perwakilan BKKBN Sultra, Hasnah Wulandari, mengatakan pelatihan diikuti 40 penyuluh. "
     "\"Penyuluh adalah ujung tombak program,\" katanya."),
    ("kr-003", "Hujan deras merendam puluhan rumah di Kecamatan Poasia, Kendari. Camat Poasia, "
     "Laode Musafir, menyebut warga sudah dievakuasi ke balai desa."),
    ("kr-dup", "Wali Kota Baubau, Siti Marlinda, meresmikan pasar ikan baru di Wameo. "
     "\"Pasar ini untuk nelayan dan pedagang kecil,\" ujar Siti Marlinda, Rabu."),
    ("kr-004", "Gubernur Sulawesi Tenggara, Bambang Sutejo, meminta bupati mempercepat "
     "pembangunan jalan desa. \"Jalan desa membuka ekonomi warga,\" kata Bambang Sutejo."),
    ("kr-005", "Menurut Hasnah, angka kelahiran di Sulawesi Tenggara turun dalam lima tahun "
     "terakhir. \"Keluarga kecil makin diterima,\" ujar Hasnah di Kendari."),
    ("kr-006", "Kepolisian Resor Konawe menangkap dua pelaku pencurian sepeda motor. Kapolres "
     "Konawe, AKBP Rudi Hartanto, mengatakan barang bukti telah diamankan."),
    ("kr-007", "Dinas Pendidikan Kota Kendari membagikan seragam gratis kepada siswa baru. "
     "\"Tidak boleh ada anak yang putus sekolah,\" kata Kepala Dinas Pendidikan, Yusuf Lamane."),
    ("kr-008", "Universitas Halu Oleo membuka program beasiswa bagi mahasiswa dari pulau "
     "terpencil. Rektor UHO, Muh Zamrun Firihu, menyebut 200 kursi disiapkan tahun ini."),
    ("kr-009", "Harga beras di Pasar Sentral Kendari naik menjelang Lebaran. Seorang pedagang, "
     "Wa Ode Rini, mengatakan pasokan dari Konawe berkurang."),
    ("kr-010", "Bupati Kolaka Utara, Nur Rahman Umar, meluncurkan layanan KB keliling. "
     "\"Pelayanan harus menjangkau desa terjauh,\" kata Nur Rahman Umar."),
]


def _write_corpus(path: Path) -> list[str]:
    """The corpus (12 records of 11 ids with a repeated one, a line that is not JSON and a
    record without text); returns the ids the store must hold, each once."""
    lines = []
    for i, (article_id, text) in enumerate(_ARTICLES):
        lines.append(json.dumps({"id": article_id, "text": text, "source": "kabar.example",
                                 "date": f"2019-0{1 + i % 9}-1{i % 10}",
                                 "title": f"Berita {article_id}"}, ensure_ascii=False))
        if i == 6:
            lines.append("{not json")  # id: FILE:LINE
            lines.append(json.dumps({"id": "kr-no-text", "isi": 5}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = {article_id for article_id, _ in _ARTICLES}
    ids |= {f"{path}:{lines.index('{not json') + 1}", "kr-no-text"}
    return sorted(ids)


def _command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bkkbn_nlp", "index", str(corpus), "--db", str(db),
            "--batch-size", "1", "--no-progress", *extra]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _committed(db: Path) -> int:
    """Rows of ``articles`` a reader sees (0 while the store is not made yet)."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


_COUNTS = {
    "articles": "SELECT count(*) FROM articles WHERE error_code IS NULL",
    "errors": "SELECT count(*) FROM articles WHERE error_code IS NOT NULL",
    "texts": "SELECT count(*) FROM texts",
    "quotes": "SELECT count(*) FROM quotes",
    "quotes_fts": "SELECT count(*) FROM quotes_fts",
    "entities": "SELECT count(*) FROM entities",
    "mentions": "SELECT count(*) FROM mentions",
    "topics": "SELECT count(*) FROM topics",
    "people": "SELECT count(*) FROM people",
    "aliases": "SELECT count(*) FROM aliases",
    "person_roles": "SELECT count(*) FROM person_roles",
}


def _state(db: Path) -> dict[str, object]:
    con = sqlite3.connect(db)
    try:
        state: dict[str, object] = {k: con.execute(q).fetchone()[0] for k, q in _COUNTS.items()}
        state["ids"] = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
        state["sha256"] = dict(con.execute("SELECT id, sha256 FROM articles"))
        state["people_keys"] = sorted(r[0] for r in con.execute("SELECT key FROM people"))
        state["integrity"] = con.execute("PRAGMA integrity_check").fetchall()
        return state
    finally:
        con.close()


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=120,
                          cwd=ROOT)


def test_killed_index_run_resumes_to_the_uninterrupted_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = _write_corpus(corpus)
    db = tmp_path / "killed.sqlite"

    proc = subprocess.Popen(_command(corpus, db), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while _committed(db) < 3:
            assert proc.poll() is None, "the run ended before 3 articles were committed"
            assert time.monotonic() < deadline, "no 3 articles committed in 90 s"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL  # killed, not finished
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.communicate()
    at_kill = _committed(db)
    assert 3 <= at_kill < len(ids), f"{at_kill} of {len(ids)} committed: not killed midway"

    resumed = _run(_command(corpus, db, "--resume"))
    assert resumed.returncode == 1, resumed.stderr  # the 2 bad records: exit status 1
    assert "unchanged (skipped)" in resumed.stdout  # it continued, not redid
    assert "[E020]" in resumed.stderr and "record kr-no-text: [E021]" in resumed.stderr

    fresh_db = tmp_path / "fresh.sqlite"
    fresh = _run(_command(corpus, fresh_db))
    assert fresh.returncode == 1, fresh.stderr

    got, want = _state(db), _state(fresh_db)
    assert got["ids"] == ids  # every record id once: none lost, none doubled
    assert got["integrity"] == [("ok",)]
    for key in (*_COUNTS, "sha256", "people_keys"):
        assert got[key] == want[key], key
    assert want["errors"] == 2
    # the repeated id holds its later text, as in the uninterrupted run
    later = [text for article_id, text in _ARTICLES if article_id == "kr-dup"][-1]
    assert got["sha256"]["kr-dup"] == hashlib.sha256(later.encode("utf-8")).hexdigest()


def test_resume_with_a_repeated_id_in_one_batch_keeps_the_later_record(
        tmp_path: Path, nlp: object) -> None:
    """A store that already holds both records of a repeated id (the killed run had written
    them) is resumed with both in one batch: the later record must stay, as in an
    uninterrupted run, not the earlier one."""
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus)
    runner = CliRunner()
    db, fresh_db = tmp_path / "s.sqlite", tmp_path / "fresh.sqlite"
    for path, extra in ((db, []), (db, ["--resume"]), (fresh_db, [])):
        result = runner.invoke(cli, ["index", str(corpus), "--db", str(path), "--no-progress",
                                     "--batch-size", "64", *extra])
        assert result.exit_code == 1, result.output
    got, want = _state(db), _state(fresh_db)
    for key in (*_COUNTS, "ids", "sha256", "people_keys"):
        assert got[key] == want[key], key
