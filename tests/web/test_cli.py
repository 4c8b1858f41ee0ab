"""``bkkbn-nlp serve``: the missing extra, a file that is not a store, a port in use, and
that importing bkkbn_nlp loads no web framework."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli, serve
from bkkbn_nlp.web.server import listen


def test_without_the_extra_the_command_is_one_coded_line(
        web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))
    result = CliRunner().invoke(cli, ["serve", str(web_db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bkkbn-nlp: error: [E110]")
    assert "pip install 'bkkbn_nlp[serve]'" in lines[0] and "uvicorn" in lines[0]


def test_a_file_that_is_not_a_store_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("bkkbn-nlp: error: [E100]")
    assert len(result.output.strip().splitlines()) == 1


def test_a_port_in_use_is_one_line(web_db: Path) -> None:
    taken = listen("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(web_db), "--port", str(port)])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert "[E111]" in result.output and str(port) in result.output


def test_hosts_the_app_answers() -> None:
    assert serve._allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]
    assert serve._allowed_hosts("0.0.0.0") == ["*"]
    assert "192.168.1.5" in serve._allowed_hosts("192.168.1.5")


def test_serve_is_listed_with_its_defaults() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_importing_bkkbn_nlp_or_its_cli_loads_no_web_framework() -> None:
    code = ("import sys, bkkbn_nlp, bkkbn_nlp.cli, bkkbn_nlp.web, bkkbn_nlp.web.pages;"
            "print(sorted(m for m in ('starlette', 'jinja2', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_another_host_is_served_with_a_warning(web_db: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: started.append(sockets))
    result = CliRunner().invoke(cli, ["serve", str(web_db), "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "bkkbn-nlp: warning: [W003] Listening on 0.0.0.0" in result.output
    assert "Serving" in result.output and len(started) == 1
    for sock in started[0]:  # type: ignore[attr-defined]
        sock.close()


def test_the_server_runs_in_a_thread(web_db: Path) -> None:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from bkkbn_nlp.web.app import create_app
    from bkkbn_nlp.web.server import running

    with running(create_app(web_db)) as base:
        assert base.startswith("http://127.0.0.1:")
        with urlopen(base + "/", timeout=10) as response:
            assert response.status == 200
            assert "Most quoted people" in response.read().decode("utf-8")
        with pytest.raises(HTTPError) as missing:
            urlopen(base + "/person/99999", timeout=10)
        assert missing.value.code == 404
        missing.value.close()
