"""Render the HTML export of the fixture article in headless Chromium and save a screenshot.

Run it after changing the HTML export (bkkbn_nlp/io/export.py) or its styles, to look
at the page, and to remake the screenshot in the docs.

Usage::

    python scripts/check_html_export.py [--out /tmp/bkkbn_html_export.png] [--html PAGE]
                                        [--scale 1.0] [--width 1280] [--height 2000]

The script analyses ``examples/antara_bkkbn_sultra_2019.txt`` with the bundled pipeline,
writes :func:`bkkbn_nlp.io.export.to_html` of the result next to the PNG (same name,
``.html``), checks that the page holds every entity and every quote speaker of the
analysis, and runs Debian's ``chromium --headless --screenshot``. Look at the PNG: entities
must be visibly highlighted with their labels and quotes shown with their speakers.
``--scale`` below 1 renders with a smaller device scale factor, for a lighter image; the
screenshot in the docs is made with::

    python scripts/check_html_export.py --out docs/img/html-export.png \
        --html /tmp/html-export.html --scale 0.75 --height 1900

Chromium is not a dependency of the library; install it with ``apt-get install chromium``.
Exit status: 0 when the screenshot was written, 1 otherwise.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bkkbn_nlp
from bkkbn_nlp.io.export import to_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"


def find_chromium() -> str | None:
    """The first Chromium executable on PATH (Debian names it ``chromium``)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_page(page: str, analysis: bkkbn_nlp.Analysis) -> list[str]:
    """Problems of the page: entities or quote speakers of the analysis it does not show."""
    problems = []
    for e in analysis.entities:
        if html.escape(e.text, quote=True) not in page:
            problems.append(f"entity {e.text!r} ({e.label}) missing")
    for q in analysis.quotes:
        speaker = (q.get("speaker") or {}).get("name")
        if speaker and html.escape(str(speaker), quote=True) not in page:
            problems.append(f"speaker {speaker!r} missing")
    return problems


def screenshot(chromium: str, page: Path, png: Path, width: int, height: int,
               scale: float) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` and write ``png``."""
    with tempfile.TemporaryDirectory(prefix="bkkbn-chromium-") as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", f"--user-data-dir={profile}",
            f"--force-device-scale-factor={scale}",
            f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri(),
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120,
                              check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir())
                        / "bkkbn_html_export.png", help="the PNG to write (a directory: "
                        "bkkbn_html_export.png inside it)")
    parser.add_argument("--html", type=Path, default=None,
                        help="where to write the page (default: beside the PNG, .html)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device scale factor (below 1: a smaller image)")
    args = parser.parse_args(argv)

    png: Path = args.out
    if png.is_dir():
        png = png / "bkkbn_html_export.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    analysis = bkkbn_nlp.analyze(FIXTURE.read_text(encoding="utf-8"))
    page = to_html({"id": FIXTURE.stem, **analysis.to_dict()}, title="bkkbn_nlp HTML export")
    problems = check_page(page, analysis)
    if problems:
        print("the page is incomplete: " + "; ".join(problems), file=sys.stderr)
        return 1
    html_path: Path = args.html or png.with_suffix(".html")
    html_path.write_text(page, encoding="utf-8")

    chromium = find_chromium()
    if chromium is None:
        print("chromium not found; install it with `apt-get install -y chromium`",
              file=sys.stderr)
        return 1
    png.unlink(missing_ok=True)
    proc = screenshot(chromium, html_path.resolve(), png.resolve(), args.width, args.height,
                      args.scale)
    if proc.returncode != 0 or not png.exists() or png.stat().st_size == 0:
        print(f"chromium failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}",
              file=sys.stderr)
        return 1
    print(f"{len(analysis.entities)} entities, {len(analysis.quotes)} quotes")
    print(f"wrote {html_path}")
    print(f"wrote {png} ({png.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
