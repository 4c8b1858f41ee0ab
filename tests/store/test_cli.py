"""``bkkbn-nlp index`` and ``bkkbn-nlp query``: exit statuses, the summary line, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli

from .conftest import CORPUS, ROOT

ARTICLE = ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    path = tmp_path_factory.mktemp("cli") / "corpus.sqlite"
    result = CliRunner().invoke(cli, ["index", str(CORPUS), "--db", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "6 articles indexed, 0 errors; the store has 12 people and 33 quotes")
    return path


def test_index_again_is_idempotent_and_resume_skips(db: Path) -> None:
    runner = CliRunner()
    again = runner.invoke(cli, ["index", str(CORPUS), "--db", str(db), "--no-progress"])
    assert again.exit_code == 0
    assert again.output.strip() == "6 articles indexed, 0 errors; the store has 12 people and 33 quotes"
    resumed = runner.invoke(cli, ["index", str(CORPUS), "--db", str(db), "--resume"])
    assert resumed.exit_code == 0
    assert resumed.output.startswith("0 articles indexed, 0 errors, 6 unchanged (skipped)")


def test_index_plain_text_and_bad_lines(tmp_path: Path, nlp: object) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_bytes(b'{"id": "ok", "text": "Hujan turun di Kendari."}\n'
                       b'not json\n\n[1, 2]\n{"id": "x", "isi": 5}\n\xff\xfe\n')
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(cli, ["index", str(corpus), str(ARTICLE), "--db", str(db),
                                      "--batch-size", "2", "--no-progress"])
    assert result.exit_code == 1
    assert "2 articles indexed, 4 errors" in result.stdout
    assert f"record {corpus}:2: [E020]" in result.stderr
    assert f"record {corpus}:4: [E021]" in result.stderr
    assert "record x: [E021]" in result.stderr
    assert f"record {corpus}:6: [E023]" in result.stderr
    assert "4 record(s) failed" in result.stderr


def test_index_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(CORPUS)]).exit_code == 2  # no --db
    assert runner.invoke(cli, ["index", "missing.jsonl", "--db", "x.sqlite"]).exit_code == 2
    assert runner.invoke(cli, ["index", str(CORPUS), "--db", str(tmp_path / "s"),
                               "-j", "0"]).exit_code == 2
    not_a_store = tmp_path / "x.sqlite"
    not_a_store.write_text("hello " * 200)
    result = runner.invoke(cli, ["index", str(CORPUS), "--db", str(not_a_store)])
    assert result.exit_code == 1 and "[E100]" in result.stderr


QUERIES = [
    ["quotes", "--person", "Ratna Kusumawardani", "--topic", "kesehatan", "--since", "2019-01"],
    ["top-speakers", "--topic", "pendidikan"],
    ["cooccurrence", "--limit", "5"],
    ["topics", "--by", "month"],
    ["search", "imunisasi"],
    ["people", "--agency", "BKKBN"],
]


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: a[0])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_each_query_in_each_format(db: Path, args: list[str], fmt: str) -> None:
    result = CliRunner().invoke(cli, ["query", str(db), *args, "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        rows = json.loads(out)
        assert isinstance(rows, list) and rows
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows
    else:
        lines = out.splitlines()
        assert len(lines) >= 3 and set(lines[1]) <= {"-", " "}


def test_query_values(db: Path) -> None:
    runner = CliRunner()
    rows = json.loads(runner.invoke(cli, ["query", str(db), "quotes", "--person",
                                          "Ratna Kusumawardani", "-f", "json"]).output)
    assert len(rows) == 5 and {r["person"] for r in rows} == {"Ratna Kusumawardani"}
    table = runner.invoke(cli, ["query", str(db), "top-speakers", "--limit", "1"]).output
    assert table.splitlines()[2].split()[1] == "Mustakim"
    empty = runner.invoke(cli, ["query", str(db), "quotes", "--outlet", "none.example"])
    assert empty.exit_code == 0 and empty.output == "(no results)\n"


def test_query_errors(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["query", str(tmp_path / "none.sqlite"), "people"])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("bkkbn-nlp: error: [E100]")
    assert len(missing.stderr.splitlines()) == 1
    assert not (tmp_path / "none.sqlite").exists()
    bad_date = runner.invoke(cli, ["query", str(db), "quotes", "--since", "2019/01"])
    assert bad_date.exit_code == 2 and "[E104]" in bad_date.stderr
    assert runner.invoke(cli, ["query", str(db), "nothing"]).exit_code == 2
    assert runner.invoke(cli, ["query", str(db), "topics", "--by", "week"]).exit_code == 2
