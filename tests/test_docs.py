"""Every ```python example in README.md and docs/ runs, and its ``# value`` comments hold.

A line ``print(x)  # value`` asserts that the printed text is ``value``. Each block runs
twice: in this process (fast, precise assertion messages) and saved as a file and run with
``python example.py`` in a fresh interpreter, as a reader who pastes it into a script would
(an ``if __name__ == "__main__":`` guard a multiprocessing example needs, imports the block
forgot, or state left over from an earlier block show up only there).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"```python\n(.*?)```", re.DOTALL)
PRINT_WITH_VALUE = re.compile(r"^(\s*)print\((.*)\)\s+#\s(.+)$")


def _examples() -> list[tuple[str, str]]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
    out = []
    for f in files:
        for i, m in enumerate(FENCE.finditer(f.read_text(encoding="utf-8"))):
            out.append((f"{f.relative_to(ROOT)}#{i + 1}", m.group(1)))
    return out


def _instrument(code: str) -> str:
    lines = []
    for line in code.splitlines():
        m = PRINT_WITH_VALUE.match(line)
        if m:
            indent, expr, value = m.groups()
            lines.append(f"{indent}__check({expr}, {value.strip()!r})")
        else:
            lines.append(line)
    return "\n".join(lines)


def _check(value: object, expected: str) -> None:
    assert str(value) == expected, f"printed {value!s}, the docs say {expected}"


EXAMPLES = _examples()


@pytest.mark.parametrize("code", [c for _, c in EXAMPLES], ids=[n for n, _ in EXAMPLES])
def test_doc_example_runs(code: str, tmp_path: Path) -> None:
    # run in a scratch folder (examples may write files) that sees the repo's examples/
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(_instrument(code), "<doc example>", "exec"),  # noqa: S102
                 {"__check": _check, "__name__": "__doc_example__"})
    finally:
        os.chdir(cwd)


_SCRIPT_HEADER = (
    "def __check(value, expected):\n"
    "    if str(value) != expected:\n"
    "        raise SystemExit(f'printed {value!s}, the docs say {expected}')\n"
    "    print(value)\n\n"
)


@pytest.mark.parametrize("code", [c for _, c in EXAMPLES], ids=[n for n, _ in EXAMPLES])
def test_doc_example_runs_as_a_script(code: str, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    script = tmp_path / "example.py"
    script.write_text(_SCRIPT_HEADER + _instrument(code) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning"}
    proc = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:] or proc.stdout[-3000:]


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 1
