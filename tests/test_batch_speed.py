"""What the batch runner does to keep its own process light."""

import gc

from cchc_nlp import batch
from cchc_nlp.classify import default_model_path


def test_model_folder_is_the_classifier_default():
    assert batch._model_folder() == default_model_path()


def test_frozen_heap_restores_the_collector_state():
    assert gc.get_freeze_count() == 0
    with batch._frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
