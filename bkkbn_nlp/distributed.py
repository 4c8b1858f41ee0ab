"""Run the analysis on Dask (the optional ``dask`` extra: ``pip install 'bkkbn_nlp[dask]'``).

A ``dask.bag`` of articles is analysed partition by partition; every worker process loads
the pipeline once, on its first task, and keeps it for all later tasks (a module-level
cache), so only the pipeline's path travels with a task, never the pipeline itself::

    from dask.distributed import Client, LocalCluster
    from bkkbn_nlp.distributed import analyze_jsonl

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        analyze_jsonl("shards/*.jsonl", "results/*.jsonl")

The output lines are those of ``bkkbn-nlp analyze --jsonl``: ``{"id": ..., **analysis}``,
or ``{"id": ..., "error": {"code": ..., "message": ...}}`` for a record that could not be
analysed, in input order within each shard. Dask is imported only when these functions are
called; ``import bkkbn_nlp`` never imports it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .api import RecordError, _describe, analyze_records, parse_jsonl_line, result_record
from .errors import Errors

if TYPE_CHECKING:
    import dask.bag
    from spacy.language import Language

__all__ = ["analyze_bag", "read_jsonl", "write_jsonl", "analyze_jsonl", "worker_pipeline"]

_lock = threading.Lock()
_pipelines: dict[str | None, Language] = {}
#: How many pipelines this process has loaded (one per worker process is expected).
loads = 0


#: Marks an item given as a bare text: its result has no ``id`` field.
_NO_ID = object()


def _dask_bag() -> Any:
    try:
        import dask.bag as db
    except ImportError as exc:
        raise ImportError(Errors.E025.format(missing=exc.name or "dask")) from None
    return db


def worker_pipeline(model: str | None = None) -> Language:
    """The pipeline of this process: loaded on first use, then reused by every task.

    Args:
        model: A pipeline directory readable by every worker; ``None``: the bundled one.
    """
    global loads
    with _lock:
        if model not in _pipelines:
            from .pipeline import load

            _pipelines[model] = load(model)
            loads += 1
        return _pipelines[model]


def _as_record(item: Any) -> tuple[Any, object]:
    if isinstance(item, str):
        return _NO_ID, item
    if isinstance(item, tuple) and len(item) == 2:
        return item
    if isinstance(item, dict):
        text = item.get("text")
        if not isinstance(text, str):
            got = "no 'text' field" if "text" not in item else f"'text' is {_describe(text)}"
            return item.get("id"), RecordError.from_catalogue("E021", got=got)
        return item.get("id"), text
    return _NO_ID, item


def _analyze_partition(items: Iterable[Any], model: str | None,
                       batch_size: int) -> list[dict[str, Any]]:
    records = (_as_record(item) for item in items)
    out = []
    for key, result in analyze_records(records, nlp=worker_pipeline(model),
                                       batch_size=batch_size):
        if key is _NO_ID:
            out.append({"error": result.to_dict()} if isinstance(result, RecordError)
                       else result.to_dict())
        else:
            out.append(result_record(key, result))
    return out


def analyze_bag(bag: dask.bag.Bag, model: str | None = None,
                batch_size: int = 32) -> dask.bag.Bag:
    """Analyse a bag of articles; nothing runs until the bag is computed.

    Args:
        bag: Items are texts (``str``), records (``{"id": ..., "text": ...}``) or
            ``(id, text)`` pairs such as :func:`read_jsonl` gives.
        model: A pipeline directory readable by every worker; ``None``: the bundled one.
            Each worker process loads it once (:func:`worker_pipeline`).
        batch_size: Texts per ``nlp.pipe`` batch inside a partition.

    Returns:
        A bag of JSON-ready dicts in the order of ``bag``: the analysis (with ``id`` for
        records and pairs), or ``{"id": ..., "error": {"code", "message"}}`` for a record
        that could not be analysed (a text is never lost to an exception).
    """
    _dask_bag()
    return bag.map_partitions(_analyze_partition, model, batch_size)


def _parse_partition(lines: Iterable[tuple[str, str]]) -> list[tuple[Any, object]]:
    out: list[tuple[Any, object]] = []
    for lineno, (line, path) in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes, kept as surrogates by read_text
            raw = line.encode("utf-8", "surrogateescape")
            record_id, text = parse_jsonl_line(raw, f"{path}:{lineno}")
        else:
            record_id, text = parse_jsonl_line(line, f"{path}:{lineno}")
        if isinstance(text, RecordError):
            located = Errors.E006.format(source=path, line=lineno, problem=text.message)
            text = RecordError(text.code, located.removeprefix("[E006] "))
        out.append((record_id, text))
    return out


def read_jsonl(paths: str | list[str]) -> dask.bag.Bag:
    """A bag of ``(id, text)`` records from JSONL shards, one partition per shard.

    Lines are read as by ``bkkbn-nlp analyze --jsonl``: the ``id`` defaults to
    ``"PATH:LINE"``; a bad line gives ``(id, RecordError)`` (E020, E021, E023) that
    :func:`analyze_bag` turns into an error line.

    Args:
        paths: A path, a glob (``"shards/*.jsonl"``) or a list of paths.
    """
    db = _dask_bag()
    lines = db.read_text(paths, include_path=True, encoding="utf-8", errors="surrogateescape")
    return lines.map_partitions(_parse_partition)


def write_jsonl(results: dask.bag.Bag, path: str | list[str]) -> list[str]:
    """Write a bag of result dicts as JSONL, one file per partition; returns the file names.

    Args:
        results: The bag from :func:`analyze_bag`.
        path: A glob with one ``*`` (``"results/*.jsonl"``: ``0.jsonl``, ``1.jsonl``, ...)
            or one path per partition.
    """
    _dask_bag()
    lines = results.map(json.dumps, ensure_ascii=False)
    written = lines.to_textfiles(path, encoding="utf-8", last_endline=True)
    return [str(p) for p in written]


def analyze_jsonl(inputs: str | list[str], output: str | list[str], model: str | None = None,
                  batch_size: int = 32) -> list[str]:
    """Read JSONL shards, analyse them on the current Dask scheduler, write JSONL results.

    Args:
        inputs: Shard paths or a glob; each shard is one partition (one task).
        output: A glob with one ``*`` or a list of paths, one per input shard.
        model: A pipeline directory readable by every worker; ``None``: the bundled one.
        batch_size: Texts per ``nlp.pipe`` batch.

    Returns:
        The files written, in shard order.
    """
    return write_jsonl(analyze_bag(read_jsonl(inputs), model, batch_size), output)
