"""Screenshots of the browser view (`bkkbn-nlp serve`) for docs/corpus.md: one PNG per kind
of page in docs/img/ (web-home.png, web-article.png, web-person.png, web-agency.png,
web-topic.png, web-search.png).

Run it after a change to the view's pages or style: `python scripts/screenshots.py`. It
indexes examples/corpus.jsonl into a temporary store (or shows `--db STORE`), serves it on
a free port of 127.0.0.1 and opens each page in Debian's chromium (`apt-get install
chromium`) through Playwright (the `playwright` package; no browser is downloaded).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bkkbn_nlp.store import Store  # noqa: E402
from bkkbn_nlp.web.app import create_app  # noqa: E402
from bkkbn_nlp.web.pages import month_series  # noqa: E402
from bkkbn_nlp.web.render import url  # noqa: E402
from bkkbn_nlp.web.server import running  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
#: Chromium without a sandbox (root in a container), GPU, or any background download.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def pages(store: Store) -> dict[str, str]:
    """The path of one page of each kind, chosen from the store's own contents."""
    speaker = store.top_speakers(limit=1)[0]
    person = store.person(speaker["person_id"])
    assert person is not None
    roles = [r for r in person["roles"] if r["organization_kb_id"]]
    agency = roles[0]["organization_kb_id"] if roles else "agency:bkkbn"
    article = store.quotes(person=speaker["person_id"], limit=1)[0]["article_id"]
    # the topic whose chart has the most bars (months, empty ones between included)
    rows = store.topic_counts(by="month")
    labels = sorted({r["topic"] for r in rows})
    topic = max(labels, key=lambda t: len(month_series([r for r in rows if r["topic"] == t])),
                default="kesehatan")
    return {"home": url("home"), "article": url("article", article),
            "person": url("person", speaker["person_id"]), "agency": url("agency", agency),
            "topic": url("topic", topic), "search": url("search", q="posyandu remaja")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store to show (default: the example corpus)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            import json

            db = Path(tmp) / "corpus.sqlite"
            with open(ROOT / "examples" / "corpus.jsonl", encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh if line.strip()]
            with Store(db) as store:
                store.index(records)
        with Store(db, readonly=True) as store:
            paths = pages(store)
        args.out.mkdir(parents=True, exist_ok=True)
        with running(create_app(db)) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": 900},
                                    device_scale_factor=1)
            for name, path in paths.items():
                page.goto(base + path)
                target = args.out / f"web-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                      f"  {path}")
            browser.close()


if __name__ == "__main__":
    main()
