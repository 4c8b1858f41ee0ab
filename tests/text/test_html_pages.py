"""Whole HTML pages (issue 25, "HTML input"): only the article body is cleaned.

Three invented pages (invented text and people) in the shapes scrapers meet: a news portal
with semantic tags, a WordPress blog, and an old table layout without semantic tags; then
malformed and truncated pages, and fragments, which must behave as before.
"""

from __future__ import annotations

import html

import pytest

import bkkbn_nlp
from bkkbn_nlp.text.clean import DEFAULT_STEPS, clean
from bkkbn_nlp.text.html_page import extract_html_body, looks_like_page
from tests.conftest import raw_words

PORTAL = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Warga Lamundre Ikuti Penyuluhan KB - Warta Anoa</title>
<meta name="description" content="Ringkasan berita penyuluhan di Lamundre">
<script>window.dataLayer = []; var banner = "<p>Pasang iklan</p>";</script>
<style>.menu { color: red; }</style>
</head>
<body>
<header class="site-header">
  <div class="logo"><a href="/">Warta Anoa</a></div>
  <nav><ul>
    <li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
    <li><a href="/ekonomi">Ekonomi</a></li><li><a href="/olahraga">Olahraga</a></li>
    <li><a href="/antara">Mitra ANTARA</a></li>
  </ul></nav>
</header>
<main>
<article>
  <h1>Warga Lamundre Ikuti Penyuluhan KB</h1>
  <div class="byline">Oleh <a href="/p/rina">Rina Kusumawati</a> &middot;
    <time datetime="2023-03-14">Selasa, 14 Maret 2023</time></div>
  <figure><img src="penyuluhan.jpg" alt=""><figcaption>Suasana penyuluhan di Lamundre.
    (Foto: Warta Anoa)</figcaption></figure>
  <p>Kendari (ANTARA) - Sebanyak 120 warga Desa Lamundre mengikuti penyuluhan keluarga
  berencana di balai desa, Selasa.</p>
  <p>Kepala Dinas Kesehatan Kota Kendari, Hendra Saputra, mengatakan kegiatan itu bertujuan
  menekan angka stunting di wilayahnya.</p>
  <div class="baca-juga"><span>Baca juga:</span> <a href="/harga-beras">Harga Beras di Pasar
  Sentral Turun Lagi</a></div>
  <p>"Kami ingin setiap keluarga merencanakan kelahiran anak dengan baik," kata Hendra.</p>
  <div class="share-buttons"><span>Bagikan:</span> <a href="#">Facebook</a>
    <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
</article>
</main>
<footer><p>&copy; 2023 Warta Anoa. Hak cipta dilindungi.</p>
  <a href="/tentang">Tentang Kami</a> <a href="/pedoman">Pedoman Media Siber</a></footer>
