import pytest

import cchc_nlp
from cchc_nlp.structure import heading_number


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("Phần thứ nhất: KẾT QUẢ", "phan"),
        ("PHẦN I. ĐÁNH GIÁ", "phan"),
        ("I. KẾT QUẢ", "roman"),
        ("IV. KIẾN NGHỊ", "roman"),
        ("1. Cải cách thể chế", "n"),
        ("1.1. Kết quả", "n.n"),
        ("1.1.1 Chi tiết", "n.n.n"),
        ("a) Nguyên nhân khách quan", "a)"),
        ("đ) Mục đ", "a)"),
        ("A. PHẦN MỞ ĐẦU", "A"),
        ("Cải cách thể chế", None),
    ],
)
def test_heading_number_schemes(text, scheme):
    hn = heading_number(text)
    assert (hn.scheme if hn else None) == scheme


TEXT = """Phần thứ nhất
KẾT QUẢ THỰC HIỆN
I. CÔNG TÁC CHỈ ĐẠO
1. Ban hành văn bản
Trong năm đã ban hành 12 văn bản chỉ đạo về cải cách hành chính.
a) Kế hoạch
Ban hành kế hoạch năm.
b) Kiểm tra
đ) Tuyên truyền
Tổ chức tuyên truyền.
2. Kiểm tra
II. HẠN CHẾ
Còn chậm.
Phần thứ hai
NHIỆM VỤ NĂM 2026
Tiếp tục rà soát."""


def test_nested_schemes_give_section_paths():
    doc = cchc_nlp.from_text(TEXT)
    by_text = {p.text: p for p in doc}
    assert by_text["Tổ chức tuyên truyền."].section == [
        "Phần thứ nhất",
        "KẾT QUẢ THỰC HIỆN",
        "I. CÔNG TÁC CHỈ ĐẠO",
        "1. Ban hành văn bản",
        "đ) Tuyên truyền",
    ]
    second = [p for p in doc if p.text == "Kiểm tra" and p.number == "1."] + [
        p for p in doc if p.text == "Kiểm tra" and p.number == "2."
    ]
    assert second[-1].heading and second[-1].level == 4
    assert by_text["Còn chậm."].section == ["Phần thứ nhất", "KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ"]
    assert by_text["Tiếp tục rà soát."].section == ["Phần thứ hai", "NHIỆM VỤ NĂM 2026"]
    assert not by_text["Trong năm đã ban hành 12 văn bản chỉ đạo về cải cách hành chính."].heading


def test_long_numbered_paragraphs_are_not_headings():
    doc = cchc_nlp.from_text(
        "1. Trong năm, đơn vị đã tiếp nhận và giải quyết 245 hồ sơ thủ tục hành chính, đúng hạn 100%, "
        "không có hồ sơ quá hạn, được người dân đánh giá cao.\n2. Còn chậm số hóa hồ sơ."
    )
    assert not doc[0].heading
    assert not doc[1].heading


def test_seed_plan_header_and_signature(data_dir):
    doc = cchc_nlp.load(data_dir / "seed_plan.txt")
    m = doc.metadata
    assert m.number == "1488/KH-BQL"
    assert m.date == "2025-04-18"
    assert m.place == "Hải Phòng"
    assert m.doc_type == "KẾ HOẠCH"
    assert m.title.startswith("Sơ kết công tác cải cách hành chính giai đoạn 2021-2025")
    assert m.signer == "Đào Phú Thủy Dương"
    assert "KT. TRƯỞNG BAN" in (m.signer_role or "")
    heads = [p.text for p in doc if p.heading and p.zone == "body"]
    assert heads[:3] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu"]
    assert "III. TỔ CHỨC THỰC HIỆN" in heads
    assert doc[-1].zone == "signature"


def test_seed_plan_has_no_result_figures(data_dir):
    doc = cchc_nlp.load(data_dir / "seed_plan.txt")
    texts = [f.text for p in doc for f in p.figures]
    assert not any("/" in t and ("QĐ" in t or "2025" in t) for t in texts)
    assert all(f.kind in ("count", "duration") for p in doc for f in p.figures), texts
