"""A broken topic model is found when the pipeline loads, not on every record."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bkkbn_nlp.checksums import CHECKSUM_FILE, verify_checksums
from bkkbn_nlp.errors import PipelineError
from bkkbn_nlp.topics import TopicComponent
from bkkbn_nlp.topics.files import validate_weights
from bkkbn_nlp.topics.model import NPZ_FILE, TopicModel

from ..conftest import flip_bytes

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "models" / "bkkbn_id_default"
TOPICS = BUNDLED / "bkkbn_topics"





DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated to a third": lambda data: data[: len(data) // 3],
    "200 random bytes changed": flip_bytes,
    "empty": lambda data: b"",
    "a text file": lambda data: b"Ini bukan model topik.\n" * 40,
}


def _damaged(tmp_path: Path, damage: Callable[[bytes], bytes], *, checksums: bool) -> Path:
    target = tmp_path / "bkkbn_topics"
    shutil.copytree(TOPICS, target)
    npz = target / NPZ_FILE
    npz.write_bytes(damage(npz.read_bytes()))
    if not checksums:
        (target / CHECKSUM_FILE).unlink()
    return target


def test_the_bundled_topic_model_has_checksums_that_match() -> None:
    assert verify_checksums(TOPICS)
    validate_weights(TOPICS / NPZ_FILE, TopicModel.read_head(TOPICS))


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_weights_file_fails_at_load(tmp_path: Path, case: str) -> None:
    with pytest.raises(PipelineError, match=r"^\[E093\].*topic_tagger\.npz"):
        TopicComponent(None).from_disk(_damaged(tmp_path, DAMAGE[case], checksums=True))


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_without_checksums_the_weights_are_still_checked(tmp_path: Path, case: str) -> None:
    with pytest.raises(PipelineError, match=r"^\[E095\].*topic_tagger\.npz"):
        TopicComponent(None).from_disk(_damaged(tmp_path, DAMAGE[case], checksums=False))


def test_arrays_of_the_wrong_shape_or_missing_fail_at_load(tmp_path: Path) -> None:
    target = _damaged(tmp_path, lambda data: data, checksums=False)
    with np.load(TOPICS / NPZ_FILE, allow_pickle=False) as arrays:
        kept = {k: arrays[k] for k in arrays.files}
    for name, change in (("coef", lambda a: a[:, :-1]), ("idf_0", lambda a: a[:-1]),
                         ("terms_0", lambda a: np.arange(len(a), dtype=float))):
        arrays = dict(kept, **{name: change(kept[name])})
        np.savez_compressed(target / NPZ_FILE, **arrays)
        with pytest.raises(PipelineError, match=r"^\[E095\]"):
            TopicComponent(None).from_disk(target)
    np.savez_compressed(target / NPZ_FILE, **{k: v for k, v in kept.items() if k != "idf_0"})
    with pytest.raises(PipelineError, match=r"^\[E095\].*no array idf_0"):
        TopicComponent(None).from_disk(target)


def test_a_pipeline_with_a_damaged_topic_model_does_not_load(tmp_path: Path) -> None:
    import bkkbn_nlp

    target = tmp_path / "pipeline"
    shutil.copytree(BUNDLED, target)
    npz = target / "bkkbn_topics" / NPZ_FILE
    npz.write_bytes(npz.read_bytes()[: npz.stat().st_size // 3])
    with pytest.raises(PipelineError, match=r"^\[E093\]"):
        bkkbn_nlp.load(target)


def test_a_saved_component_writes_checksums_and_reloads(tmp_path: Path) -> None:
    source = TopicComponent(None).from_disk(TOPICS)
    source.to_disk(tmp_path / "saved")
    assert verify_checksums(tmp_path / "saved")
    again = TopicComponent(None).from_disk(tmp_path / "saved")
    assert again.labels == source.labels and again.topic_model is not None


def test_a_weights_file_read_by_load_is_a_coded_error(tmp_path: Path) -> None:
    """TopicModel.load names a damaged archive (E062), not a zipfile traceback."""
    target = _damaged(tmp_path, lambda data: data[: len(data) // 3], checksums=False)
    with pytest.raises(ValueError, match="E062"):
        TopicModel.load(target)
