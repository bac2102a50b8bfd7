import codecs
import unicodedata

import pytest

import cchc_nlp
from cchc_nlp.readers.text import decode_bytes

TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed vowels, tone marks as combining characters."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out.append(base + "".join(c for c in d if c in TONES))
    return "".join(out).encode("cp1258")


TEXT = "I. KẾT QUẢ\nĐã giải quyết 1.234 hồ sơ, đạt 98,5%.\n\n- Tổ chức 03 lớp tập huấn.\n"


def test_every_non_empty_line_is_one_paragraph_in_order():
    doc = cchc_nlp.from_text("dòng một\n\n  dòng hai  \ndòng ba")
    assert [p.text for p in doc] == ["dòng một", "dòng hai", "dòng ba"]
    assert [p.index for p in doc] == [0, 1, 2]


def test_markdown_marks_are_removed_and_hash_lines_are_headings(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(
        "# KẾT QUẢ\n**Công tác chỉ đạo**\n- Ban hành 05 văn bản\n* Tổ chức 02 hội nghị\n1. Mục một\n"
    )
    doc = cchc_nlp.load(path)
    assert [p.text for p in doc] == [
        "KẾT QUẢ",
        "Công tác chỉ đạo",
        "Ban hành 05 văn bản",
        "Tổ chức 02 hội nghị",
        "Mục một",
    ]
    assert doc[0].heading
    assert doc[2].kind == "list_item" and doc[3].kind == "list_item"
    assert doc[4].number == "1."


def test_from_text_reads_like_a_txt_file(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    a, b = cchc_nlp.load(path), cchc_nlp.from_text(TEXT)
    assert [p.to_dict() for p in a] == [p.to_dict() for p in b]


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        to_cp1258(TEXT),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-no-bom", "cp1258"],
)
def test_encodings_are_detected(tmp_path, encoded):
    path = tmp_path / "r.txt"
    path.write_bytes(encoded)
    doc = cchc_nlp.load(path)
    assert doc[1].text == "Đã giải quyết 1.234 hồ sơ, đạt 98,5%."


def test_cp1252_text_without_vietnamese_letters_still_decodes():
    assert decode_bytes("Caf\u00e9 r\u00e9sum\u00e9".encode("cp1252")) == "Café résumé"


def test_tone_placement_is_unified_in_text():
    doc = cchc_nlp.from_text("Cộng hoà xã hội chủ nghĩa; thuỷ lợi")
    assert doc[0].text == "Cộng hòa xã hội chủ nghĩa; thủy lợi"


def test_one_megabyte_single_line_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("hồ sơ " * 180_000, encoding="utf-8")
    doc = cchc_nlp.load(path)
    assert len(doc) == 1 and len(doc[0].text) > 1_000_000
