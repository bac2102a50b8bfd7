"""The fast cue counter counts exactly what the per-role cue regexes count."""

import random

from cchc_nlp.classify.features import CUES, cue_counts, cue_counts_regex, text_features

_CUE_WORDS = {w for cs in CUES.values() for c in cs for w in c.replace("%", " %").split()}
_WORDS = [*sorted(_CUE_WORDS), "hồ", "sơ", "98,5", "2024", "a_b", "١٢"]
_SEPS = [" ", " ", " ", "  ", "\n", ", ", "-", "%", "_", "\t", "", ". ", "("]


def test_cue_counts_equal_the_regex_counts_on_random_text():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_WORDS) + rng.choice(_SEPS) for _ in range(rng.randint(0, 25))).lower()
        assert cue_counts(text) == cue_counts_regex(text), text


def test_cue_edges():
    for text in ("đạt 100%", "đạt 100%a", "100%%", "1100%", "hạn  chế", "hạn\nchế", "chưa đạt chưa", "là do do"):
        assert cue_counts(text) == cue_counts_regex(text), text


def test_text_features_keep_their_shape():
    f = text_features("1. Tuy nhiên, vẫn còn 12 hồ sơ chưa đạt 100% kế hoạch.")
    assert {k: v for k, v in f.items() if not k.startswith("w:") or k == "w:<num>"} == {
        "w:<num>": 3.0,
        "b:tuy": 1.0,
        "b:tuy nhiên": 1.0,
        "cue:neg": 2.0,
        "cue:sol": 0.5,
        "cue:ach": 1.0,
    }
    assert all(isinstance(v, float) for v in f.values())
