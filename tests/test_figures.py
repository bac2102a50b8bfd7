"""Tests for :mod:`cchc_nlp.figures`."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

from cchc_nlp.document import Document, Figure, Paragraph
from cchc_nlp.figures import (
    COMPARISON_RE,
    add_figures,
    extract_figures,
    find_comparisons,
    has_target_comparison,
    parse_number,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def kinds(text: str) -> list[tuple[str, float]]:
    return [(f.kind, f.value) for f in extract_figures(text)]


def only(text: str) -> Figure:
    figs = extract_figures(text)
    assert len(figs) == 1, figs
    return figs[0]


# --- parse_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234", 1234.0),
        ("98,5", 98.5),
        ("1.234,5", 1234.5),
        ("03", 3.0),
        ("1.200.000", 1_200_000.0),
        ("1.5", 1.5),
        ("12.50", 12.5),
        ("0,8", 0.8),
        ("100", 100.0),
        ("1,234,567", 1_234_567.0),
    ],
)
def test_parse_number_reads_vietnamese_format(raw: str, value: float) -> None:
    assert parse_number(raw) == pytest.approx(value)


def test_parse_number_rejects_non_numbers() -> None:
    with pytest.raises(ValueError):
        parse_number("abc")


# --- kinds ------------------------------------------------------------------------------------


def test_percent_with_vietnamese_decimal_comma() -> None:
    f = only("Tỷ lệ hồ sơ đúng hạn đạt 98,5%.")
    assert (f.kind, f.value, f.unit, f.text) == ("percent", 98.5, "%", "98,5%")


def test_percent_with_space_and_words() -> None:
    assert kinds("đạt 100 % ở cấp tỉnh") == [("percent", 100.0)]
    f = only("Mức độ hài lòng đạt 97,8 phần trăm.")
    assert (f.kind, f.value, f.unit) == ("percent", 97.8, "%")


def test_offsets_point_into_the_text() -> None:
    text = "Tiếp nhận 1.234 hồ sơ, tỷ lệ đúng hạn 98,5%; giảm 3 đơn vị."
    for f in extract_figures(text):
        assert text[f.start : f.end] == f.text


def test_count_keeps_counted_noun_as_unit() -> None:
    figs = extract_figures("Tiếp nhận 1.234 hồ sơ tại 15 đơn vị qua 03 đợt cho 245 thủ tục hành chính.")
    assert [(f.kind, f.value, f.unit) for f in figs] == [
        ("count", 1234.0, "hồ sơ"),
        ("count", 15.0, "đơn vị"),
        ("count", 3.0, "đợt"),
        ("count", 245.0, "thủ tục hành chính"),
    ]


def test_count_accepts_unlisted_lowercase_noun() -> None:
    f = only("Triển khai 03 đột phá chiến lược.")
    assert (f.kind, f.value, f.unit) == ("count", 3.0, "đột phá")


def test_ratio_keeps_numerator_and_total() -> None:
    f = only("Có 15/15 đơn vị hoàn thành; ")
    assert (f.kind, f.value, f.total, f.unit) == ("ratio", 15.0, 15.0, "đơn vị")
    f = only("12/15 xã đạt chuẩn.")
    assert (f.value, f.total, f.unit) == (12.0, 15.0, "xã")
    f = only("Giải quyết đúng hạn 2.904/2.917 hồ sơ.")
    assert (f.value, f.total) == (2904.0, 2917.0)


def test_rank_out_of_total_is_a_ratio_and_bare_rank_is_other() -> None:
    f = only("Tỉnh xếp thứ 12/63 tỉnh, thành phố.")
    assert (f.kind, f.value, f.total) == ("ratio", 12.0, 63.0)
    f = only("Tỉnh xếp hạng 15 về Chỉ số SIPAS.")
    assert (f.kind, f.value, f.unit) == ("other", 15.0, "")


def test_dates_are_not_ratios() -> None:
    assert extract_figures("Ban hành ngày 16/4/2025.") == []
    assert extract_figures("Gửi trước ngày 10/5 để tổng hợp.") == []
    assert extract_figures("Chốt số liệu ngày 15/3/2025, từ tháng 5/2025 áp dụng.") == []
    assert extract_figures("Các đơn vị cập nhật trước 20/3.") == []
    assert extract_figures("Báo cáo quý I/2024.") == []


def test_money_keeps_value_as_written() -> None:
    figs = extract_figures(
        "Kinh phí 25,6 tỷ đồng, bố trí 350 triệu đồng, hỗ trợ 1.200.000 đồng/tháng, còn 2,5 tỷ."
    )
    assert [(f.kind, f.value, f.unit) for f in figs] == [
        ("money", 25.6, "tỷ đồng"),
        ("money", 350.0, "triệu đồng"),
        ("money", 1_200_000.0, "đồng"),
        ("money", 2.5, "tỷ"),
    ]
    assert only("Phí là 500 nghìn đồng.").unit == "nghìn đồng"


def test_millions_of_visits_are_a_count_not_money() -> None:
    f = only("Cổng đạt 1,2 triệu lượt truy cập.")
    assert (f.kind, f.value, f.unit) == ("count", 1.2, "triệu lượt")


def test_change_is_signed() -> None:
    cases = {
        "Số hồ sơ tăng 12,5% so với cùng kỳ.": (12.5, "%"),
        "Số đơn vị giảm 3 đơn vị.": (-3.0, "đơn vị"),
        "Chỉ số tăng 3 bậc.": (3.0, "bậc"),
        "Thời gian được rút ngắn 2 ngày.": (-2.0, "ngày"),
        "Điểm số tăng 1,2 điểm.": (1.2, "điểm"),
        "Biên chế giảm 15% so với năm 2020.": (-15.0, "%"),
        "Tỷ lệ trễ hạn thấp hơn 0,5%.": (-0.5, "%"),
    }
    for text, (value, unit) in cases.items():
        f = only(text)
        assert (f.kind, f.value, f.unit) == ("change", value, unit), text
        assert f.text.split()[0] in {"tăng", "giảm", "rút", "thấp"}


def test_rising_to_a_level_is_not_a_change() -> None:
    assert kinds("Tỷ lệ trực tuyến tăng lên 85%.") == [("percent", 85.0)]
    assert kinds("Thời gian giảm từ 30 ngày xuống còn 20 ngày.") == [("duration", 30.0), ("duration", 20.0)]


def test_equivalent_percentage_inherits_the_change() -> None:
    assert kinds("Biên chế giảm 42 người, tương đương 5,3%.") == [("change", -42.0), ("change", -5.3)]


def test_duration_is_a_length_of_time() -> None:
    f = only("Thời hạn giải quyết là 05 ngày làm việc.")
    assert (f.kind, f.value, f.unit) == ("duration", 5.0, "ngày làm việc")
    assert kinds("Hoàn thành trong 3 tháng.") == [("duration", 3.0)]
    assert kinds("Tập sự 02 năm.") == [("duration", 2.0)]
    assert kinds("Rút xuống còn 5 ngày.") == [("duration", 5.0)]


def test_dates_and_periods_are_not_durations() -> None:
    for text in (
        "Ngày 15 tháng 4 năm 2025, Sở tổ chức hội nghị.",
        "Kế hoạch năm 2025 và tháng 5 tới.",
        "Báo cáo 6 tháng đầu năm 2023 và 6 tháng cuối năm 2023.",
        "Đánh giá kết quả 9 tháng năm 2024.",
        "Nộp hồ sơ trước 17 giờ 00 ngày 30/9/2025.",
        "Hồ sơ tiếp nhận sau 15 giờ 30 phút chuyển sang hôm sau.",
    ):
        assert extract_figures(text) == [], text


def test_document_references_are_not_figures() -> None:
    for text in (
        "Thực hiện Quyết định số 1205/QĐ-UBND của UBND tỉnh.",
        "Căn cứ Nghị quyết 76/NQ-CP và Nghị định số 30/2020/NĐ-CP.",
        "Quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị.",
        "Theo Văn bản số 376/BNV-CCHC và Kế hoạch số 45/KH-UBND.",
        "Thực hiện Thông tư 01/2023/TT-BNV của Bộ Nội vụ.",
        "Ban hành Kế hoạch số 1488 /KH-BQL để thực hiện.",
        "Luật số 18/2023/QH15 về Căn cước.",
    ):
        assert extract_figures(text) == [], text


def test_year_ranges_and_years_are_not_figures() -> None:
    for text in (
        "Chương trình giai đoạn 2021-2025.",
        "Kế hoạch giai đoạn 2021 - 2025, định hướng 2026-2030.",
        "Năm 2025 là năm cuối nhiệm kỳ 2020 - 2025.",
        "Chỉ số SIPAS 2023 của tỉnh.",
    ):
        assert extract_figures(text) == [], text


def test_phone_numbers_are_not_figures() -> None:
    for text in (
        "Điện thoại: 0225.3842.123.",
        "Đường dây nóng 0912 345 678.",
        "Liên hệ số (0225) 3 123 456 trong giờ hành chính.",
    ):
        assert extract_figures(text) == [], text


def test_heading_numbers_are_not_figures() -> None:
    headings = ("1. Cải cách thể chế", "1.1. Công tác chỉ đạo", "II. KẾT QUẢ", "a) Về thủ tục", "2.3 Tổ chức")
    for text in headings:
        assert extract_figures(text) == [], text
    # a figure inside a heading is still a figure, the heading number is not
    assert kinds("2. Tiếp nhận 1.234 hồ sơ") == [("count", 1234.0)]


def test_articles_ordinals_and_identifiers_are_not_figures() -> None:
    for text in (
        "Theo khoản 2 Điều 5 Nghị định này và điểm a khoản 3 Điều 12.",
        "Đại hội lần thứ XIII và lần thứ 13.",
        "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",
        "Triển khai Đề án 06 và Chương trình 135.",
        "Phòng, chống dịch COVID-19; dịch vụ công mức độ 4.",
    ):
        assert extract_figures(text) == [], text


def test_target_comparison_is_marked() -> None:
    assert only("Thu phí đạt 105% kế hoạch.").compared_with == "kế hoạch"
    assert only("Đạt 1.150 doanh nghiệp, vượt chỉ tiêu đề ra.").compared_with == "chỉ tiêu"
    assert only("Số hồ sơ giảm 9,4% so với cùng kỳ năm trước.").compared_with == "cùng kỳ"
    assert only("Biên chế giảm 15% so với năm 2020.").compared_with == "năm 2020"
    figs = extract_figures("Tỷ lệ trực tuyến đạt 65,2% (kế hoạch 60%).")
    assert [f.compared_with for f in figs] == ["kế hoạch", None]


def test_comparison_applies_to_its_own_clause() -> None:
    figs = extract_figures("Số thủ tục tăng 57 thủ tục so với đầu nhiệm kỳ; tỷ lệ trực tuyến đạt 71%.")
    assert [(f.kind, f.compared_with) for f in figs] == [("change", "đầu nhiệm kỳ"), ("percent", None)]
    figs = extract_figures("Tỷ lệ đạt 96%, tăng 2,5% so với chỉ tiêu tỉnh giao.")
    assert [f.compared_with for f in figs] == [None, "chỉ tiêu"]


def test_comparison_helpers() -> None:
    assert has_target_comparison("tăng 5% so với cùng kỳ")
    assert has_target_comparison("đạt 120% chỉ tiêu")
    assert not has_target_comparison("Tiếp nhận 1.234 hồ sơ.")
    assert COMPARISON_RE.search("so với kế hoạch") is not None
    assert [t for _, _, t in find_comparisons("giảm 3% so với quý II/2021")] == ["quý II/2021"]


def test_figures_are_ordered_and_non_overlapping() -> None:
    text = "Nhận 187 hồ sơ, giải quyết 180 hồ sơ (đạt 96,3%), còn 07 hồ sơ; tăng 12% so với cùng kỳ."
    figs = extract_figures(text)
    assert len(figs) == 5
    assert all(a.end <= b.start for a, b in itertools.pairwise(figs))


def test_add_figures_fills_every_paragraph() -> None:
    doc = Document(
        paragraphs=[
            Paragraph(0, "1. Kết quả", heading=True, level=1),
            Paragraph(1, "Tiếp nhận 214 hồ sơ, 100% đúng hạn."),
            Paragraph(2, "Thực hiện Quyết định số 1205/QĐ-UBND ngày 16/4/2025."),
        ]
    )
    assert add_figures(doc) is doc
    assert doc[0].figures == []
    assert [(f.kind, f.value) for f in doc[1].figures] == [("count", 214.0), ("percent", 100.0)]
    assert doc[2].figures == []
    assert len(doc.figures) == 2


# --- the seed plan ----------------------------------------------------------------------------

SEED_SENTENCES = (
    "Thực hiện Quyết định số 1205/QĐ-UBND ngày 16/4/2025 của Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch "
    "cải cách hành chính năm 2025; Văn bản số 376/BNV-CCHC ngày 18/3/2025 của Bộ Nội vụ về việc sơ kết "
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2025, Ban Quản lý xây dựng Kế hoạch "
    "như sau.",
    "Các đơn vị báo cáo kết quả về Văn phòng Ban trước ngày 10/5/2025 để tổng hợp.",
    "Ban Quản lý ban hành Kế hoạch số 1488 /KH-BQL triển khai nhiệm vụ giai đoạn 2021 - 2025.",
)

_REF_OR_DATE_RE = re.compile(
    r"\d+\s?/\s?[A-ZĐ]|\d{1,2}/\d{1,2}/\d{4}|\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
)


def test_seed_plan_references_and_dates_give_no_figures() -> None:
    for text in SEED_SENTENCES:
        assert extract_figures(text) == [], text


def test_seed_plan_five_year_review_and_breakthroughs() -> None:
    assert kinds("Sơ kết 05 năm (2021-2025) thực hiện Chương trình.") == [("duration", 5.0)]
    f = only("Thực hiện 03 đột phá chiến lược theo Nghị quyết Đại hội.")
    assert (f.kind, f.value) == ("count", 3.0)


def test_seed_plan_file_has_no_reference_or_date_figures() -> None:
    """On the real seed plan (when present), no figure overlaps a reference, a date or a year range."""
    path = DATA / "seed_plan.txt"
    texts = path.read_text(encoding="utf-8").splitlines() if path.exists() else list(SEED_SENTENCES)
    for text in texts:
        excluded = [m.span() for m in _REF_OR_DATE_RE.finditer(text)]
        for f in extract_figures(text):
            assert not any(f.start < e and s < f.end for s, e in excluded), (f, text)


# --- gold set and speed -----------------------------------------------------------------------


def _load_scorer():
    spec = importlib.util.spec_from_file_location("figures_eval", ROOT / "bench" / "figures_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["figures_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_gold_set_precision_and_recall() -> None:
    result = _load_scorer().main(DATA / "figures_gold.jsonl")
    assert result["sentences"] >= 100
    assert result["precision"] >= 0.95, result["errors"]
    assert result["recall"] >= 0.95, result["errors"]
    assert result["compared_with_accuracy"] >= 0.9, result["errors"]


def test_comparisons_with_earlier_periods_written_as_periods():
    figs = extract_figures("Tiếp nhận 2.683 hồ sơ, tăng 6,8% so với 6 tháng đầu năm 2020.")
    assert [f.compared_with for f in figs if f.kind == "change"] == ["6 tháng đầu năm 2020"]
    figs = extract_figures("Văn bản có chữ ký số chiếm 91,3%, cao hơn cuối năm 2020 (78,5%).")
    assert figs[0].compared_with == "cuối năm 2020"


def test_malformed_number_runs_are_not_figures_and_never_raise():
    from cchc_nlp.figures import is_well_formed, parse_number

    assert extract_figures("Theo mục 3,5.5.2.3 của quy chế") == []
    assert parse_number("3,5.5.2.3") == 35523 and not is_well_formed("3,5.5.2.3")
    assert is_well_formed("1.234,5") and is_well_formed("98,5") and is_well_formed("1,234.5")


def test_random_digit_runs_never_break_extraction_or_consistency():
    import random

    from cchc_nlp.checks.consistency import inconsistencies

    rng = random.Random(7)
    words = ["đạt", "tăng", "tổng số", "hồ sơ", "gồm", "và", "%", "(", ")", "/", "đơn vị", ";"]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.5:
                parts.append("".join(rng.choice("0123456789.,") for _ in range(rng.randint(1, 9))).strip(".,") or "1")
            else:
                parts.append(rng.choice(words))
        text = " ".join(parts)
        extract_figures(text)
        inconsistencies(text)
