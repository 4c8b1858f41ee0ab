"""Every ```python example in README.md and docs/ runs, and its ``# value`` comments hold.

A line ``print(x)  # value`` asserts that the printed text is ``value``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
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


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 1
