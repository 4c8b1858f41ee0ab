"""Hostile input (issue 25): every case, through the real command line, one table row each.

Run from the repository root::

    python benchmarks/bench_hostile.py [--cases NAME,...] [--list] [--timeout 240]
        [--jobs 2] [--output benchmarks/results/hostile.json]

Each case builds its input in a fresh temporary folder (a damaged copy of the bundled
pipeline, a JSONL file with repeated ids, a binary gold file, a 5 MB article, ...) and runs
``python -m bkkbn_nlp ...`` in a subprocess with a timeout, so a crash in native code is a
return code here, not the end of the script. Its row gives the case, what was run, the result
in one line (``one-line error E026 (E094)``, ``6 of 6 records, identical after resume``,
``no topic``), the exit status, the seconds and the verdict against the case's expected
outcome:

- a damaged model file (the CRF model, the topic weights, the tokenizer, the vocabulary
  strings and vectors; each truncated to a third, with 200 bytes changed, empty, replaced by
  a directory, or holding another file's content), once with the pipeline's
  ``checksums.json`` files and once without them, and ``--model DIR`` without
  ``config.cfg``: one ``bkkbn-nlp: error: [E...]`` line on stderr, exit status 1 or 2, never
  a signal, and no result written (the pipeline fails before the first record); without
  checksums a damage that keeps the file readable may also run to the end (exit 0);
- ``--resume`` with repeated, missing, numeric and boolean ids and with the input named
  ``./x.jsonl`` after a run on ``x.jsonl``: the output of an uninterrupted run is cut after
  1 and 3 lines, and after 2 lines and half of the third (an interrupted write), and each
  resumed output must equal the uninterrupted one line for line;
- ``-o`` into a missing folder or under a regular file (as root, permissions do not bite):
  one line E028, exit 1; ``evaluate`` on a binary JSONL, a binary CoNLL file and a Latin-1
  JSONL: one line E027, exit 1;
- empty text, whitespace, ``\"\"\"\"\"``, 100,000 newlines and a 1 MB single word: a result,
  exit 0, no topic; an HTML page: the dateline found, no markup left, the agency not an
  entity; U+202E and ZWJ: gone from the text and the quotes;
- bad JSONL records (invalid JSON, invalid UTF-8, no ``text``, ``text`` not a string): one
  error line each in place, the good records kept, exit 1; blank JSONL lines: skipped, ids
  keep the file's line numbers; ``analyze - -``: a usage error (exit 2); a 5 MB article:
  one result, timed.

The exit status is 1 when any case FAILs. With ``--jobs`` above 1 the cases run in parallel
(the 5 MB article runs alone, after the others, so its time is its own); the defaults
(72 cases, two at a time) take 1.5 to 3.5 minutes on a 2-core machine, depending on its
load. ``--output`` writes the rows as JSON as well.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from common import REPO_ROOT  # benchmarks/ is on sys.path when run as a script

MODEL = REPO_ROOT / "models" / "bkkbn_id_default"
EXAMPLE = REPO_ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"
DEFAULT_TIMEOUT = 240.0
SHORT_DOC = ("Kendari (ANTARA) - Kepala Dinas Kesehatan Sulawesi Tenggara, Andi Wijaya, "
             "mengatakan program imunisasi berjalan baik.")
#: The files of the pipeline a damaged-model case breaks, by a short name.
MODEL_FILES = {
    "crf": "bkkbn_crf_ner/model.crfsuite",
    "topic weights": "bkkbn_topics/topic_tagger.npz",
    "tokenizer": "tokenizer",
    "vocab strings": "vocab/strings.json",
    "vectors": "vocab/vectors",
}
_CODE = re.compile(r"\[(E\d{3})\]")


# --------------------------------------------------------------------------- running


@dataclass
class Proc:
    """A finished (or timed-out) command: ``status`` is ``None`` after a timeout."""

    args: list[str]
    status: int | None
    stdout: str
    stderr: str


@dataclass
class Outcome:
    """What a case found: the command shown, the one-line result, exit status, verdict."""

    command: str
    result: str
    status: int | str
    ok: bool


@dataclass
class Row:
    """One line of the table."""

    case: str
    command: str
    result: str
    status: int | str
    seconds: float
    ok: bool


@dataclass(frozen=True)
class Case:
    """A hostile case: ``run(folder)`` builds its input in ``folder`` and runs it."""

    name: str
    run: Callable[[Path], Outcome]
    alone: bool = False  # timed without other cases running beside it


def cli(args: Sequence[str], cwd: Path, stdin: bytes | None = None,
        timeout: float | None = None) -> Proc:
    """``python -m bkkbn_nlp ARGS`` in ``cwd`` (this checkout's package), stdout/stderr kept."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONIOENCODING="utf-8")
    env.pop("NO_COLOR", None)
    try:
        proc = subprocess.run([sys.executable, "-m", "bkkbn_nlp", *args], cwd=cwd,
                              input=stdin if stdin is not None else b"",
                              capture_output=True, timeout=timeout or TIMEOUT, env=env,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        return Proc(list(args), None, _text(exc.stdout), _text(exc.stderr))
    return Proc(list(args), proc.returncode, _text(proc.stdout), _text(proc.stderr))


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def shown(args: Sequence[str], stdin: str | None = None) -> str:
    """The command as a user would type it (paths are relative to the case's folder)."""
    words = ["bkkbn-nlp", *(a if a and " " not in a else repr(a) for a in args)]
    return " ".join(words) + (f" < {stdin}" if stdin else "")


def status_of(proc: Proc) -> int | str:
    if proc.status is None:
        return "timeout"
    if proc.status < 0:
        try:
            return f"{proc.status} ({signal.Signals(-proc.status).name})"
        except ValueError:
            return proc.status
    return proc.status


def crashed(proc: Proc) -> str | None:
    """Why the run is a crash (a signal, a timeout, a traceback), or ``None``."""
    if proc.status is None:
        return f"timeout after {TIMEOUT:.0f} s"
    if proc.status < 0 or proc.status >= 128 and proc.status != 130:
        return f"killed by a signal (exit {status_of(proc)})"
    if "Traceback (most recent call last)" in proc.stderr:
        lines = proc.stderr.strip().splitlines()
        return f"traceback ({len(lines)} lines): {lines[-1][:60]}"
    return None


def one_line_error(proc: Proc, statuses: tuple[int, ...] = (1,),
                   want: str | None = None) -> tuple[bool, str]:
    """(ok, result) for a run that must fail with one coded ``bkkbn-nlp: error:`` line."""
    why = crashed(proc)
    if why:
        return False, why
    lines = proc.stderr.strip().splitlines()
    codes = _CODE.findall(proc.stderr)
    if proc.status == 0:
        return False, f"accepted (exit 0, {len(proc.stdout.splitlines())} output line(s))"
    if len(lines) != 1 or not lines[0].startswith("bkkbn-nlp: error:"):
        return False, f"{len(lines)} stderr line(s): {(lines or [''])[0][:60]}"
    if not codes:
        return False, f"one line without a code: {lines[0][:60]}"
    # the loader's reason: a catalogue code, else the exception's type (spaCy's errors)
    reasons = codes[1:] or re.findall(r": (\w+(?:Error|Exception)):", lines[0])[:1]
    inner = f" ({', '.join(reasons)})" if reasons else ""
    result = f"one-line error {codes[0]}{inner}"
    ok = proc.status in statuses and (want is None or want in codes)
    return ok, result


def json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- damaged models


def flip_bytes(data: bytes, count: int = 200, seed: int = 25) -> bytes:
    """``data`` with ``count`` bytes at random places changed (fixed seed)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for pos in rng.sample(range(len(out)), min(count, len(out))):
        out[pos] = (out[pos] + rng.randrange(1, 256)) % 256
    return bytes(out)


def _replace(path: Path, data: bytes | None) -> None:
    """Put ``data`` at ``path`` (a file or a folder before); ``None``: an empty folder."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)


def _original(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


#: How a file is damaged: name -> (path, its original bytes) -> new bytes (None: a folder).
DAMAGES: dict[str, Callable[[Path, bytes], bytes | None]] = {
    "truncated": lambda path, data: data[: len(data) // 3],
    "200 bytes flipped": lambda path, data: flip_bytes(data),
    "empty": lambda path, data: b"",
    "a directory": lambda path, data: None,
    "wrong type": lambda path, data: (b'{"not": "this model file"}\n' if data[:1] != b"{"
                                      else bytes(range(256)) * 8),
}


def copy_model(folder: Path) -> Path:
    target = folder / "model"
    shutil.copytree(MODEL, target)
    return target


def damaged_model(file_key: str, damage: str, checksums: bool = True) -> Case:
    """A copy of the bundled pipeline with one file damaged. Without ``checksums`` (every
    ``checksums.json`` deleted, as in a directory saved before they existed, or a crafted
    one) nothing can see damage that keeps a file's structure (changed bytes in an array of
    floats), so a run to the end is accepted there too; a crash never is."""
    relative = MODEL_FILES[file_key]

    def run(folder: Path) -> Outcome:
        model = copy_model(folder)
        if not checksums:
            for sums in model.rglob("checksums.json"):
                sums.unlink()
        path = model / relative
        if path.is_dir():  # the tokenizer and vectors may be saved as folders
            path = next((p for p in sorted(path.rglob("*")) if p.is_file()), path)
        _replace(path, DAMAGES[damage](path, _original(path)))
        (folder / "doc.txt").write_text(SHORT_DOC, encoding="utf-8")
        args = ["analyze", "--model", "model", "doc.txt"]
        proc = cli(args, folder)
        ok, result = one_line_error(proc, (1, 2))
        if proc.stdout.strip() and proc.status != 0:
            ok, result = False, f"{result}, but a result was written first"
        elif not checksums and proc.status == 0 and not crashed(proc):
            ok = len(json_lines(proc.stdout)) == 1
            result = "loaded and ran: damage not visible without checksums"
        return Outcome(shown(args), result, status_of(proc), ok)

    suffix = "" if checksums else ", no checksums"
    return Case(f"model: {file_key} {damage}{suffix}", run)


def model_without_config(folder: Path) -> Outcome:
    model = copy_model(folder)
    (model / "config.cfg").unlink()
    (folder / "doc.txt").write_text(SHORT_DOC, encoding="utf-8")
    args = ["analyze", "--model", "model", "doc.txt"]
    proc = cli(args, folder)
    ok, result = one_line_error(proc, (1, 2), want="E002")
    return Outcome(shown(args), result, status_of(proc), ok)


# --------------------------------------------------------------------------- resume


#: An id left out of a record.
_MISSING = object()


def _records(ids: Sequence[Any]) -> list[dict[str, Any]]:
    texts = [f"Kendari (ANTARA) - Berita nomor {i}. Kepala dinas, Budi, mengatakan program "
             f"ke-{i} berjalan." for i in range(len(ids))]
    return [({"text": t} if i is _MISSING else {"id": i, "text": t})
            for i, t in zip(ids, texts, strict=True)]


def resume_case(ids: Sequence[Any], first: str = "x.jsonl", again: str = "x.jsonl",
                warn: bool = False) -> Callable[[Path], Outcome]:
    """An uninterrupted run on ``first``; then the output cut at several points and resumed
    with the input named ``again``; every resumed output must equal the uninterrupted one."""

    def run(folder: Path) -> Outcome:
        records = _records(ids)
        (folder / "x.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
            encoding="utf-8")
        full_args = ["analyze", "--jsonl", first, "-o", "full.jsonl"]
        full = cli(full_args, folder)
        why = crashed(full)
        if why or full.status != 0:
            return Outcome(shown(full_args), why or f"first run failed: {full.stderr[:60]}",
                           status_of(full), False)
        lines = (folder / "full.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        if len(lines) != len(records):
            return Outcome(shown(full_args), f"{len(lines)} lines for {len(records)} records",
                           status_of(full), False)
        if warn and "repeated" not in full.stderr:
            return Outcome(shown(full_args), "no warning for repeated ids", status_of(full),
                           False)
        args = ["analyze", "--jsonl", again, "-o", "out.jsonl", "--resume"]
        cuts = {"1": "".join(lines[:1]), "3": "".join(lines[:3]),
                "2½": "".join(lines[:2]) + lines[2][: len(lines[2]) // 2]}
        for label, partial in cuts.items():
            (folder / "out.jsonl").write_text(partial, encoding="utf-8")
            proc = cli(args, folder)
            why = crashed(proc)
            out = (folder / "out.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
            if why or proc.status != 0 or out != lines:
                diff = (why or f"after {label} line(s): {len(out)} lines, "
                        f"{sum(a != b for a, b in zip(out, lines, strict=False))} differ")
                return Outcome(shown(args), diff, status_of(proc), False)
        warned = ", repeated ids warned" if warn else ""
        return Outcome(shown(args), f"{len(records)} of {len(records)} records; resumed after "
                                    f"1, 3, 2½ lines: identical{warned}",
                       status_of(proc), True)

    return run


# --------------------------------------------------------------------------- files


def output_into(target: str, make: Callable[[Path], None]) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        make(folder)
        (folder / "doc.txt").write_text(SHORT_DOC, encoding="utf-8")
        args = ["analyze", "doc.txt", "-o", target]
        proc = cli(args, folder)
        ok, result = one_line_error(proc, (1,), want="E028")
        return Outcome(shown(args), result, status_of(proc), ok)

    return run


def evaluate_on(name: str, data: Callable[[], bytes]) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        (folder / name).write_bytes(data())
        args = ["evaluate", name]
        proc = cli(args, folder)
        ok, result = one_line_error(proc, (1,), want="E027")
        return Outcome(shown(args), result, status_of(proc), ok)

    return run


def _binary() -> bytes:
    return random.Random(25).randbytes(4096)


def _latin1_jsonl() -> bytes:
    record = {"text": "Café di Kendari ramai.", "entities": []}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("latin-1")


# --------------------------------------------------------------------------- texts


def one_text(make: str | bytes | Callable[[], str],
             check: Callable[[dict[str, Any]], tuple[bool, str]],
             name: str = "doc.txt") -> Callable[[Path], Outcome]:
    """Analyse one plain-text file (``make``: its text, or a function making it, run when
    the case runs); ``check`` judges the result."""

    def run(folder: Path) -> Outcome:
        path = folder / name
        text = make() if callable(make) else make
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        args = ["analyze", name]
        proc = cli(args, folder)
        why = crashed(proc)
        if why:
            return Outcome(shown(args), why, status_of(proc), False)
        try:
            results = json_lines(proc.stdout)
        except json.JSONDecodeError as exc:
            return Outcome(shown(args), f"output is not JSON: {exc}", status_of(proc), False)
        if proc.status != 0 or len(results) != 1:
            first = (proc.stderr.strip().splitlines() or [""])[0]
            return Outcome(shown(args), f"{len(results)} results; {first[:60]}",
                           status_of(proc), False)
        ok, result = check(results[0])
        return Outcome(shown(args), result, status_of(proc), ok)

    return run


def no_topic(result: dict[str, Any]) -> tuple[bool, str]:
    topics = result["topics"]
    size = f"{len(result['text']):,} chars, {len(result['tokens']):,} tokens"
    if topics:
        return False, f"topic {topics[0]['label']} {topics[0]['score']} ({size})"
    return True, f"no topic ({size})"


def html_page(result: dict[str, Any]) -> tuple[bool, str]:
    text = result["text"]
    dateline = result["dateline"] or {}
    problems = []
    if re.search(r"<[a-zA-Z!/]", text) or "DOCTYPE" in text.upper():
        problems.append("markup left")
    if not dateline.get("place"):
        problems.append("dateline lost")
    if any(e["text"].upper() == "ANTARA" for e in result["entities"]):
        problems.append("agency as an entity")
    if any(word in text for word in ("Beranda", "Hak cipta", "iklan")):
        problems.append("navigation/footer text kept")
    found = f"dateline {dateline.get('place')} ({dateline.get('agency')})"
    return not problems, ", ".join(problems) or f"{found}, no markup, body only"


def unicode_controls(result: dict[str, Any]) -> tuple[bool, str]:
    bad = [c for c in ("\u202e", "\u200d", "\u200c") if c in result["text"]
           or any(c in q["text"] for q in result["quotes"])]
    people = [e["normalized"] for e in result["entities"] if e["label"] == "PER"]
    if bad:
        return False, f"kept {', '.join(f'U+{ord(c):04X}' for c in bad)}"
    return True, f"controls removed; {len(result['quotes'])} quote(s); people {people}"


def big_article(result: dict[str, Any]) -> tuple[bool, str]:
    return True, (f"5 MB in, 1 result: {len(result['text']) / 1e6:.1f} M chars, "
                  f"{len(result['sentences']):,} sentences, {len(result['tokens']):,} tokens")


def _five_mb() -> str:
    """About 5 MB of distinct paragraphs made of the example article's sentences (distinct,
    so the duplicate-paragraph step does not shrink the text)."""
    raw = EXAMPLE.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r'(?<=[.!?"])\s+', raw) if len(s) > 30
                 and "Baca juga" not in s]
    rng = random.Random(25)
    parts, size, i = [raw.splitlines()[0]], 0, 0
    while size < 5_000_000:
        i += 1
        paragraph = (f"Pada pertemuan ke-{i} di wilayah {rng.randint(1, 999)}, "
                     + " ".join(rng.sample(sentences, 3)))
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(parts)


# --------------------------------------------------------------------------- JSONL


def bad_records(folder: Path) -> Outcome:
    good = {"id": "a", "text": SHORT_DOC}
    lines = [json.dumps(good).encode(), b'{"id": "b", "text": "unclosed',
             b'{"id": "c", "teks": "no text field"}', b'{"id": "d", "text": 5}',
             b'{"id": "e", "text": null}', b'["f", "a list"]', b'"just a string"',
             b'{"id": "h", "text": "Caf\xe9 Latin-1"}',
             json.dumps({"id": "i", "text": "Satu kalimat lagi."}).encode()]
    (folder / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    args = ["analyze", "--jsonl", "in.jsonl"]
    proc = cli(args, folder)
    why = crashed(proc)
    if why:
        return Outcome(shown(args), why, status_of(proc), False)
    out = json_lines(proc.stdout)
    errors = Counter(d["error"]["code"] for d in out if "error" in d)
    results = sum("error" not in d for d in out)
    ids_kept = [d["id"] for d in out][:1] == ["a"] and out[-1].get("id") == "i"
    codes = ", ".join(f"{code} ×{n}" for code, n in sorted(errors.items()))
    ok = (len(out) == len(lines) and results == 2 and ids_kept and proc.status == 1
          and len(proc.stderr.strip().splitlines()) == len(lines) - 2 + 1)
    return Outcome(shown(args), f"{len(out)} of {len(lines)} lines: {results} results, "
                                f"{sum(errors.values())} error lines ({codes})",
                   status_of(proc), ok)


def blank_lines(folder: Path) -> Outcome:
    text = ("\n\n" + json.dumps({"text": "Satu. Dua."}) + "\n   \n\t\n"
            + json.dumps({"text": "Tiga."}) + "\n\n")
    (folder / "blank.jsonl").write_text(text, encoding="utf-8")
    args = ["analyze", "--jsonl", "blank.jsonl"]
    proc = cli(args, folder)
    why = crashed(proc)
    if why:
        return Outcome(shown(args), why, status_of(proc), False)
    ids = [d["id"] for d in json_lines(proc.stdout)]
    ok = ids == ["blank.jsonl:3", "blank.jsonl:6"] and proc.status == 0
    return Outcome(shown(args), f"{len(ids)} of 2 records, blank lines skipped, ids {ids}",
                   status_of(proc), ok)


def stdin_twice(folder: Path) -> Outcome:
    args = ["analyze", "-", "-"]
    proc = cli(args, folder, stdin=SHORT_DOC.encode("utf-8"))
    why = crashed(proc)
    if why:
        return Outcome(shown(args, "doc.txt"), why, status_of(proc), False)
    message = next((line for line in proc.stderr.splitlines() if line.startswith("Error:")), "")
    ok = proc.status == 2 and "only once" in message and not proc.stdout.strip()
    return Outcome(shown(args, "doc.txt"), f"usage error: {message.removeprefix('Error: ')}",
                   status_of(proc), ok)


def stdin_once(folder: Path) -> Outcome:
    args = ["analyze", "-"]
    proc = cli(args, folder, stdin=SHORT_DOC.encode("utf-8"))
    why = crashed(proc)
    if why:
        return Outcome(shown(args, "doc.txt"), why, status_of(proc), False)
    results = json_lines(proc.stdout)
    ok = proc.status == 0 and len(results) == 1 and results[0]["dateline"] is not None
    return Outcome(shown(args, "doc.txt"), f"{len(results)} result, dateline "
                                           f"{(results or [{}])[0].get('dateline')}",
                   status_of(proc), ok)


# --------------------------------------------------------------------------- the cases


HTML_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>BKKBN gelar pertemuan - ANTARA News</title>
<script>var iklan = "<p>iklan</p>";</script><style>p { color: red }</style></head>
<body><header><nav><a href="/">Beranda</a> | <a href="/politik">Politik</a></nav></header>
<main><article><h1>BKKBN Sultra gelar pertemuan advokasi</h1>
<p>Kendari (ANTARA) - Badan Kependudukan dan Keluarga Berencana Nasional (BKKBN) Sulawesi
Tenggara menggelar pertemuan kelompok kerja di Kendari, Senin.</p>
<p>"Keberhasilan BKKBN berkat kerja sama semua mitra kerja," kata Kepala BKKBN Sultra,
Budi Santoso.</p></article></main>
<footer>Hak cipta &copy; 2019 ANTARA</footer></body></html>
"""


def all_cases() -> list[Case]:
    """Every case of issue 25, in table order."""
    cases = [damaged_model(key, damage, sums) for sums in (True, False)
             for key in MODEL_FILES for damage in DAMAGES]
    cases += [
        Case("model: no config.cfg", model_without_config),
        Case("resume: repeated ids", resume_case(["a", "a", "b", "a", "c", "b"], warn=True)),
        Case("resume: missing ids", resume_case([_MISSING] * 6)),
        Case("resume: numeric and boolean ids", resume_case([1, "1", True, 1.0, False, 0])),
        Case("resume: ./x.jsonl after x.jsonl",
             resume_case([_MISSING, "b", _MISSING, _MISSING, "b", _MISSING], "x.jsonl",
                         "./x.jsonl")),
        Case("-o into a missing folder", output_into("missing/out.jsonl", lambda f: None)),
        Case("-o under a regular file",
             output_into("somefile/out.jsonl", lambda f: (f / "somefile").write_text("x"))),
        Case("evaluate: binary JSONL", evaluate_on("gold.jsonl", _binary)),
        Case("evaluate: binary CoNLL", evaluate_on("gold.conll", _binary)),
        Case("evaluate: Latin-1 JSONL", evaluate_on("gold.jsonl", _latin1_jsonl)),
        Case("text: empty", one_text("", no_topic)),
        Case("text: whitespace", one_text(" \t\n \u00a0\n  ", no_topic)),
        Case('text: """""', one_text('"""""', no_topic)),
        Case("text: 100k newlines", one_text("\n" * 100_000, no_topic)),
        Case("text: 1 MB single word", one_text("Kata" + "a" * 999_996, no_topic)),
        Case("text: HTML page", one_text(HTML_PAGE, html_page, "page.html")),
        Case("text: U+202E and ZWJ",
             one_text("Kendari (ANTARA) - Kepala dinas, An\u200ddi Wijaya, berkata "
                      "\"\u202eini rahasia\" kepada warga. Pe\u200cnyuluh datang.",
                      unicode_controls)),
        Case("jsonl: bad records", bad_records),
        Case("jsonl: blank lines", blank_lines),
        Case("stdin: analyze - -", stdin_twice),
        Case("stdin: analyze -", stdin_once),
        Case("text: 5 MB article", one_text(_five_mb, big_article), alone=True),
    ]
    return cases


#: The timeout of each command, seconds (set by ``--timeout``).
TIMEOUT = DEFAULT_TIMEOUT


def run_case(case: Case, root: Path | None = None) -> Row:
    """Run one case in a fresh temporary folder (under ``root``) and judge it."""
    with tempfile.TemporaryDirectory(prefix="hostile-", dir=root) as tmp:
        start = time.perf_counter()
        try:
            outcome = case.run(Path(tmp))
        except Exception as exc:  # the script itself must not stop on one case
            outcome = Outcome("-", f"case raised {type(exc).__name__}: {exc}"[:90], "-", False)
        seconds = time.perf_counter() - start
    return Row(case.name, outcome.command, outcome.result, outcome.status, seconds, outcome.ok)


def run_all(cases: Sequence[Case], jobs: int = 1,
            on_row: Callable[[Row], None] | None = None) -> list[Row]:
    """Run the cases (``jobs`` at a time; the ``alone`` ones after, one by one), in order."""
    shared = [c for c in cases if not c.alone]
    rows: dict[str, Row] = {}

    def one(case: Case) -> Row:
        row = run_case(case)
        if on_row:
            on_row(row)
        return row

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for row in pool.map(one, shared):
            rows[row.case] = row
    for case in cases:
        if case.alone:
            rows[case.name] = one(case)
    return [rows[c.name] for c in cases]


def table(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table."""
    head = ("case", "what was run", "result", "exit", "s", "verdict")
    body = [(r.case, r.command, r.result, str(r.status), f"{r.seconds:.1f}",
             "OK" if r.ok else "FAIL") for r in rows]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    right = {3, 4}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule, *map(line, body)])


def main(argv: Sequence[str] | None = None) -> int:
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", help="comma-separated case names (or parts of names)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per command (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="cases run at once (default: 2, or 1 on one CPU)")
    parser.add_argument("--output", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    TIMEOUT = args.timeout
    cases = all_cases()
    if args.cases:
        wanted = [w.strip() for w in args.cases.split(",") if w.strip()]
        cases = [c for c in cases if any(w in c.name for w in wanted)]
    if args.list:
        print("\n".join(c.name for c in cases))
        return 0
    start = time.perf_counter()
    print(f"{len(cases)} hostile cases, {args.jobs} at a time ...", file=sys.stderr)
    rows = run_all(cases, args.jobs,
                   lambda row: print(f"  {'OK  ' if row.ok else 'FAIL'} {row.case}",
                                     file=sys.stderr))
    total = time.perf_counter() - start
    print(table(rows))
    failed = [r for r in rows if not r.ok]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} cases OK, {len(failed)} FAIL; "
          f"{total:.0f} s in all")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({"total_s": total, "rows": [asdict(r) for r in rows]},
                                          ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
