"""End to end in a real browser: `bkkbn-nlp index` the example corpus, `bkkbn-nlp serve` it
in a subprocess on a free port, and open each kind of page in headless chromium (Debian's,
driven by Playwright; nothing is downloaded), checking what a person sees and that the
links work.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing;
under CI (``CI`` set) a missing browser fails instead, so CI cannot pass without running
it (.ci/run installs chromium).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CORPUS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    return None


if (_reason := _missing()) is not None:
    if os.environ.get("CI"):
        pytest.fail(f"the browser test must run in CI: {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bkkbn_nlp", *args]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "corpus.sqlite"
    index = subprocess.run(_cli("index", str(CORPUS), "--db", str(db), "--no-progress"),
                           capture_output=True, text=True, timeout=120, check=False)
    assert index.returncode == 0, index.stderr
    assert index.stdout.startswith("6 articles indexed, 0 errors")
    server = subprocess.Popen(_cli("serve", str(db), "--port", "0"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()  # "Serving ... at http://127.0.0.1:PORT/ - ..."
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line + (server.stderr.read() if server.poll() is not None else "")
        yield found.group(0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()
    # the store was only read
    assert db.stat().st_size > 0


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
        context.set_default_timeout(10_000)
        errors: list[str] = []
        p = context.new_page()
        # a script error or a Content-Security-Policy violation is a console error; a style
        # sheet that fails is a failed sub-resource (a 404 page itself is a document)
        p.on("console", lambda m: errors.append(m.text) if m.type == "error"
             and not m.text.startswith("Failed to load resource") else None)
        p.on("response", lambda r: errors.append(f"{r.status} {r.url}")
             if r.status >= 400 and r.request.resource_type != "document" else None)
        yield p
        context.close()
        browser.close()
        assert not errors, errors  # no blocked resource, no script error


def test_a_reader_goes_from_the_home_page_through_every_kind_of_page(page: Page) -> None:
    started = time.monotonic()
    # home: the counts, the most quoted people, the topics
    page.goto("/")
    expect(page).to_have_title(re.compile("Corpus"))
    expect(page.locator(".stats")).to_contain_text("6")
    expect(page.locator(".stats")).to_contain_text("articles")
    speakers = page.locator("table.speakers")
    expect(speakers).to_contain_text("Mustakim")
    expect(speakers).to_contain_text("Ratna Kusumawardani")
    expect(page.get_by_role("link", name="kesehatan 2", exact=True)).to_be_visible()

    # an article, by clicking its title: entities and quotes highlighted
    page.get_by_role("link", name="Muna tambah Kampung KB untuk tekan stunting").first.click()
    expect(page.locator("h1")).to_have_text("Muna tambah Kampung KB untuk tekan stunting")
    text = page.locator(".text")
    expect(text.locator("mark.ent.PER").first).to_be_visible()
    expect(text.locator("mark.ent.ORG").first).to_be_visible()
    quote = text.locator(".quote.direct").first
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("Kampung KB bukan hanya soal alat kontrasepsi")
    underline = quote.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in underline
    # the highlighting style sheet applied: a PER mark has its colour, not the default
    colour = text.locator("mark.ent.PER").first.evaluate(
        "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 216, 168)", colour

    # the person, through the quote's speaker tag
    tag = text.locator("a.qtag", has_text="Hasnah Wulandari").first
    expect(tag).to_be_visible()
    tag.click()
    expect(page.locator("h1")).to_have_text("Hasnah Wulandari")
    expect(page.locator("ol.quotes")).to_contain_text("setiap Kampung KB akan didampingi")
    expect(page.locator("main")).to_contain_text("Roles and organisations over time")

    # another person with a role, and the agency of that role
    page.goto("/")
    page.locator("table.speakers").get_by_role("link", name="Ratna Kusumawardani").click()
    expect(page.locator("table.roles")).to_contain_text("Kepala")
    page.locator("table.roles").get_by_role("link", name="Dinas Kesehatan Kota Kendari").click()
    expect(page.locator("h1")).to_have_text("Dinas Kesehatan Kota Kendari")
    expect(page.locator("main")).to_contain_text("Quotes by its people")
    expect(page.locator("table.mentions")).to_contain_text("Dinkes Kendari kejar target")

    # a topic of the person's quotes: the time chart is drawn, with a bar per month
    page.go_back()
    page.locator("a.topic", has_text="kesehatan").first.click()
    expect(page.locator("h1")).to_have_text("Topic: kesehatan")
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 4  # 2019-05 .. 2019-08
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100

    # search from the box in the header
    page.get_by_role("searchbox", name="Search quotes and titles").fill("posyandu remaja")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search\?q=posyandu\+remaja"))
    hits = page.locator("ol.hits")
    expect(hits.locator("mark.hit").first).to_have_text(re.compile("posyandu", re.I))
    hits.get_by_role("link", name="Muna tambah Kampung KB untuk tekan stunting").first.click()
    expect(page.locator("h1")).to_have_text("Muna tambah Kampung KB untuk tekan stunting")
    target = page.locator("tr:target")
    expect(target).to_contain_text("posyandu remaja")  # the link went to the quote's row

    # an unknown id is a page that says so
    response = page.goto("/person/99999")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    assert time.monotonic() - started < 60
