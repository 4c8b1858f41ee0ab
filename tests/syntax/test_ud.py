"""CoNLL-U reading and the preparation of UD Indonesian for the library's tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from bkkbn_nlp.syntax import ud

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ud"

MWT = """# sent_id = s1
# text = Rumahnya besar.
1-2\tRumahnya\t_\t_\t_\t_\t_\t_\t_\t_
1\tRumah\trumah\tNOUN\tNSD\tNumber=Sing\t3\tnsubj\t_\t_
2\tnya\tia\tPRON\tPS3\tPerson=3\t1\tnmod:poss\t_\t_
3\tbesar\tbesar\tADJ\tASP\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\tZ--\t_\t3\tpunct\t_\t_

"""


def test_parse_and_format_round_trip() -> None:
    sents = list(ud.parse_conllu(MWT))
    assert len(sents) == 1
    s = sents[0]
    assert s.text == "Rumahnya besar." and s.sent_id == "s1"
    assert [w.form for w in s.words] == ["Rumah", "nya", "besar", "."]
    assert s.multiword == [(1, 2, "Rumahnya", "_")]
    assert ud.format_conllu(sents) == MWT.rstrip("\n") + "\n\n"


def test_merge_multiword_tokens_keeps_the_host_analysis() -> None:
    merged = ud.merge_multiword_tokens(next(ud.parse_conllu(MWT)))
    assert [(w.id, w.form, w.upos, w.head, w.deprel) for w in merged.words] == [
        (1, "Rumahnya", "NOUN", 2, "nsubj"), (2, "besar", "ADJ", 0, "root"),
        (3, ".", "PUNCT", 2, "punct")]
    assert merged.multiword == []


def test_merge_reattaches_dependents_of_the_clitic() -> None:
    text = MWT.replace("4\t.\t.\tPUNCT\tZ--\t_\t3\t", "4\t.\t.\tPUNCT\tZ--\t_\t2\t")
    merged = ud.merge_multiword_tokens(next(ud.parse_conllu(text)))
    assert merged.words[2].head == 1  # was attached to "nya", now to "Rumahnya"


def test_modernise_legacy_labels() -> None:
    legacy = ("1\tJawa\t_\tPROPN\t_\t_\t3\tnsubj\t_\t_\n"
              "2\tTengah\t_\tPROPN\t_\t_\t1\tflat\t_\t_\n"
              "3\tdesa\t_\tNOUN\t_\t_\t0\troot\t_\t_\n"
              "4\tyang\t_\tPRON\t_\t_\t5\tnsubj\t_\t_\n"
              "5\tindah\t_\tADJ\t_\t_\t3\tacl\t_\t_\n"
              "6\tini\t_\tDET\t_\t_\t3\tflat\t_\t_\n\n")
    s = ud.modernise_legacy(next(ud.parse_conllu(legacy)))
    assert [w.deprel for w in s.words] == ["nsubj", "flat:name", "root", "nsubj", "acl:relcl",
                                           "flat"]


def test_malformed_line_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="line 1: expected 10"):
        list(ud.parse_conllu("1\tonly\tthree\n"))


def test_bundled_sample_reads() -> None:
    for path in sorted(EXAMPLES.glob("*.conllu")):
        sents = ud.read_conllu(path)
        assert sents and all(s.words for s in sents)
        for s in sents:
            ids = [w.id for w in s.words]
            assert ids == list(range(1, len(ids) + 1))
            assert all(0 <= w.head <= len(ids) for w in s.words)
