"""What the batch runner does to keep its own process light."""

import gc
import shutil
from pathlib import Path

from cchc_nlp import batch
from cchc_nlp.classify import default_model_path

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "reports"


def test_model_folder_is_the_classifier_default():
    assert batch._model_folder() == default_model_path()


def test_a_one_job_batch_freezes_the_loaded_heap_and_restores_the_collector(tmp_path, monkeypatch):
    seen: list[int] = []
    real = batch._release_memory
    monkeypatch.setattr(batch, "_release_memory", lambda: (seen.append(gc.get_freeze_count()), real()))
    arch = tmp_path / "a"
    arch.mkdir()
    shutil.copy(sorted(CORPUS.glob("*.docx"))[0], arch / "r.docx")
    assert gc.get_freeze_count() == 0
    res = batch.analyze(arch, jobs=1, output=tmp_path / "out")
    assert len(res.analysed) == 1
    assert seen and seen[0] > 0  # the analysis ran with the modules and the model frozen
    assert gc.get_freeze_count() == 0
    again = batch.analyze(arch, jobs=1, output=tmp_path / "out")
    assert again.skipped and gc.get_freeze_count() == 0