</body>
</html>
"""
PORTAL_BODY = [
    "Kendari (ANTARA) - Sebanyak 120 warga",
    "Kepala Dinas Kesehatan Kota Kendari, Hendra Saputra, mengatakan",
    "kata Hendra.",
]
PORTAL_CHROME = ["DOCTYPE", "Ikuti Penyuluhan KB", "Warta Anoa", "Beranda", "Nasional",
                 "Mitra ANTARA", "Rina Kusumawati", "Maret 2023", "Foto", "Baca juga",
                 "Harga Beras", "Bagikan", "Facebook", "Hak cipta", "Pedoman", "iklan",
                 "dataLayer", "color"]

BLOG = """<!doctype html>
<html lang="id-ID">
<head>
<title>Posyandu Remaja di Wundulako | Blog Kader Sehat</title>
<link rel="stylesheet" href="/wp-content/themes/sehat/style.css">
<script src="/wp-includes/js/jquery.js"></script>
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<div class="site-branding"><p class="site-title"><a href="/">Blog Kader Sehat</a></p>
<p class="site-description">Catatan harian kader posyandu</p></div>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">Posyandu Remaja di Wundulako</h1>
<div class="entry-meta">Diposting pada 5 Juni 2023 oleh Dewi Anggraini</div></header>
<div class="entry-content">
<p>JAKARTA, KOMPAS.com - Pemerintah Kabupaten Kolaka membuka posyandu remaja pertama di
Kecamatan Wundulako pada Senin pagi.</p>
<p>Posyandu itu melayani pemeriksaan tekanan darah dan konseling gizi bagi pelajar.</p>
<p>Koordinator kader, Sri Wahyuni, menyebut 45 pelajar datang pada hari pertama.</p>
<div class="sharedaddy sd-sharing-enabled"><h3>Bagikan ini:</h3>
<ul><li><a href="#">Facebook</a></li><li><a href="#">Telegram</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tag: <a href="/t/posyandu">posyandu</a>,
<a href="/t/remaja">remaja</a></span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 tanggapan</h2>
<ol class="comment-list"><li>Luar biasa, semoga ditiru desa lain. Balas dari Yusuf
Ramadhan</li></ol>
<div id="respond"><form action="/wp-comments-post.php"><label>Tinggalkan Balasan</label>
<textarea name="comment"></textarea><input type="submit" value="Kirim Komentar"></form></div>
</div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Tulisan Terbaru</h2>
<ul><li><a href="/a">Kelas Ibu Hamil di Pomalaa</a></li><li><a href="/b">Lomba Balita Sehat</a>
</li></ul></section></aside>
<footer id="colophon" class="site-footer"><div class="site-info">Didukung oleh WordPress</div>
</footer>
</div>
</body>
</html>
"""
BLOG_BODY = [
    "Pemerintah Kabupaten Kolaka membuka posyandu remaja pertama",
    "Posyandu itu melayani pemeriksaan tekanan darah",
    "Koordinator kader, Sri Wahyuni, menyebut 45 pelajar",
]
BLOG_CHROME = ["Blog Kader Sehat", "Catatan harian", "Diposting", "Dewi Anggraini",
               "Bagikan", "Telegram", "Tag:", "tanggapan", "Yusuf", "Balasan", "Kirim",
               "Tulisan Terbaru", "Pomalaa", "WordPress", "jquery"]

OLD_LAYOUT = """<html>
<head><title>Pemkab Konawe Online - Berita Daerah</title></head>
<body bgcolor="#ffffff">
<table width="100%" border="0">
<tr><td colspan="2"><img src="banner.gif"><font size="5">PEMKAB KONAWE ONLINE</font></td></tr>
<tr><td width="20%" valign="top">
<ul>
<li><a href="index.php">Beranda</a></li>
<li><a href="profil.php">Profil Daerah</a></li>
<li><a href="berita.php">Berita Daerah</a></li>
<li><a href="agenda.php">Agenda Bupati</a></li>
<li><a href="kontak.php">Hubungi Kami</a></li>
</ul>
</td><td valign="top">
<font class="judul">Kampung KB Diperluas ke Sepuluh Desa</font><br>
<div id="isi">
Konawe - Pemerintah Kabupaten Konawe memperluas program Kampung KB ke sepuluh desa tahun ini.<br><br>
Camat Unaaha, Agus Salim, mengatakan warga menyambut baik program tersebut.<br><br>
Penyuluh lapangan akan berkunjung ke setiap desa dua kali sebulan.
</div>
</td></tr>
<tr><td colspan="2"><center>Copyright 2009 Pemkab Konawe. Dikelola oleh Bagian Humas.</center>
</td></tr>
</table>
</body>
</html>
"""
OLD_BODY = [
    "Pemerintah Kabupaten Konawe memperluas program Kampung KB",
    "Camat Unaaha, Agus Salim, mengatakan",
    "Penyuluh lapangan akan berkunjung",
]
OLD_CHROME = ["Pemkab Konawe Online", "PEMKAB KONAWE ONLINE", "Beranda", "Profil Daerah",
              "Agenda Bupati", "Hubungi", "Diperluas ke Sepuluh", "Copyright", "Humas"]

PAGES = {
    "portal": (PORTAL, PORTAL_BODY, PORTAL_CHROME, ("Kendari", "ANTARA")),
    "wordpress": (BLOG, BLOG_BODY, BLOG_CHROME, ("Jakarta", "KOMPAS.com")),
    "old_layout": (OLD_LAYOUT, OLD_BODY, OLD_CHROME, ("Konawe", None)),
}


def _body_span(raw: str, body: list[str]) -> tuple[int, int]:
    """The raw stretch from the first body paragraph to the end of the last one (the next
    tag)."""
    return raw.index(body[0].split(" - ")[-1]), raw.index("<", raw.index(body[-1]))


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_reduced_to_its_article_body(name: str) -> None:
    raw, body, chrome, _ = PAGES[name]
    text = clean(raw).text
    for junk in chrome:
        assert junk not in text, junk
    assert "<" not in text and ">" not in text
    positions = [text.find(b.split(" - ")[-1]) for b in body]
    assert -1 not in positions and positions == sorted(positions)
    # the paragraphs stay paragraphs
    assert len(clean(raw).paragraphs) == len(body)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_dateline_is_found(name: str) -> None:
    raw, body, _, (place, agency) = PAGES[name]
    art = clean(raw)
    assert art.dateline is not None
    assert (art.dateline.place, art.dateline.agency) == (place, agency)
    assert art.text.startswith(body[0].split(" - ")[-1])


@pytest.mark.parametrize("name", list(PAGES))
def test_page_offsets_map_back_to_the_raw_page(name: str) -> None:
    raw, body, _, _ = PAGES[name]
    art = clean(raw)
    lo, hi = _body_span(raw, body)
    for word, r0, r1 in raw_words(art, raw):
        assert raw[r0:r1] == word
        assert lo <= r0 < r1 <= hi
    for r in art.removed:
        assert raw[r.raw_start : r.raw_end] == r.text


@pytest.mark.parametrize("name", list(PAGES))
def test_page_entities_come_from_the_body(name: str, nlp) -> None:  # type: ignore[no-untyped-def]
    raw, body, chrome, _ = PAGES[name]
    result = bkkbn_nlp.analyze(raw, nlp=nlp)
    art = clean(raw)
    assert result.text == art.text
    assert result.entities
    lo, hi = _body_span(raw, body)
    for ent in result.entities:
        r0, r1 = art.to_raw(ent.start, ent.end)
        assert raw[r0:r1] == ent.text
        assert lo <= r0 < r1 <= hi, ent
        assert not any(ent.text in junk or junk in ent.text for junk in chrome), ent


def test_page_parts_are_reported_as_removed() -> None:
    art = clean(PORTAL)
    kinds = {r.kind for r in art.removed}
    assert {"markup", "related_link", "credit", "dateline"} <= kinds
    (related,) = [r for r in art.removed if r.kind == "related_link"]
    assert related.text.startswith('<div class="baca-juga">')
    # the headline is dropped from the text, but kept in what was removed
    assert any("<h1>Warga Lamundre Ikuti Penyuluhan KB</h1>" in r.text for r in art.removed)


def test_page_without_article_element_drops_the_boilerplate_only() -> None:
    raw = ("<!DOCTYPE html><html><head><title>Judul Situs</title></head><body>"
           "<nav><a>Beranda</a> <a>Berita</a></nav>"
           "<p>Kendari (ANTARA) - Rapat digelar di aula kantor.</p><p>Warga hadir.</p>"
           "<aside>Iklan di sini</aside><footer>Alamat redaksi</footer></body></html>")
    art = clean(raw)
    assert art.text == "Rapat digelar di aula kantor.\n\nWarga hadir."
    assert art.dateline is not None and art.dateline.agency == "ANTARA"


MALFORMED = """<html><head><title>Judul Rusak</title>
<body><nav><a href="/">Beranda</a> <a href="/b">Berita</a>
<div class="content"><p>Kendari (ANTARA) - Warga berkumpul di balai desa 3 kali seminggu.
<p>Harga gula 5 < 10 ribu rupiah, kata pedagang bernama Lina Marlina.
<div class="related"><a href="/x">Berita lain</a>
<p>Kegiatan berakhir sore hari.
<script>var x = 1;
"""


def test_malformed_page_keeps_the_article_text() -> None:
    art = clean(MALFORMED)
    for sentence in ["Warga berkumpul di balai desa 3 kali seminggu.",
                     "Harga gula 5 < 10 ribu rupiah, kata pedagang bernama Lina Marlina.",
                     "Kegiatan berakhir sore hari."]:
        assert sentence in art.text
    assert "Judul Rusak" not in art.text
    assert art.dateline is not None and art.dateline.place == "Kendari"
    for word, r0, r1 in raw_words(art, MALFORMED):
        assert MALFORMED[r0:r1] == word
    assert bkkbn_nlp.analyze(MALFORMED).text == art.text


@pytest.mark.parametrize("name", list(PAGES))
def test_truncated_pages_never_crash_or_lose_offsets(name: str) -> None:
    raw, body, _, _ = PAGES[name]
    hi = _body_span(raw, body)[1]
    for cut in range(0, len(raw), 37):
        part = raw[:cut] + "<"  # a stray "<" at the cut
        art = clean(part)
        for word, r0, r1 in raw_words(art, part):
            # a tag cut in two is text: strip_html may remove tags inside such a word
            if "<" not in word:
                assert word in (part[r0:r1], html.unescape(part[r0:r1]))
        for r in art.removed:
            assert part[r.raw_start : r.raw_end] == r.text
        if cut >= hi:  # the whole body is there: none of it is lost
            for b in body:
                assert b.split(" - ")[-1] in " ".join(art.text.split()), (cut, b)


def test_tags_inside_scripts_and_comments_are_not_elements() -> None:
    raw = ("<html><body><!-- <article><p>Bukan ini.</p></article> -->"
           "<script>document.write('<article><p>Juga bukan.</p></article>')</script>"
           "<div class=\"detail__body-text\"><p>Isi yang benar.</p></div>"
           "<div class=\"footer\">Kaki</div></body></html>")
    assert clean(raw).text == "Isi yang benar."


def test_a_form_wrapping_the_whole_page_is_kept() -> None:
    # ASP.NET pages wrap everything in one <form>: it is not boilerplate then
    prose = "Bupati meresmikan gedung baru yang dibangun selama dua tahun terakhir. " * 5
    raw = (f"<html><body><form id=\"form1\"><nav><a>A</a></nav><p>{prose}</p>"
           "</form></body></html>")
    assert clean(raw).text == prose.strip()


@pytest.mark.parametrize("fragment", [
    "<p>Satu kalimat.</p><p>Dua &amp; tiga.</p><script>var x = 1;</script>",
    "<nav>Menu</nav><p>Kendari (ANTARA) - Isi.</p>",
    "Harga <b>naik</b> lagi.",
])
def test_fragments_are_not_pages(fragment: str) -> None:
    assert not looks_like_page(fragment)
    assert extract_html_body(fragment) == []
    without = [s for s in DEFAULT_STEPS if s != "extract_html_body"]
    art, before = clean(fragment), clean(fragment, steps=without)
    assert (art.text, art.dateline, art.removed) == (before.text, before.dateline, before.removed)
    assert [art.to_raw(i, i + 1) for i in range(len(art.text))] == \
        [before.to_raw(i, i + 1) for i in range(len(before.text))]


def test_headline_never_glues_onto_the_first_sentence() -> None:
    raw = ("<html><body><article><h1>Judul Berita</h1>Kendari (ANTARA) - Isi berita."
           "</article></body></html>")
    art = clean(raw)
    assert art.text == "Isi berita."
    assert art.dateline is not None
