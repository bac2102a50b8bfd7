"""The .docx reader reads the zip without python-docx and parses only the styles it uses:
it must read exactly what the python-docx path (``read_elements(open_docx(...))``) reads."""

import dataclasses
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from cchc_nlp.errors import UnreadableDocument
from cchc_nlp.readers.docx import (
    _DEFAULT_FONT_PATH,
    _OXML_PARSER,
    _attr,
    _font_name,
    _parse_styles,
    _StyleIndex,
    _w,
    open_docx,
    read_docx,
    read_elements,
)

TEMPLATE = Path(docx.__file__).parent / "templates" / "default.docx"


def _styles_bytes(path: Path = TEMPLATE) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/styles.xml")


def _full(data: bytes) -> tuple[dict, str | None, str | None]:
    root = etree.fromstring(data, _OXML_PARSER)
    default = next(
        (
            _attr(s, "styleId")
            for s in root.iter(f"{_w}style")
            if _attr(s, "type") == "paragraph" and _attr(s, "default") in ("1", "true")
        ),
        None,
    )
    return _parse_styles(root), default, _font_name(root.find(_DEFAULT_FONT_PATH))


def _same(index: _StyleIndex, data: bytes) -> None:
    styles, default, font = _full(data)
    assert set(index) == set(styles)
    assert all(index[k] == styles[k] for k in styles)
    assert (index.default_style, index.default_font) == (default, font)


def test_word_default_styles_are_indexed_without_a_full_parse():
    data = _styles_bytes()
    index = _StyleIndex._scan(data, _OXML_PARSER)
    assert index is not None
    _same(index, data)


_W_STYLE = b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: b.replace(_W_STYLE, b"<!-- <w:style w:styleId='X'> -->" + _W_STYLE, 1),
        lambda b: b.replace(_W_STYLE, _W_STYLE.replace(b"<w:style ", b'<w:style xmlns:v="urn:v" '), 1),
        lambda b: b.replace(b'w:styleId="Heading1"', b'w:styleId="Heading&#49;"', 1),
        lambda b: b.replace(b"<w:styles ", b'<?pi x?><w:styles xmlns:x="http://schemas.openxmlformats.org/'
                            b'wordprocessingml/2006/main" ', 1),
        lambda b: b.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'", 1),
    ],
    ids=["comment", "inner-namespace", "char-reference", "processing-instruction", "encoding"],
)
def test_unusual_style_parts_are_parsed_whole(edit):
    data = edit(_styles_bytes())
    assert data != _styles_bytes()
    assert _StyleIndex._scan(data, _OXML_PARSER) is None
    _same(_StyleIndex.of(data, _OXML_PARSER), data)


def test_a_later_definition_of_a_style_wins_as_in_a_full_parse():
    data = _styles_bytes().replace(
        b"</w:styles>",
        b'<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="again"/>'
        b'<w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style><w:style w:type="character" w:styleId="Solo"/>'
        b"</w:styles>",
    )
    index = _StyleIndex._scan(data, _OXML_PARSER)
    assert index is not None
    _same(index, data)
    assert index["Heading1"].name == "again" and index["Solo"].name == "Solo"


def _as_dicts(paras):
    return [dataclasses.asdict(p) for p in paras]


def test_reader_reads_what_the_python_docx_path_reads(make_docx, root):
    path = make_docx(
        [
            ("header", (["ỦY BAN NHÂN DÂN", "SỞ TƯ PHÁP"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])),
            ("h1", "KẾT QUẢ"),
            ("auto0", "Cải cách thể chế"),
            ("p", "Đã giải quyết {+1.234+}{-1.200-} hồ sơ."),
            ("footnote", "Theo số liệu của Trung tâm."),
            ("bullet", "Một ý"),
            ("table", [["Chỉ tiêu", "Kết quả"], ["Hồ sơ", "98%"]]),
        ]
    )
    for p in [path, *sorted((root / "corpora" / "reports").glob("*.docx"))[:10]]:
        fast = read_docx(p)
        slow, _ = read_elements(open_docx(p))
        assert _as_dicts(fast.paragraphs) == _as_dicts(slow)


def _rewrite(src: Path, dst: Path, name: str, data: bytes | None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename == name:
                if data is not None:
                    zout.writestr(info, data)
            else:
                zout.writestr(info, zin.read(info.filename))


@pytest.mark.parametrize(
    ("part", "data", "reason"),
    [
        ("word/styles.xml", b"<w:styles", "bị hỏng"),
        ("word/document.xml", b"<w:document><w:body>", "bị hỏng"),
        ("word/styles.xml", None, "thiếu phần"),
        ("[Content_Types].xml", None, "thiếu phần"),
    ],
)
def test_damaged_parts_are_one_clear_error(make_docx, tmp_path, part, data, reason):
    src = make_docx([("p", "Nội dung.")])
    bad = tmp_path / "hong.docx"
    _rewrite(src, bad, part, data)
    with pytest.raises(UnreadableDocument, match=reason):
        read_docx(bad)


def test_a_macro_document_is_refused_as_python_docx_refuses_it(make_docx, tmp_path):
    src = make_docx([("p", "Nội dung.")])
    bad = tmp_path / "macro.docx"
    shutil.copy(src, bad)
    with zipfile.ZipFile(src) as zf:
        types = zf.read("[Content_Types].xml").replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    _rewrite(src, bad, "[Content_Types].xml", types)
    with pytest.raises(UnreadableDocument, match="not a Word file"):
        read_docx(bad)
