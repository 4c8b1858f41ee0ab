"""The gazetteer and rule layer over the NER (invented sentences, not the fixture)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from bkkbn_nlp.pipeline import TOKENIZER_CONFIG


@pytest.fixture(scope="module")
def rules_nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    nlp.add_pipe("bkkbn_entity_rules")
    return nlp


def ents(doc):  # type: ignore[no-untyped-def]
    return [(e.text, e.label_, e._.normalized) for e in doc.ents]


GOLDEN = [
    ("Kepala BPBD Jabar meninjau Kab. Garut.",
     [("BPBD Jabar", "ORG", "Badan Penanggulangan Bencana Daerah Jawa Barat"),
      ("Kab. Garut", "LOC", "Garut")]),  # guideline 2.3: no administrative word
    ("Dinkes Kabupaten Konawe Selatan dan Polda Sulawesi Tenggara bekerja sama.",
     [("Dinkes Kabupaten Konawe Selatan", "ORG", "Dinas Kesehatan Kabupaten Konawe Selatan"),
      ("Polda Sulawesi Tenggara", "ORG", "Kepolisian Daerah Sulawesi Tenggara")]),
    ("Kemenkes dan BPS merilis data di Jakarta.",
     [("Kemenkes", "ORG", "Kementerian Kesehatan"), ("BPS", "ORG", "Badan Pusat Statistik"),
      ("Jakarta", "LOC", "Daerah Khusus Ibukota Jakarta")]),
    ("Warga mengumpulkan batu di sungai.", []),
    # countries and world regions; a language name is not the country
    ("Delegasi Jepang dan Korea Selatan tiba dari Asia Tenggara.",
     [("Jepang", "LOC", "Jepang"), ("Korea Selatan", "LOC", "Korea Selatan"),
      ("Asia Tenggara", "LOC", "Asia Tenggara")]),
    ("Ia fasih berbahasa Inggris dan mengajar bahasa Inggris.", []),
    # a country after a currency word names the currency (guideline 2.4), not a place
    ("Rupiah melemah ke 14.000 per dolar AS, kata pejabat Singapura.",
     [("Singapura", "LOC", "Singapura")]),
    ("Harga itu 20 dolar Singapura di Jepang.", [("Jepang", "LOC", "Jepang")]),
    # a place inside a competition's name (guideline 2.6)
    ("Laga Liga Inggris dan MotoGP Italia digelar, lalu Piala Asia di Jepang.",
     [("Jepang", "LOC", "Jepang")]),
    # a parliamentary commission is one ORG with its parliament (guideline 2.2)
    ("Anggota Komisi III DPR dan Komisi A DPRD Jabar rapat dengan Komisi IX.",
     [("Komisi III DPR", "ORG", "Komisi III Dewan Perwakilan Rakyat"),
      ("Komisi A DPRD Jabar", "ORG", "Komisi A Dewan Perwakilan Rakyat Daerah Jawa Barat"),
      ("Komisi IX", "ORG", "Komisi IX")]),
    ("Komisi Yudisial memeriksa hakim.", [("Komisi Yudisial", "ORG", "Komisi Yudisial")]),
    # Jakarta's administrative cities by their usual names, also after an agency
    ("Banjir di Jakarta Utara, gugatan ke PN Jakarta Pusat.",
     [("Jakarta Utara", "LOC", "Jakarta Utara"),
      ("PN Jakarta Pusat", "ORG", "Pengadilan Negeri Kota Administrasi Jakarta Pusat")]),
]


@pytest.mark.parametrize("text,expected", GOLDEN, ids=[t for t, _ in GOLDEN])
def test_gazetteer_rules(rules_nlp, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert ents(rules_nlp(text)) == expected


def test_model_places_in_names_of_things_are_dropped() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Ia belajar bahasa Indonesia di Bandung.")
    doc.ents = [Span(doc, 3, 4, label="LOC"), Span(doc, 5, 6, label="LOC")]
    doc = nlp.get_pipe("bkkbn_entity_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Bandung", "LOC")]


def test_commission_id_and_model_pieces_replaced(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = rules_nlp.make_doc("Anggota Komisi III DPR hadir.")
    doc.ents = [Span(doc, 3, 4, label="ORG")]  # the model found only "DPR"
    doc = rules_nlp.get_pipe("bkkbn_entity_rules")(doc)
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Komisi III DPR", "agency:dpr/komisi-iii")]


def test_currency_country_in_brackets_and_legal_forms_are_dropped() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Nilai yuan (Tiongkok) turun dan PT Adira (Persero) untung di Bandung.")
    # model spans: Tiongkok LOC, PT Adira ORG, Persero ORG, Bandung LOC
    doc.ents = [Span(doc, 3, 4, label="LOC"), Span(doc, 7, 9, label="ORG"),
                Span(doc, 10, 11, label="ORG"), Span(doc, 14, 15, label="LOC")]
    doc = nlp.get_pipe("bkkbn_entity_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("PT Adira", "ORG"), ("Bandung", "LOC")]


@pytest.mark.parametrize("rank", ["Kompol", "Aiptu", "Briptu", "Serma", "Letda", "Laksda"])
def test_police_and_military_ranks_are_not_part_of_names(rank: str) -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc(f"{rank} Budi Santoso mengatakan itu.")
    doc.ents = [Span(doc, 0, 3, label="PER")]
    doc = nlp.get_pipe("bkkbn_entity_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Budi Santoso", "PER")]


def test_acronym_defined_in_text_links_both_forms(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Lembaga Dana Desa (LDD) hadir. Kemudian LDD menyatakan siap.")
    doc.ents = [Span(doc, 0, 3, label="ORG")]
    doc = nlp.get_pipe("bkkbn_entity_rules")(doc)
    found = [(e.text, e._.normalized) for e in doc.ents]
    assert ("LDD", "Lembaga Dana Desa") in found
    assert found.count(("LDD", "Lembaga Dana Desa")) == 2  # in brackets and the later mention
    assert ("Lembaga Dana Desa", "Lembaga Dana Desa") in found


def test_titles_are_stripped_and_roles_attached() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    rules = nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.make_doc("Kepala BPBD Jabar, Andi Rahman, hadir. Bupati Garut Siti Aminah juga.")
    for _, proc in nlp.pipeline[:1]:
        doc = proc(doc)
    # a statistical model would label the names; here we set them, titles included
    doc.ents = [Span(doc, 4, 6, label="PER"), Span(doc, 9, 13, label="PER")]
    doc = rules(doc)
    people = {p["name"]: p for p in doc._.people}
    assert set(people) == {"Andi Rahman", "Siti Aminah"}
    assert people["Andi Rahman"]["role"] == "Kepala"
    assert people["Andi Rahman"]["organization"] == "BPBD Jabar"
    assert (people["Siti Aminah"]["role"], people["Siti Aminah"]["organization"]) == \
        ("Bupati", "Garut")  # the area a head of region leads is the organisation
    per = [e for e in doc.ents if e.label_ == "PER"]
    assert [e.text for e in per] == ["Andi Rahman", "Siti Aminah"]
    assert per[0]._.role == "Kepala"


# -- roles and acronyms on invented sentences (none written from a corpus article) ---------

from bkkbn_nlp.entities.rules import spells_acronym  # noqa: E402


@pytest.mark.parametrize("words,acronym,expected", [
    ("Badan Pusat Statistik", "BPS", True),
    ("Badan Perencanaan Pembangunan Nasional", "Bappenas", True),
    ("Perserikatan Bangsa-Bangsa", "PBB", True),
    ("Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "KemenPPPA", True),
    ("Badan Usaha Milik Desa", "Bumdes", True),
    ("Dinas Kesehatan", "BPS", False),
    ("Kota Bandung", "Senin", False),
    ("Pusat Statistik", "BPS", False),
])
def test_spells_acronym(words: str, acronym: str, expected: bool) -> None:
    assert spells_acronym(words.split(), acronym) is expected


def _with_people(text: str, names: list[str]):  # type: ignore[no-untyped-def]
    """Run the sentence rules and the entity rules on ``text`` with ``names`` labelled PER
    as a statistical model would (the model is not under test here)."""
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_sentencizer")
    rules = nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp.get_pipe("bkkbn_sentencizer")(nlp.make_doc(text))
    spans = []
    for name in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label="PER")
        assert span is not None, name
        spans.append(span)
    doc.ents = spans
    return rules(doc)


def test_acronym_of_an_unlisted_body_links_later_mentions() -> None:
    doc = _with_people("Lembaga Sertifikasi Profesi Nelayan (LSPN) dibentuk tahun ini. "
                       "Ketua LSPN, Rina Marlina, menyebut LSPN siap bekerja.", ["Rina Marlina"])
    lspn = [e for e in doc.ents if e.text == "LSPN"]
    assert len(lspn) == 3
    assert all(e.label_ == "ORG" for e in lspn)
    assert {e._.normalized for e in lspn} == {"Lembaga Sertifikasi Profesi Nelayan"}
    person = doc._.people[0]
    assert (person["name"], person["role"], person["organization"]) == \
        ("Rina Marlina", "Ketua", "LSPN")


def test_syllabic_acronym_defined_in_text() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp("Badan Usaha Milik Desa (Bumdes) Sukamaju membuka toko. Laba Bumdes naik.")
    found = [(e.text, e.label_, e._.normalized) for e in doc.ents]
    assert ("Bumdes", "ORG", "Badan Usaha Milik Desa") in found
    assert sum(1 for f in found if f[0] == "Bumdes") == 2


@pytest.mark.parametrize("text,names,expected", [
    # appositive after a sentence-opening preposition
    ("Menurut Kepala Dinkes Kabupaten Garut, Budi Santoso, kasus turun.", ["Budi Santoso"],
     {"Budi Santoso": ("Kepala", "Dinkes Kabupaten Garut")}),
    # multiword title, place in the role, honorific not in the role
    ("Wakil Bupati Garut dr. Rina Marlina meninjau pasar.", ["Rina Marlina"],
     {"Rina Marlina": ("Wakil Bupati", "Garut")}),
    # role with a rank between the office and the name
    ("Kapolres Bantul AKBP Rudi Hartono mengatakan pelaku ditangkap.", ["Rudi Hartono"],
     {"Rudi Hartono": ("Kapolres", "Bantul")}),
    # two officials joined by "dan": each keeps their own title
    ("Bupati Sleman Dewi Lestari dan Wakil Bupati Agus Salim hadir.",
     ["Dewi Lestari", "Agus Salim"],
     {"Dewi Lestari": ("Bupati", "Sleman"), "Agus Salim": ("Wakil Bupati", None)}),
    # the role after the name, as an appositive
    ("Andi Rahman, Ketua DPRD Kabupaten Garut, mengatakan anggaran cukup.", ["Andi Rahman"],
     {"Andi Rahman": ("Ketua", "DPRD Kabupaten Garut")}),
    # no title: no role, and a description after the name is not a role
    ("Andi Rahman, warga Garut, mengaku senang.", ["Andi Rahman"],
     {"Andi Rahman": (None, None)}),
    # the agency after the comma-less title, and a role with a field
    ("Kabid Pengendalian Penduduk BKKBN Jabar Siti Aminah membuka acara.", ["Siti Aminah"],
     {"Siti Aminah": ("Kabid Pengendalian Penduduk", "BKKBN Jabar")}),
])
def test_roles_and_organisations(text: str, names: list[str],  # type: ignore[no-untyped-def]
                                 expected) -> None:
    doc = _with_people(text, names)
    got = {p["name"]: (p["role"], p["organization"]) for p in doc._.people}
    assert got == expected
    for ent in doc.ents:
        if ent.label_ == "PER":
            assert not any(tok.lower_.rstrip(".") in {"bupati", "wakil", "dr", "akbp", "kabid"}
                           for tok in ent)


def test_title_and_place_split_from_a_person_span() -> None:
    # a model span "Sleman Dewi Lestari" after the title: the place is not part of the name
    doc = _with_people("Bupati Sleman Dewi Lestari hadir.", ["Sleman Dewi Lestari"])
    assert [(e.text, e.label_) for e in doc.ents] == [("Sleman", "LOC"), ("Dewi Lestari", "PER")]
    assert (doc._.people[0]["role"], doc._.people[0]["organization"]) == ("Bupati", "Sleman")


def test_province_short_form_with_provinsi() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp("Warga Provinsi NTB dan BKKBN Provinsi Sultra bekerja sama. Pemerintah "
              "Provinsi NTB membantu.")
    found = [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    assert ("Provinsi NTB", "LOC", "region:52") in found
    assert ("Pemerintah Provinsi NTB", "ORG", "agency:pemprov@region:52") in found
    assert ("BKKBN Provinsi Sultra", "ORG", "agency:bkkbn@region:74") in found


@pytest.mark.parametrize("text,expected_ents,person", [
    ("Wali Kota Kendari Andi Rahman membuka pasar murah.",
     [("Kendari", "LOC"), ("Andi Rahman", "PER")], ("Andi Rahman", "Wali Kota", "Kendari")),
    ("Gubernur Bank Indonesia Budi Santoso hadir.",
     [("Bank Indonesia", "ORG"), ("Budi Santoso", "PER")],
     ("Budi Santoso", "Gubernur", "Bank Indonesia")),
    # a weekday after "<title> <place>" is not a name
    ("Bupati Garut Senin meninjau sawah.", [("Garut", "LOC")], None),
])
def test_name_after_title_and_place(text: str, expected_ents,  # type: ignore[no-untyped-def]
                                    person) -> None:
    # no statistical model: the rules alone find the person after "<title> <place>"
    doc = _with_people(text, [])
    assert [(e.text, e.label_) for e in doc.ents] == expected_ents
    people = [(p["name"], p["role"], p["organization"]) for p in doc._.people]
    assert people == ([person] if person else [])


def test_later_bare_mention_has_no_role_but_the_person_keeps_it() -> None:
    doc = _with_people("Kepala BPBD Jabar, Andi Rahman, hadir. Warga menyambut Andi Rahman.",
                       ["Andi Rahman"])
    # label the second mention too
    second = doc.text.rindex("Andi Rahman")
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    rules = nlp.add_pipe("bkkbn_entity_rules")
    doc.ents = [*(e for e in doc.ents if e.label_ != "PER"),
                doc.char_span(doc.text.index("Andi Rahman"), doc.text.index("Andi Rahman") + 11,
                              label="PER"),
                doc.char_span(second, second + 11, label="PER")]
    doc = rules(doc)
    per = [e for e in doc.ents if e.label_ == "PER"]
    assert [(e._.role, e._.organization) for e in per] == [("Kepala", "BPBD Jabar"), (None, None)]
    assert [(p["name"], p["role"], len(p["mentions"])) for p in doc._.people] == \
        [("Andi Rahman", "Kepala", 2)]


def test_acronym_before_its_expansion() -> None:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("bkkbn_entity_rules")
    doc = nlp("Petugas KPPS (Kelompok Penyelenggara Pemungutan Suara) bekerja sejak pagi. "
              "Setiap KPPS punya tujuh anggota.")
    found = [(e.text, e.label_, e._.normalized) for e in doc.ents]
    assert ("Kelompok Penyelenggara Pemungutan Suara", "ORG",
            "Kelompok Penyelenggara Pemungutan Suara") in found
    assert found.count(("KPPS", "ORG", "Kelompok Penyelenggara Pemungutan Suara")) == 2


@pytest.mark.parametrize("text,expected", [
    # the first or last word of a name mentioned in an earlier sentence is the person
    ("Kepala Dinas Sosial, Andi Rahman, meninjau lokasi. Bantuan itu, menurut Rahman, cukup.",
     [("Andi Rahman", "PER", "Andi Rahman"), ("Rahman", "PER", "Andi Rahman")]),
    # another person sharing a word keeps a name of their own
    ("Andi Rahman hadir. Rahman Saputra juga hadir.",
     [("Andi Rahman", "PER", "Andi Rahman"), ("Rahman Saputra", "PER", "Rahman Saputra")]),
])
def test_later_name_mentions(text: str, expected) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    got = [e for e in ents(bkkbn_nlp.load()(text)) if e[1] == "PER"]
    assert got == expected


def test_organisation_head_makes_an_org() -> None:
    import bkkbn_nlp

    doc = bkkbn_nlp.load()("Pasien itu dirawat di Rumah Sakit Jiwa Permai Johor Bahru sejak Senin.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Rumah Sakit Jiwa Permai Johor Bahru", "ORG")]


def test_blended_nickname_is_normalised_to_the_full_name() -> None:
    import bkkbn_nlp

    doc = bkkbn_nlp.load()("Gubernur Bambang Sutejo meresmikan pasar itu. Bamsut mengatakan "
                           "pasar itu akan buka setiap hari.")
    assert [(e.text, e._.normalized) for e in doc.ents if e.label_ == "PER"] == [
        ("Bambang Sutejo", "Bambang Sutejo"), ("Bamsut", "Bambang Sutejo")]


def test_parties_and_international_bodies(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = rules_nlp("Pengurus Partai Golkar dan PDIP bertemu utusan IMF.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Partai Golkar", "ORG", "agency:golkar"), ("PDIP", "ORG", "agency:pdip"),
        ("IMF", "ORG", "agency:imf")]


@pytest.mark.parametrize(("text", "spans", "expected"), [
    # a dash with spaces between two full names: a pair, two people
    ("Pasangan Andi Rahman - Siti Aminah menang.", ["Andi Rahman - Siti Aminah"],
     [("Andi Rahman", "PER"), ("Siti Aminah", "PER")]),
    # written against the words, or with one word on a side: one name
    ("Hadir pula Faruq El-Shara kemarin.", ["Faruq El-Shara"], [("Faruq El-Shara", "PER")]),
    ("Aktris Dewi Zeta - Jones datang.", ["Dewi Zeta - Jones"], [("Dewi Zeta - Jones", "PER")]),
])
def test_pairs_of_names_are_split_at_a_spaced_dash(text: str, spans: list[str],
                                                   expected: list[tuple[str, str]]) -> None:
    doc = _with_people(text, spans)
    assert [(e.text, e.label_) for e in doc.ents] == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("Hadir pula Ny. Dewi Lestari kemarin.", "Ny. Dewi Lestari", "Dewi Lestari"),
    ("Kuasa hukumnya, Andi Rahman SH menolak.", "Andi Rahman SH", "Andi Rahman"),
    ("Sir Budi Santoso M.Si. hadir.", "Sir Budi Santoso M.Si.", "Budi Santoso"),
    ("Mantan menteri Mahfud MD hadir.", "Mahfud MD", "Mahfud MD"),  # a name, not a degree
])
def test_honorifics_and_degrees_are_not_part_of_names(text: str, span: str,
                                                      expected: str) -> None:
    doc = _with_people(text, [span])
    assert [(e.text, e.label_) for e in doc.ents] == [(expected, "PER")]


def test_world_cities_fill_gaps_but_leave_a_model_org(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = rules_nlp("Delegasi itu terbang dari Moscow ke Praha, lalu ke Kairo.")
    assert [(e.text, e.label_, e._.normalized) for e in doc.ents] == [
        ("Moscow", "LOC", "Moskow"), ("Praha", "LOC", "Praha"), ("Kairo", "LOC", "Kairo")]
    assert doc.ents[0].kb_id_ == "city:RU:Moskow"
    # "Washington" as a model ORG (a club, a newspaper) is kept; as a model PER it is a place
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    rules = nlp.add_pipe("bkkbn_entity_rules")
    for label, expected in (("ORG", "ORG"), ("PER", "LOC")):
        doc = nlp.make_doc("Tim Washington menang semalam.")
        doc.ents = [Span(doc, 1, 2, label=label)]
        assert [(e.text, e.label_) for e in rules(doc).ents] == [("Washington", expected)]


def test_ministry_spelling_variants_and_news_agencies(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = rules_nlp("Departemen Keuangan dan Kementrian Pertanian dikutip Reuters dan Xinhua.")
    assert [(e.text, e.label_, e._.normalized) for e in doc.ents] == [
        ("Departemen Keuangan", "ORG", "Kementerian Keuangan"),
        ("Kementrian Pertanian", "ORG", "Kementerian Pertanian"),
        ("Reuters", "ORG", "Reuters"), ("Xinhua", "ORG", "Xinhua")]
    assert doc.ents[0].kb_id_ == "agency:kemenkeu"


@pytest.mark.parametrize(("text", "span", "label"), [
    ("Saham Qualcomm Inc naik tajam.", "Qualcomm Inc", "ORG"),
    ("Maskapai Garuda Airlines menambah rute.", "Garuda Airlines", "ORG"),
    ("Menurut Andi Rahman hal itu wajar.", "Andi Rahman", "PER"),  # a name stays a name
])
def test_person_span_ending_with_a_company_word_is_an_org(text: str, span: str,
                                                          label: str) -> None:
    doc = _with_people(text, [span])
    assert [(e.text, e.label_) for e in doc.ents] == [(span, label)]


def test_places_inside_names_of_buildings_and_tournaments_are_dropped(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = rules_nlp("Presiden menerima tamu di Istana Bogor, lalu terbang ke Bogor.")
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [("Bogor", "LOC", 56)]


def test_a_lower_case_building_word_keeps_the_place(rules_nlp) -> None:  # type: ignore[no-untyped-def]
    # "stadion Palu" is a stadium in Palu; "Stadion Palu" would be the stadium's name
    assert [e.text for e in rules_nlp("Mereka berlatih di stadion Palu.").ents] == ["Palu"]
    assert [e.text for e in rules_nlp("Mereka berlatih di Stadion Palu.").ents] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Roket jatuh di Israel utara kemarin.", ["Israel utara"]),
    ("Gempa melanda Afrika barat daya.", ["Afrika barat daya"]),
    ("Ia tiba di Jakarta, utara dari sini.", ["Jakarta"]),  # a comma: not the place's part
])
def test_lower_case_direction_joins_the_place(rules_nlp, text: str,  # type: ignore[no-untyped-def]
                                             expected: list[str]) -> None:
    assert [e.text for e in rules_nlp(text).ents] == expected


@pytest.mark.parametrize(("text", "model", "expected"), [
    # the word after the title of a unit's head is the unit, part of the role
    ("Kabid Humas Budi Santoso hadir.", ["Humas Budi Santoso"], [("Budi Santoso", "PER")]),
    ("Kasi Intel hadir.", ["Intel"], []),
    ("Kabag Umum, Siti Aminah, hadir.", ["Umum", "Siti Aminah"], [("Siti Aminah", "PER")]),
    # other titles keep the next word: "Ketua Andi Rahman"
    ("Ketua Andi Rahman hadir.", ["Andi Rahman"], [("Andi Rahman", "PER")]),
])
def test_the_unit_after_a_unit_heads_title_is_not_a_person(
        text: str, model: list[str], expected: list[tuple[str, str]]) -> None:
    doc = _with_people(text, model)
    assert [(e.text, e.label_) for e in doc.ents] == expected
