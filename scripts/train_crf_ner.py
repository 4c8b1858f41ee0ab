"""Train the CRF NER shipped in the default pipeline (CRFsuite, gazetteer features): a
wrapper of ``bkkbn-nlp train crf`` (:mod:`bkkbn_nlp.training.crf`) whose defaults are rooted
at this checkout (``--data ../shared/data/ner``, ``--output training/crf``), from any folder.

Run it when the NER training data change (a new review or annotation round) or to try
features and parameters, before ``scripts/build_default_pipeline.py --crf``; ``bkkbn-nlp
train ner`` trains a CRF from any labelled files, this script the shipped model from the
project's data sets.

Usage::

    python scripts/train_crf_ner.py --data ../shared/data/ner --output training/crf \\
        [--c1 0.01] [--c2 0.05] [--max-iterations 150] [--grid] [--include-dev] \\
        [--lexicon pos,nnp,cap] [--vectors training/vectors/spacy --lexicon c100,c400] \\
        [--corrections data/annotations/idner/corrections.jsonl] \\
        [--news-train data/annotations/entities/train [--news-weight 2]]

Train: idner-news-2k train + NERGrit train (labels mapped to PER/ORG/LOC). Model
selection (``--grid``: c1 x c2) on idner-news-2k dev, gold tokens. With ``--corrections``,
the idner train and dev sentences our annotators reviewed (docs/annotation-guidelines.md §7)
replace the corpus's own labels, in training and in the dev score. With ``--news-train``,
the articles of the 2015 news corpus our annotators labelled for training
(``entities_train_*.jsonl``, scripts/news_ner_annotate.py: business, sport, technology and
lifestyle news as well as national news) are added, cleaned and tokenized as the pipeline
does, ``--news-weight`` times. Writes
``OUTPUT/model.crfsuite`` and ``OUTPUT/metrics.json`` (data sets, licences, parameters, dev
scores, training time). The options are those of ``bkkbn-nlp train crf --help``;
``--news-train`` also takes several paths after one flag, as it always did.
"""

from __future__ import annotations

from _wrapper import NEWS_CORPUS, ROOT, SHARED, run  # scripts/ is on sys.path

if __name__ == "__main__":
    run(["train", "crf"], {"--data": SHARED / "ner", "--output": ROOT / "training" / "crf",
                           "--corpus": NEWS_CORPUS}, several=["--news-train"])
