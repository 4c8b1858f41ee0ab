"""Train the stanza syntax models from UD Indonesian (``bkkbn-nlp train syntax``).

Data (``../shared/data/ud``, CC BY-SA 4.0; PUD 3.0): GSD's current train split is missing,
so the models learn from

* the UD v2.0 GSD train split (97k words; UPOS and dependencies only: its few features
  are dropped, it has no lemmas or XPOS), with the labels the 2021 revision changed by rule
  brought up to date (:func:`bkkbn_nlp.syntax.ud.modernise_legacy`); the tagger sees it
  0.6 times per epoch and the revised sets twice (``pos_ratios``),
* the current GSD dev split (revised annotation, with lemmas and features) except
  ``dev_gsd`` sentences held out for development,
* the CSUI train split (news; lemmas, features) except ``dev_csui`` held out.

GSD test, CSUI test and PUD stay unseen: training sentences whose text equals a test
sentence's are dropped. XPOS is not learned: GSD's (MorphInd) and CSUI's tag sets differ
and the largest set has none, so the tagger writes ``_``. Multiword tokens (``-nya``
clitics) are merged into one word analysed as its host (what the library's tokenizer
gives). Each stanza module (tagger, lemmatizer, parser) is run with the budgets below,
on the CPU, with no pretrained vectors or character LM.
"""

from __future__ import annotations

import gc
import hashlib
import json
import random
import runpy
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..about import __version__
from ..syntax import ud

TEST_FILES = {"gsd": "GSD_id_gsd-ud-test.conllu", "csui": "CSUI_id_csui-ud-test.conllu",
              "pud": "PUD_id_pud-ud-test.conllu"}
LEGACY = "GSD_id-ud-train.UDv2.0-legacy.conllu"
GSD_DEV = "GSD_id_gsd-ud-dev.conllu"
CSUI_TRAIN = "CSUI_id_csui-ud-train.conllu"


@dataclass
class SyntaxBudget:
    """Training budgets and sizes (the defaults fit a session on 2 CPU cores)."""

    seed: int = 24
    dev_gsd: int = 150
    dev_csui: int = 60
    pos_steps: int = 500
    pos_batch: int = 100
    #: steps without a better dev score before the optimizer changes (or training stops)
    pos_patience: int = 400
    parser_steps: int = 500
    parser_batch: int = 3000
    parser_patience: int = 500
    lemma_epochs: int = 8
    eval_interval: int = 100
    #: the tagger's passes per epoch over legacy GSD, current GSD and CSUI (the test sets
    #: follow the revised guidelines of the last two)
    pos_ratios: str = "0.6;2.0;2.0"
    char_hidden: int = 200
    hidden: int = 200
    parser_layers: int = 2
    #: extra stanza arguments per module (for tiny test runs)
    extra: dict[str, list[str]] = field(default_factory=dict)


def _key(sent: ud.Sentence) -> str:
    return " ".join(sent.text.lower().split())


