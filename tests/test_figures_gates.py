"""The gated, regrouped block patterns of the figure extractor block exactly what the plain ones block."""

import random
import re
import sys

from cchc_nlp.figures import _BLOCK_GATES, _BLOCK_RES, _BLOCKS, _GATE_UNSAFE_RE, _blocked_mask

_PIECES = (
    "ngày 12/5/2024 tháng 3 năm 2025 quý II/2024 lúc 8 giờ 30 17h30 8:30 thứ 5 xếp thứ 3 Điều 5 khoản 2 Phụ lục 3 "
    "mẫu số 2 ĐIỀU 5 số 12 đường Láng phường 3 km 45 chính quyền 2 cấp COVID-19 công nghiệp 4.0 1205/QĐ-UBND "
    "57-NQ/TW 2021-2025 2021–2025 98,5% 1.234 hồ sơ 15/20 đơn vị 0912 345 678 6 tháng đầu năm ſố İ ı lần 2 "
    "Kỳ họp 4 THÁNG 4 NĂM 2024 NGÀY 3 Quý 3 giai đoạn 2021 - 2025 version 2 ISO 9001:2015 Tổ 5 ấp 3"
).split()


def _reference_mask(text: str) -> list[tuple[int, int]]:
    return sorted({m.span() for rx in _BLOCK_RES for m in rx.finditer(text)})


def test_gated_patterns_find_the_same_spans_as_the_plain_patterns():
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) + rng.choice([" ", "  ", ", ", "-", "/", ":", "\n", ""]) for _ in range(12))
        low = None if _GATE_UNSAFE_RE.search(text) else text.lower()
        for (rx, gate), plain in zip(_BLOCKS, _BLOCK_RES, strict=True):
            spans = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in rx.finditer(text)] == spans
            if spans and gate is not None:
                where = text if gate[0] == "text" else low
                assert where is None or any(g in where for g in gate[1]), (plain.pattern, text)
        mask = _blocked_mask(text)
        for s, e in _reference_mask(text):
            assert all(mask[s:e])


def test_gate_words_are_safe_to_look_for_in_the_lower_cased_text():
    # every character IGNORECASE equates with a letter of a gate word lower-cases to that letter,
    # except the ones _GATE_UNSAFE_RE sends to the ungated path
    letters = sorted({c for gate in _BLOCK_GATES if gate and gate[0] == "lower" for w in gate[1] for c in w})
    cls = re.compile("[" + "".join(letters) + "]", re.IGNORECASE)
    odd = {
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if cls.fullmatch(chr(cp)) and (len(chr(cp).lower()) != 1 or chr(cp).lower() not in letters)
    }
    assert all(_GATE_UNSAFE_RE.fullmatch(c) for c in odd)
