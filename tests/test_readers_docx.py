import zipfile

import docx
import pytest

import cchc_nlp
from cchc_nlp.errors import UnreadableDocument


def test_tables_are_read_in_place_one_paragraph_per_row(make_docx):
    path = make_docx(
        [
            ("p", "Trước bảng."),
            ("table", [["Chỉ tiêu", "Kế hoạch", "Thực hiện"], ["Hồ sơ đúng hạn", "95%", "98,2%"]]),
            ("p", "Sau bảng."),
        ]
    )
    doc = cchc_nlp.load(path)
    assert [p.text for p in doc] == [
        "Trước bảng.",
        "Chỉ tiêu | Kế hoạch | Thực hiện",
        "Hồ sơ đúng hạn | 95% | 98,2%",
        "Sau bảng.",
    ]
    assert [p.kind for p in doc] == ["paragraph", "table_row", "table_row", "paragraph"]
    assert doc[2].cells == ["Hồ sơ đúng hạn", "95%", "98,2%"]


def test_tracked_insertions_are_read_as_accepted_and_deletions_dropped(make_docx):
    path = make_docx([("p", "Tỷ lệ hồ sơ đúng hạn đạt {-95,2%-}{+96,4%+} kế hoạch.")])
    doc = cchc_nlp.load(path)
    assert doc[0].text == "Tỷ lệ hồ sơ đúng hạn đạt 96,4% kế hoạch."
    assert [f.value for f in doc[0].figures] == [96.4]


def test_python_docx_alone_would_lose_the_inserted_figure(make_docx):
    path = make_docx([("p", "Giải quyết {+1.234+} hồ sơ.")])
    assert "1.234" not in docx.Document(str(path)).paragraphs[0].text
    assert "1.234" in cchc_nlp.load(path)[0].text


def test_heading_styles_give_headings_and_sections(make_docx):
    path = make_docx([("h1", "KẾT QUẢ ĐẠT ĐƯỢC"), ("h2", "Cải cách thể chế"), ("p", "Ban hành 05 văn bản.")])
    doc = cchc_nlp.load(path)
    assert doc[0].heading and doc[0].level == 1
    assert doc[1].heading and doc[1].level == 2
    assert doc[2].section == ["KẾT QUẢ ĐẠT ĐƯỢC", "Cải cách thể chế"]


def test_bold_lines_are_headings(make_docx):
    path = make_docx([("bold", "Công tác chỉ đạo, điều hành"), ("p", "Ban hành kế hoạch CCHC năm 2024.")])
    doc = cchc_nlp.load(path)
    assert doc[0].heading and not doc[1].heading
    assert doc[1].section == ["Công tác chỉ đạo, điều hành"]


def test_automatic_numbering_is_reconstructed(make_docx):
    path = make_docx(
        [
            ("auto0", "KẾT QUẢ"),
            ("auto1", "Cải cách thể chế"),
            ("p", "Nội dung."),
            ("auto1", "Cải cách thủ tục hành chính"),
            ("auto2", "Kết quả giải quyết hồ sơ"),
            ("p", "Nội dung."),
            ("auto0", "HẠN CHẾ"),
            ("auto1", "Về thể chế"),
        ]
    )
    doc = cchc_nlp.load(path)
    heads = [p.text for p in doc if p.heading]
    assert heads == [
        "I. KẾT QUẢ",
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính",
        "a) Kết quả giải quyết hồ sơ",
        "II. HẠN CHẾ",
        "1. Về thể chế",
    ]
    assert doc[5].section == ["I. KẾT QUẢ", "2. Cải cách thủ tục hành chính", "a) Kết quả giải quyết hồ sơ"]
    assert doc[4].level == 3


def test_bullets_are_list_items(make_docx):
    doc = cchc_nlp.load(make_docx([("bullet", "Tổ chức 03 lớp tập huấn."), ("p", "- Gõ tay gạch đầu dòng.")]))
    assert [p.kind for p in doc] == ["list_item", "list_item"]


def test_footnotes_follow_the_body(make_docx):
    path = make_docx(
        [("p", "Giải quyết hồ sơ đúng hạn."), ("footnote", "Trong đó 1.120 hồ sơ trực tuyến."), ("p", "Kết.")]
    )
    doc = cchc_nlp.load(path)
    assert doc[-1].kind == "footnote"
    assert doc[-1].text == "Trong đó 1.120 hồ sơ trực tuyến."
    assert doc[-1].figures and doc[-1].figures[0].value == 1120
    assert [p.kind for p in doc[:2]] == ["paragraph", "paragraph"]


def test_header_block_in_a_borderless_table_fills_metadata(make_docx):
    path = make_docx(
        [
            (
                "header",
                (
                    ["UBND TỈNH BÌNH GIANG", "SỞ TƯ PHÁP", "Số: 215/BC-STP"],
                    [
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                        "Độc lập - Tự do - Hạnh phúc",
                        "Bình Giang, ngày 08 tháng 12 năm 2023",
                    ],
                ),
            ),
            ("p", "BÁO CÁO"),
            ("p", "Kết quả công tác cải cách hành chính năm 2023"),
            ("p", "Kính gửi: Sở Nội vụ tỉnh Bình Giang."),
            ("h1", "I. KẾT QUẢ"),
            ("p", "Nội dung."),
        ]
    )
    doc = cchc_nlp.load(path)
    m = doc.metadata
    assert (m.number, m.date, m.place, m.doc_type) == ("215/BC-STP", "2023-12-08", "Bình Giang", "BÁO CÁO")
    assert (m.agency, m.parent) == ("SỞ TƯ PHÁP", "UBND TỈNH BÌNH GIANG")
    assert m.title == "Kết quả công tác cải cách hành chính năm 2023"
    assert m.recipients == ["Sở Nội vụ tỉnh Bình Giang"]
    assert [p.zone for p in doc][:4] == ["header"] * 4
    assert doc[0].figures == []  # the number and the date are not figures


def test_input_file_is_not_modified(make_docx):
    path = make_docx([("p", "Nội dung.")])
    before = path.read_bytes()
    cchc_nlp.load(path)
    assert path.read_bytes() == before


def test_zip_bomb_parts_are_refused(tmp_path, make_docx):
    good = make_docx([("p", "Nội dung.")])
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/media/huge.bin", b"\0" * (80 * 1024 * 1024))
    with pytest.raises(UnreadableDocument, match="giải nén"):
        cchc_nlp.load(bomb)
