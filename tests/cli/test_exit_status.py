"""Exit statuses of bkkbn-nlp: 0 ok, 1 failed record, 2 usage, 130 interrupted (Ctrl-C)."""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import EXIT_INTERRUPTED, cli

#: the module (``bkkbn_nlp.cli.analyze`` as an attribute is the click command)
analyze_module = importlib.import_module("bkkbn_nlp.cli.analyze")


def _interrupt(*_: object, **__: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_in_process_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyze_module, "load_pipeline", _interrupt)
    result = CliRunner().invoke(cli, ["analyze", "-"], input="Satu. Dua.")
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert result.stderr.strip().splitlines() == ["bkkbn-nlp: [E029] interrupted"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")
def test_sigint_to_analyze_on_an_open_stdin_exits_130() -> None:
    with subprocess.Popen(
            [sys.executable, "-m", "bkkbn_nlp", "analyze", "--jsonl", "--batch-size", "1", "-"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        try:
            proc.stdin.write(b'{"id": "a", "text": "Satu. Dua."}\n')
            proc.stdin.flush()
            first = proc.stdout.readline()  # the pipeline is loaded and the record written
            assert json.loads(first)["id"] == "a"
            proc.send_signal(signal.SIGINT)  # stdin stays open: the command waits for more
            status = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        stderr = proc.stderr.read().decode("utf-8")
    assert status == 130, stderr
    assert stderr.strip().splitlines() == ["bkkbn-nlp: [E029] interrupted"]


@pytest.mark.skipif(sys.platform == "win32", reason="process groups need POSIX")
def test_ctrl_c_with_two_worker_processes_is_one_line() -> None:
    # Ctrl-C on a terminal sends SIGINT to the whole process group, workers included
    with subprocess.Popen(
            [sys.executable, "-m", "bkkbn_nlp", "analyze", "--jsonl", "-j", "2",
             "--batch-size", "1", "-"], start_new_session=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        try:
            for i in range(12):  # more than the records in flight, so results come out
                proc.stdin.write(json.dumps({"id": i, "text": "Satu. Dua."}).encode() + b"\n")
            proc.stdin.flush()
            assert json.loads(proc.stdout.readline())["id"] == 0
            os.killpg(proc.pid, signal.SIGINT)
            status = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        stderr = proc.stderr.read().decode("utf-8")
    assert status == 130, stderr
    assert stderr.strip().splitlines() == ["bkkbn-nlp: [E029] interrupted"]


def test_statuses_0_1_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["analyze", "-"], input="Satu. Dua.").exit_code == 0
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Satu."}\n{broken\n', encoding="utf-8")
    assert runner.invoke(cli, ["analyze", "--jsonl", str(src)]).exit_code == 1
    assert runner.invoke(cli, ["analyze", "--no-such-option", str(src)]).exit_code == 2


def test_ctrl_c_while_the_commands_load_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The console script's entry point imports the CLI inside its guard."""
    import importlib.abc

    import bkkbn_nlp.__main__ as entry

    root = Path(__file__).resolve().parents[2]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'bkkbn-nlp = "bkkbn_nlp.__main__:run"' in pyproject

    class Interrupt(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object, target: object = None) -> None:
            if name == "bkkbn_nlp.cli":
                raise KeyboardInterrupt

    for name in [m for m in sys.modules if m == "bkkbn_nlp.cli" or m.startswith("bkkbn_nlp.cli.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [Interrupt(), *sys.meta_path])
    with pytest.raises(SystemExit) as stop:
        entry.run()
    assert stop.value.code == 130
    assert capsys.readouterr().err == "bkkbn-nlp: [E029] interrupted\n"
