"""``bkkbn-nlp validate-model DIR``: check a pipeline directory before a corpus run.

It checks every ``checksums.json`` in the directory (size and SHA-256 of each listed model
file), the structure of every CRFsuite file, then loads the pipeline and runs it on one short
document, so a damaged copy is found in one line before the first record, not after it.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import BkkbnError
from ._common import Failure, first_line, load_pipeline

#: A short news-like document every bkkbn_nlp pipeline can analyse.
_PROBE = 'Kepala dinas itu mengatakan, "Program berjalan baik." Ia hadir di kantor.'


@click.command("validate-model")
@click.argument("model_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False))
def validate_model_command(model_dir: str) -> None:
    """Check the pipeline directory DIR: model-file checksums, CRF files, a load and one
    document. Prints one line; exit status 0 when the pipeline is sound, 1 when not."""
    from ..checksums import CHECKSUM_FILE, verify_checksums
    from ..entities.crf import MODEL_FILE
    from ..entities.model_files import validate_crfsuite

    root = Path(model_dir)
    try:
        listings = sorted(p.parent for p in root.rglob(CHECKSUM_FILE))
        for folder in listings:
            verify_checksums(folder)
        crf_files = sorted(root.rglob(MODEL_FILE))
        for path in crf_files:
            validate_crfsuite(path)
    except BkkbnError as exc:
        raise Failure(first_line(exc)) from None
    nlp = load_pipeline(model_dir)
    try:
        nlp(_PROBE)
    except Exception as exc:  # any failure here would fail every record of a run
        raise Failure(f"{model_dir}: the pipeline loads but fails on a document: "
                      f"{first_line(exc)}") from None
    unlisted = [p.parent.name for p in crf_files if p.parent not in listings]
    note = f"; no checksums for {', '.join(unlisted)} (saved by an older version)" \
        if unlisted else ""
    click.echo(f"{model_dir}: ok ({len(nlp.pipe_names)} components, checksums checked in "
               f"{len(listings)} folder(s), {len(crf_files)} CRF file(s) checked{note})")
