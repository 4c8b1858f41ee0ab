"""The package layout: imports run one way through the layers, with no loop; old import paths
still work for one release, with a DeprecationWarning (docs/design.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from bkkbn_nlp._moved import MOVED

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "bkkbn_nlp"

#: Layer of each top-level part of the package: a module may import its own layer's modules
#: (of the same subpackage) and lower layers only.
LAYERS = {
    "about": 0, "errors": 0, "labels": 0, "_moved": 0,
    "lang": 1, "extensions": 1, "checksums": 1,
    "text": 2,
    "entities": 3, "syntax": 3,
    "quotes": 4, "topics": 4,
    "io": 5,
    "pipeline": 6,
    "api": 7,
    "distributed": 8, "evaluation": 8, "store": 8,
    "training": 9, "web": 9,
    "cli": 10,
    "__main__": 11,
}
ALIASES = {old.split(".")[1] for old in MOVED}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")
            if p.relative_to(PKG).parts[0].removesuffix(".py") not in ALIASES}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every bkkbn_nlp module ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(m) for m in _modules()} - {"__init__"}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def test_imports_run_down_the_layers() -> None:
    wrong = []
    for name, targets in _graph().items():
        if _part(name) == "__init__":  # the package's lazy public API may reach any layer
            continue
        for target in targets:
            if _part(target) == "__init__":
                wrong.append(f"{name} imports the package root")
            elif _part(target) != _part(name) and LAYERS[_part(target)] >= LAYERS[_part(name)]:
                wrong.append(f"{name} (layer {LAYERS[_part(name)]}) imports {target} "
                             f"(layer {LAYERS[_part(target)]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_loop_between_modules() -> None:
    graph = _graph()
    # a module's package __init__ re-exporting it is not a loop
    edges = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    loops: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                loops.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not loops, "\n".join(" -> ".join(loop) for loop in loops)


def test_each_module_imports_alone() -> None:
    names = sorted(n for n in _modules() if not n.endswith("__main__"))
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for m in [m for m in sys.modules if m == 'bkkbn_nlp' or m.startswith('bkkbn_nlp.')]:\n"
        "        del sys.modules[m]\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", code],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.stdout.strip() == "ok", out.stderr[-3000:]


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_import_path_warns_and_still_works(old: str) -> None:
    new = MOVED[old]
    code = (
        "import importlib, warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        f"    old = importlib.import_module({old!r})\n"
        f"new = importlib.import_module({new!r})\n"
        "names = list(new.__all__)\n"
        "assert names and all(getattr(old, n) is getattr(new, n) for n in names), names\n"
        "assert any(issubclass(w.category, DeprecationWarning) and "
        f"{new!r} in str(w.message) for w in caught), [str(w.message) for w in caught]\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_the_clean_function_survives_importing_the_old_clean_module() -> None:
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import bkkbn_nlp, bkkbn_nlp.clean\n"
        "from bkkbn_nlp.clean import Article\n"
        "a = bkkbn_nlp.clean('Kendari (ANTARA) - Isi berita.')\n"
        "assert isinstance(a, Article), type(a)\n"
        "print(a.text)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.stdout.strip() == "Isi berita.", out.stderr[-2000:]


MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300


def test_no_module_or_class_is_too_long_to_read() -> None:
    too_long = []
    for name, path in _modules().items():
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    too_long.append(f"{name}.{node.name}: class of {size} lines")
    assert not too_long, "\n".join(too_long)
