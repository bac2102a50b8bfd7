"""Time references and which side of the report's date they fall on."""

import pytest

import cchc_nlp
from cchc_nlp.classify.features import context_features
from cchc_nlp.classify.frame import doc_rows
from cchc_nlp.timeref import TimeRelation, report_month, time_references, time_relation


def ym(month: int) -> tuple[int, int]:
    return month // 12, month % 12 + 1


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Từ ngày 01/10/2023, hồ sơ phải được số hóa.", [((2023, 10), (2023, 10))]),
        ("Trong tháng 9/2024 và tháng 11 năm 2024", [((2024, 9), (2024, 9)), ((2024, 11), (2024, 11))]),
        ("Quý IV/2023 tổ chức tập huấn; quý 2 năm 2024 kiểm tra", [((2023, 10), (2023, 12)), ((2024, 4), (2024, 6))]),
        ("6 tháng cuối năm 2024", [((2024, 7), (2024, 12))]),
        ("6 tháng đầu năm 2024", [((2024, 1), (2024, 6))]),
        ("giai đoạn 2026-2030", [((2026, 1), (2030, 12))]),
        ("Phương hướng 2026 – 2030", [((2026, 1), (2030, 12))]),
        ("Đến năm 2030, 80% hồ sơ trực tuyến", [((2030, 1), (2030, 12))]),
        ("Quyết định số 1488/QĐ-UBND ngày 15/3/2022", [((2022, 3), (2022, 3))]),
    ],
)
def test_references_are_read_at_month_precision(text, spans):
    assert [(ym(a), ym(b)) for a, b in time_references(text)] == spans


@pytest.mark.parametrize(
    "text",
    ["Đã giải quyết 2023 hồ sơ.", "Kinh phí 2.025 triệu đồng", "tỷ lệ 20,25%", "tháng 13/2024", "ngày 32/1/2024",
     "số 2026/QĐ-UBND"],
)
def test_numbers_that_are_not_times_are_not_read(text):
    assert time_references(text) == []


def test_relation_to_the_report_date():
    sep_2023 = report_month("2023-09-15")
    assert time_relation("Trong quý IV/2023, phòng mở lớp tập huấn.", sep_2023) == TimeRelation(True, False)
    assert time_relation("Quý III/2023 tiếp nhận 45 hồ sơ.", sep_2023) == TimeRelation(False, False)  # its own quarter
    assert time_relation("So với năm 2022, tăng 12%; năm 2024 phấn đấu 90%.", sep_2023) == TimeRelation(True, True)
    assert time_relation("6 tháng đầu năm 2023 đạt 95%.", sep_2023).before
    assert time_relation("Trong quý IV/2023, …", None) == TimeRelation(False, False)  # no report date


@pytest.mark.parametrize("value", [None, "", "2023-13-01", "không rõ"])
def test_a_missing_or_bad_report_date_gives_no_month(value):
    assert report_month(value) is None


def test_the_classifier_reads_the_relation_as_features():
    doc = cchc_nlp.from_text(
        "UBND XÃ AN BÌNH\n\nAn Bình, ngày 15 tháng 9 năm 2023\n\nBÁO CÁO\n\n"
        "Kết quả cải cách hành chính quý III năm 2023\n\n"
        "Trong quý III/2023, xã tiếp nhận 120 hồ sơ, tăng 10% so với quý III/2022.\n\n"
        "Trong quý IV/2023, xã tổ chức 02 lớp tập huấn cho công chức một cửa.\n"
    )
    assert doc.metadata.date == "2023-09-15"
    rows = {r["text"][:20]: r for r in doc_rows(doc)}
    past, plan = rows["Trong quý III/2023, "], rows["Trong quý IV/2023, x"]
    assert (past["time_after"], past["time_before"]) == (False, True)
    assert (plan["time_after"], plan["time_before"]) == (True, False)
    assert "time:after" in context_features(plan, 0.9) and "time:before" not in context_features(plan, 0.9)
    assert "time:before" in context_features(past, 0.5) and "time:after" not in context_features(past, 0.5)