def prepare(ud_dir: str | Path, out_dir: str | Path, budget: SyntaxBudget,
            limit: int | None = None) -> dict[str, Any]:
    """Write the training, development and test files to ``out_dir``; return their sizes.

    ``limit`` keeps only the first sentences of each training file (tests)."""
    src, out = Path(ud_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tests = {name: ud.read_conllu(src / f) for name, f in TEST_FILES.items() if (src / f).is_file()}
    unseen = {_key(s) for sents in tests.values() for s in sents}
    # the v2.0 features cover a few words only: learning them from it teaches "no feature"
    legacy = [ud.blank_column(ud.modernise_legacy(s), "feats")
              for s in ud.read_conllu(src / LEGACY) if _key(s) not in unseen]
    gsd = [ud.merge_multiword_tokens(s) for s in ud.read_conllu(src / GSD_DEV)
           if _key(s) not in unseen]
    csui = [ud.blank_column(ud.merge_multiword_tokens(s), "xpos")
            for s in ud.read_conllu(src / CSUI_TRAIN) if _key(s) not in unseen]
    gsd = [ud.blank_column(s, "xpos") for s in gsd]
    rng = random.Random(budget.seed)
    gi = list(range(len(gsd)))
    rng.shuffle(gi)
    ci = list(range(len(csui)))
    rng.shuffle(ci)
    g_dev, c_dev = set(gi[: budget.dev_gsd]), set(ci[: budget.dev_csui])
    files = {
        "train_legacy": legacy,
        "train_gsd": [s for i, s in enumerate(gsd) if i not in g_dev],
        "train_csui": [s for i, s in enumerate(csui) if i not in c_dev],
    }
    if limit is not None:
        files = {k: v[:limit] for k, v in files.items()}
    files["dev"] = ([s for i, s in enumerate(gsd) if i in g_dev]
                    + [s for i, s in enumerate(csui) if i in c_dev])
    if limit is not None:
        files["dev"] = files["dev"][:limit]
    files["train_parse"] = files["train_legacy"] + files["train_gsd"] + files["train_csui"]
    files["train_lemma"] = files["train_gsd"] + files["train_csui"]
    for name, sents in files.items():
        ud.write_conllu(sents, out / f"{name}.conllu")
    for name, sents in tests.items():
        ud.write_conllu([ud.merge_multiword_tokens(s) for s in sents], out / f"test_{name}.conllu")
    return {name: {"sentences": len(s), "words": sum(len(x.words) for x in s)}
            for name, s in files.items()}


def _run_module(module: str, args: Sequence[str]) -> float:
    """Run one of stanza's training modules in this process (with the CPU speed patch)."""
    from ..syntax.stanza_backend import require_stanza

    require_stanza()
    saved = sys.argv
    sys.argv = [module, *args]
    start = time.perf_counter()
    with warnings.catch_warnings():
        # stanza's scorer leaves its dev files open; close them here, quietly
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        finally:
            sys.argv = saved
            gc.collect()
    return time.perf_counter() - start


def train_stanza(ud_dir: str | Path, output: str | Path, *, work_dir: str | Path,
                 budget: SyntaxBudget | None = None, limit: int | None = None,
                 modules: Sequence[str] = ("pos", "lemma", "depparse")) -> dict[str, Any]:
    """Prepare the data, train the modules and write ``output`` (``pos.pt``, ``lemma.pt``,
    ``parser.pt``, ``meta.json``). Returns the metadata written."""
    budget = budget or SyntaxBudget()
    work, out = Path(work_dir), Path(output)
    data = work / "data"
    sizes = prepare(ud_dir, data, budget, limit=limit)
    out.mkdir(parents=True, exist_ok=True)
    common = ["--lang", "id", "--shorthand", "id_bkkbn", "--cpu", "--seed", str(budget.seed)]
    seconds: dict[str, float] = {}
    if "pos" in modules:
        seconds["pos"] = _run_module("stanza.models.tagger", [
            *common, "--train_file",
            ";".join(str(data / f"{n}.conllu")
                     for n in ("train_legacy", "train_gsd", "train_csui")),
            "--train_ratios", budget.pos_ratios,
            "--eval_file", str(data / "dev.conllu"), "--output_file", str(work / "pos_dev.conllu"),
            "--no_pretrain", "--save_dir", str(out), "--save_name", "pos.pt",
            "--max_steps", str(budget.pos_steps), "--eval_interval", str(budget.eval_interval),
            "--fix_eval_interval", "--max_steps_before_stop", str(budget.pos_patience),
            "--batch_size", str(budget.pos_batch), "--char_hidden_dim", str(budget.char_hidden),
            "--hidden_dim", str(budget.hidden), "--log_step", "20",
            *budget.extra.get("pos", [])])
    if "lemma" in modules:
        seconds["lemma"] = _run_module("stanza.models.lemmatizer", [
            *common[2:], "--train_file", str(data / "train_lemma.conllu"),
            "--eval_file", str(data / "dev.conllu"),
            "--output_file", str(work / "lemma_dev.conllu"),
            "--save_dir", str(out), "--save_name", "lemma.pt",
            "--num_epoch", str(budget.lemma_epochs), *budget.extra.get("lemma", [])])
    if "depparse" in modules:
        seconds["depparse"] = _run_module("stanza.models.parser", [
            *common, "--train_file", str(data / "train_parse.conllu"),
            "--eval_file", str(data / "dev.conllu"),
            "--output_file", str(work / "parse_dev.conllu"),
            "--no_pretrain", "--no_xpos", "--no_ufeats", "--save_dir", str(out),
            "--save_name", "parser.pt", "--no_checkpoint",
            "--max_steps", str(budget.parser_steps), "--eval_interval", str(budget.eval_interval),
            "--max_steps_before_stop", str(budget.parser_patience),
            "--batch_size", str(budget.parser_batch), "--hidden_dim", str(budget.hidden),
            "--num_layers", str(budget.parser_layers),
            "--deep_biaff_hidden_dim", str(budget.hidden),
            "--deep_biaff_output_dim", "100", "--char_hidden_dim", str(budget.char_hidden),
            "--log_step", "20", *budget.extra.get("depparse", [])])
    for name in ("pos.pt", "lemma.pt", "parser.pt"):
        if (out / name).is_file():
            compact_model(out / name)
    return write_meta(out, ud_dir, budget, sizes, seconds, limit=limit)


def compact_model(path: str | Path) -> int:
    """Store a stanza model file's weights as float16 (half the size; stanza casts them
    back to float32 when it loads them). Returns the new size in bytes."""
    import torch

    path = Path(path)
    data = torch.load(path, map_location="cpu", weights_only=False)
    state = data.get("model")
    if isinstance(state, dict):
        for key, value in state.items():
            if isinstance(value, torch.Tensor) and value.dtype == torch.float32:
                state[key] = value.half()
    # drop what only training needs
    for key in ("optimizer", "scheduler"):
        data.pop(key, None)
    torch.save(data, path)
    return path.stat().st_size


def write_meta(out: Path, ud_dir: str | Path, budget: SyntaxBudget, sizes: dict[str, Any],
               seconds: dict[str, float], *, limit: int | None = None,
               scores: dict[str, Any] | None = None) -> dict[str, Any]:
    import stanza
    import torch

    files = {}
    for name in ("pos.pt", "lemma.pt", "parser.pt"):
        if (out / name).is_file():
            files[name] = {"bytes": (out / name).stat().st_size,
                           "sha256": hashlib.sha256((out / name).read_bytes()).hexdigest()}
    meta = {
        "name": "bkkbn_stanza_id",
        "description": "stanza tagger (UPOS, features), lemmatizer and dependency parser "
                       "for Indonesian news, trained on the pipeline's tokens (multiword "
                       "tokens merged). No pretrained vectors or character LM.",
        "bkkbn_nlp_version": __version__,
        "stanza_version": stanza.__version__,
        "torch_version": torch.__version__,
        "trained": time.strftime("%Y-%m-%d"),
        "sources": [
            {"name": "UD Indonesian-GSD (v2.0 train; current dev)", "licence": "CC BY-SA 4.0"},
            {"name": "UD Indonesian-CSUI (train)", "licence": "CC BY-SA 4.0"},
        ],
        "licence": "CC BY-SA 4.0 (the models are trained on CC BY-SA data; see NOTICE)",
        "data": sizes,
        "held_out_tests": sorted(f"test_{n}" for n in TEST_FILES),
        "budget": asdict(budget),
        "limit": limit,
        "train_seconds": {k: round(v, 1) for k, v in seconds.items()},
        "files": files,
        "scores": scores or {},
        "ud_dir": str(Path(ud_dir).name),
    }
    old = out / "meta.json"
    if old.is_file():  # modules trained by separate runs (--module) add up
        previous = json.loads(old.read_text(encoding="utf-8"))
        meta["train_seconds"] = {**previous.get("train_seconds", {}), **meta["train_seconds"]}
        if not scores:
            meta["scores"] = previous.get("scores", {})
    old.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "NOTICE").write_text(
        "These stanza models were trained by bkkbn_nlp on Universal Dependencies Indonesian\n"
        "treebanks GSD (McDonald et al. 2013; Zeman, Alfina et al.) and CSUI (Alfina et al.),\n"
        "licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). The model\n"
        "files are shared under the same licence.\n", encoding="utf-8")
    return meta
