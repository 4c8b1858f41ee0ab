"""Scale-out on Dask: a local cluster of 2 worker processes gives the single-process output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bkkbn_nlp.api import analyze_records, parse_jsonl_line, result_record

from .conftest import RAW_FIXTURE

dask_bag = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

SMALL = ["Satu. Dua.", "", "Plt. Kepala Kab. Konawe hadir. Ia pulang.",
         "Kepala Dinkes Kabupaten Garut, Andi Rahman, mengatakan bahwa layanan membaik.",
         "Kendari (ANTARA) - Rapat digelar di kantor bupati."]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c


def _shards(tmp_path: Path) -> list[Path]:
    fixture = RAW_FIXTURE.read_text(encoding="utf-8")
    records = [json.dumps({"id": f"t{i}", "text": t}, ensure_ascii=False)
               for i, t in enumerate([fixture, *SMALL])]
    bad = ["{not json", json.dumps({"id": "no-text"}), json.dumps({"id": "n", "text": 3})]
    lines = records[:3] + bad[:1] + records[3:5] + bad[1:] + records[5:]
    shards = []
    for k in range(3):
        path = tmp_path / f"shard{k}.jsonl"
        path.write_text("\n".join(lines[k::3]) + "\n", encoding="utf-8")
        shards.append(path)
    return shards


def _single_process(shards: list[Path]) -> list[dict[str, Any]]:
    """What one process gives for the same shards (the CLI's reading and record format)."""
    out = []
    for shard in shards:
        pairs = []
        for lineno, line in enumerate(shard.read_text(encoding="utf-8").splitlines(), 1):
            pairs.append(parse_jsonl_line(line, f"{shard}:{lineno}"))
        out.extend(result_record(k, r) for k, r in analyze_records(pairs))
    return out


def test_jsonl_shards_on_two_workers_match_single_process(client: Any, tmp_path: Path) -> None:
    from bkkbn_nlp import distributed as bd

    shards = _shards(tmp_path)
    written = bd.analyze_jsonl([str(s) for s in shards], str(tmp_path / "out" / "*.jsonl"))
    assert len(written) == 3
    got = [json.loads(line) for w in written
           for line in Path(w).read_text(encoding="utf-8").splitlines()]
    expected = _single_process(shards)
    # messages of bad lines carry the path as Dask spells it; compare codes and ids there
    assert [d["id"] for d in got if "error" not in d] == [
        d["id"] for d in expected if "error" not in d]
    assert [d for d in got if "error" not in d] == [d for d in expected if "error" not in d]
    assert [d["error"]["code"] for d in got if "error" in d] == ["E020", "E021", "E021"]
    assert len(got) == len(expected) == 9
    # each worker process loaded the pipeline at most once for its 3+ tasks
    loads = client.run(lambda: __import__("bkkbn_nlp.distributed").distributed.loads)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_bag_of_texts_and_records(client: Any) -> None:
    from bkkbn_nlp.distributed import analyze_bag

    texts = [RAW_FIXTURE.read_text(encoding="utf-8"), *SMALL]
    bag = dask_bag.from_sequence(texts, npartitions=3)
    got = analyze_bag(bag).compute()
    assert got == [r.to_dict() for _, r in analyze_records(enumerate(texts))]
    records = [{"id": i, "text": t} for i, t in enumerate(SMALL)] + [{"id": "x", "text": None}]
    out = analyze_bag(dask_bag.from_sequence(records, npartitions=2)).compute()
    assert [d["id"] for d in out] == [0, 1, 2, 3, 4, "x"]
    assert out[-1]["error"]["code"] == "E021"


def test_importing_the_package_does_not_import_dask() -> None:
    code = ("import sys, bkkbn_nlp, bkkbn_nlp.distributed, bkkbn_nlp.api; "
            "assert 'dask' not in sys.modules and 'distributed' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
