"""Batches of an annotation round, shared by the round scripts (``topic_annotate.py``,
``ner_sentences_annotate.py``): ``batches/batch_N.txt`` files of ids, one per line."""

from __future__ import annotations

from pathlib import Path


def write_batches(ids: list[str], folder: Path, batches: int, overlap: int) -> None:
    """Cut ``ids`` (already shuffled) into ``batches`` parts and write
    ``folder/batch_N.txt``; the first ``overlap`` ids of part N+1 (of part 1 for the last)
    are repeated at the end of part N, so that a share of the round is annotated twice."""
    size = -(-len(ids) // batches)
    parts = [ids[i * size:(i + 1) * size] for i in range(batches)]
    folder.mkdir(parents=True, exist_ok=True)
    for n, part in enumerate(parts, 1):
        extra = parts[n % len(parts)][:overlap] if len(parts) > 1 else []
        (folder / f"batch_{n}.txt").write_text("\n".join(part + extra) + "\n", encoding="utf-8")
        print(f"batch_{n}.txt: {len(part)} + {len(extra)} doubled")


def read_batches(folder: Path) -> dict[int, list[str]]:
    """``{N: ids of folder/batch_N.txt}``, in batch order."""
    paths = sorted(folder.glob("batch_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    return {int(p.stem.split("_")[1]): p.read_text(encoding="utf-8").split() for p in paths}
