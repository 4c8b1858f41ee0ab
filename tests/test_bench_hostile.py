"""benchmarks/bench_hostile.py stays runnable: two cheap cases through its case runner.

The full script (about 70 cases, a few minutes) is run by hand; its table is in
docs/benchmarks.md. These two cases take a few seconds: a usage error that stops before the
pipeline is loaded, and a -o path under a regular file (one pipeline load).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    had_common = "common" in sys.modules
    sys.path.insert(0, str(BENCHMARKS))  # the script imports its neighbour ``common``
    try:
        spec = importlib.util.spec_from_file_location("bench_hostile",
                                                      BENCHMARKS / "bench_hostile.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_hostile"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
        if not had_common:
            sys.modules.pop("common", None)
    return module


def test_every_case_has_a_unique_name(bench: ModuleType) -> None:
    names = [case.name for case in bench.all_cases()]
    assert len(names) == len(set(names)) > 40
    assert sum(case.alone for case in bench.all_cases()) == 1  # the 5 MB article


@pytest.mark.parametrize(("name", "status", "result"), [
    ("stdin: analyze - -", 2, "usage error: '-' (standard input) can be given only once."),
    ("-o under a regular file", 1, "one-line error E028"),
])
def test_cheap_cases_pass(bench: ModuleType, tmp_path: Path, name: str, status: int,
                          result: str) -> None:
    case = next(c for c in bench.all_cases() if c.name == name)
    row = bench.run_case(case, tmp_path)
    assert row.ok, row
    assert row.status == status
    assert row.result == result
    assert name in bench.table([row])


def test_a_failing_case_is_a_fail_row(bench: ModuleType, tmp_path: Path) -> None:
    def broken(folder: Path) -> None:
        raise RuntimeError("boom")

    row = bench.run_case(bench.Case("broken", broken), tmp_path)  # type: ignore[arg-type]
    assert not row.ok and "RuntimeError: boom" in row.result
    assert row.status == "-"
