"""Old archives: legacy Vietnamese encodings (TCVN3, VNI-Windows) and .doc files through LibreOffice."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import pytest

import cchc_nlp
from cchc_nlp.errors import UnreadableDocument
from cchc_nlp.legacy import convert_font_text, detect_legacy, from_unicode, legacy_font, to_unicode
from cchc_nlp.readers import doc as doc_reader
from cchc_nlp.text import normalize

ROOT = Path(__file__).resolve().parents[1]
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _letters(case: str = "lower") -> list[str]:
    """Every Vietnamese vowel with no tone and with each of the five tones, in NFC."""
    out = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    return [c.upper() for c in out] if case == "upper" else out


# A report excerpt written for these tests (old tone placement, as `normalize` writes it).
REPORT = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
BÁO CÁO TỔNG KẾT CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2004
Đơn vị đã rà soát, đơn giản hóa 27 thủ tục hành chính; tỷ lệ hồ sơ trả đúng hẹn đạt 96,4%.
Những hạn chế: việc ứng dụng công nghệ thông tin còn chậm, một số cán bộ chưa thực sự chủ động.
Nguyên nhân khách quan: kinh phí được cấp muộn; nguyên nhân chủ quan: phối hợp giữa các phòng chưa chặt chẽ.
Bài học kinh nghiệm: người đứng đầu phải sâu sát, kiểm tra thường xuyên, lắng nghe ý kiến của dân.
Năm tới, Sở tiếp tục đẩy mạnh một cửa liên thông và đề nghị khen thưởng ba tập thể, năm cá nhân.
Ăn ở, Âm vang, Ê kíp, Ô tô, Ơn nghĩa, Ưu tiên, Đà Nẵng, Quỹ, Thủy lợi, khuyến khích, nguyễn, quyết."""

# every vowel with every tone: small letters after "th", all-caps syllables after "TH"
COVERAGE_SMALL = " ".join("th" + c for c in _letters()) + " đ đi"
COVERAGE_CAPS = " ".join("TH" + c for c in _letters("upper")) + " Đ ĐI"
# VNI has a code for every capital, so words may start with an accented capital
COVERAGE_INITIAL_CAPS = " ".join(c + "n" for c in _letters("upper"))

ROUND_TRIP = {
    "tcvn3": "\n".join([REPORT, COVERAGE_SMALL, COVERAGE_CAPS]),
    "vni": "\n".join([REPORT, COVERAGE_SMALL, COVERAGE_CAPS, COVERAGE_INITIAL_CAPS]),
}


# ---------------------------------------------------------------- tables


def test_published_table_examples():
    assert to_unicode("®", "tcvn3") == "đ"
    assert to_unicode("¸", "tcvn3") == "á"
    assert to_unicode("§", "tcvn3") == "Đ"
    assert to_unicode("B¸o c¸o", "tcvn3") == "Báo cáo"
    assert to_unicode("ñ", "vni") == "đ"
    assert to_unicode("aù", "vni") == "á"
    assert to_unicode("Ñ", "vni") == "Đ"
    assert to_unicode("Baùo caùo", "vni") == "Báo cáo"


def test_every_vietnamese_letter_has_a_legacy_code():
    small = [*_letters(), "đ"]
    for enc in ("tcvn3", "vni"):
        for letter in small:
            legacy = from_unicode(letter, enc)
            # one byte in TCVN3; a byte, or a base letter and a mark byte, in VNI
            assert len(legacy.encode("cp1252")) == (1 if enc == "tcvn3" else len(legacy)) <= 2, (enc, letter)
            assert to_unicode(legacy, enc) == letter
    for letter in [*_letters("upper"), "Đ"]:
        assert to_unicode(from_unicode(letter, "vni"), "vni") == letter


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_is_exact_and_detected(encoding):
    text = ROUND_TRIP[encoding]
    assert len(text) > 1000
    legacy = from_unicode(text, encoding)
    assert legacy != text
    legacy.encode("cp1252")
    assert detect_legacy(legacy) == encoding
    assert to_unicode(legacy, encoding) == text


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_each_line_is_detected_as_its_own_encoding_not_the_other(encoding):
    # the TCVN3 table turns VNI text into plausible syllables too ("Keát" -> "Keốt")
    for line in REPORT.splitlines():
        assert detect_legacy(from_unicode(line, encoding)) == encoding, line


def test_tcvn3_words_typed_in_capitals_get_accented_capitals():
    # TCVN3 has no byte for an accented capital: all-caps fonts reuse the small-letter bytes
    assert from_unicode("CỘNG HÒA", "tcvn3") == from_unicode("CộNG HòA", "tcvn3") == "CéNG HßA"
    assert to_unicode("CéNG HßA X· HéI", "tcvn3") == "CỘNG HÒA XÃ HỘI"
    assert to_unicode("TM. ñY BAN NH¢N D¢N", "tcvn3") == "TM. ỦY BAN NH\u00c2N D\u00c2N"
    # a capital initial before small letters stays a capital initial only
    assert to_unicode("Hµ Néi, ngµy 15 th¸ng 12", "tcvn3") == "Hà Nội, ngày 15 tháng 12"
    assert to_unicode("Sè: 118/BC-UBND\tCéNG HßA", "tcvn3") == "Số: 118/BC-UBND\tCỘNG HÒA"
    assert to_unicode("VI. §Ò nghÞ", "tcvn3") == "VI. Đề nghị"
    # with the font known there is nothing to guess
    assert to_unicode("céng hoµ", "tcvn3", capitals=True) == "CỘNG HOÀ"
    assert to_unicode("CéNG", "tcvn3", capitals=False) == "CộNG"


def test_font_names_say_the_encoding():
    assert legacy_font(".VnTime") == ("tcvn3", False)
    assert legacy_font(".VnTimeH") == ("tcvn3", True)
    assert legacy_font(".VnArial NarrowH") == ("tcvn3", True)
    assert legacy_font("VNI-Times") == ("vni", False)
    assert legacy_font("VNI-Helve") == ("vni", False)
    assert legacy_font("Times New Roman") is None
    assert legacy_font(None) is None
    assert detect_legacy("B¸o c¸o", fonts=["Arial", ".VnArial"]) == "tcvn3"
    assert detect_legacy("Baùo caùo", fonts=["VNI-Helve"]) == "vni"


def test_unicode_text_in_a_legacy_font_is_left_alone():
    assert convert_font_text("Kết quả thực hiện", ".VnTime") == "Kết quả thực hiện"
    assert convert_font_text("KÕt qu¶", ".VnTime") == "Kết quả"
    assert convert_font_text("KÕt qu¶", "Times New Roman") == "KÕt qu¶"


@pytest.mark.parametrize(
    "text",
    [
        REPORT,
        REPORT.upper(),
        "Café résumé, naïve façade: déjà vu à Noël.",
        "Im vergangenen Jahr hat die Behörde über 1.200 Anträge geprüft; die Bürger waren größtenteils zufrieden.",
        "El año pasado, la administración pública aprobó más de mil solicitudes según el informe anual.",
        unicodedata.normalize("NFD", "Kết quả cải cách hành chính năm 2024 đạt 98,5% kế hoạch."),
        "Kết quả: 1.234 hồ sơ (98,5%).",
        "Report on administrative reform, 2024. Total: 15 units.",
        "ĐỀ ÁN",
    ],
)
def test_modern_or_foreign_text_is_not_detected(text):
    assert detect_legacy(text) is None
    assert cchc_nlp.from_text(text).paragraphs[0].text == normalize(text.splitlines()[0])


# ---------------------------------------------------------------- readers


def _legacy_docx(path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run(from_unicode("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tcvn3")).font.name = ".VnTimeH"
    p = d.add_paragraph()
    p.add_run(from_unicode("Kết quả năm 2004: ", "tcvn3")).font.name = ".VnTime"
    p.add_run(from_unicode("đã giải quyết 1.234 hồ sơ, đạt 98,5% kế hoạch", "vni")).font.name = "VNI-Times"
    p.add_run(" và phần mới gõ bằng Unicode.").font.name = "Times New Roman"
    # the accented capital of a mixed-case word typed in the all-caps font
    p = d.add_paragraph()
    p.add_run(from_unicode("ủ", "tcvn3")).font.name = ".VnTimeH"
    p.add_run(from_unicode("y ban nhân dân huyện", "tcvn3")).font.name = ".VnTime"
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run(from_unicode("Đơn vị", "vni")).font.name = "VNI-Helve"
    table.cell(0, 1).paragraphs[0].add_run(from_unicode("Tỷ lệ đúng hẹn", "tcvn3")).font.name = ".VnArial"
    d.save(str(path))


LEGACY_DOCX_TEXT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Kết quả năm 2004: đã giải quyết 1.234 hồ sơ, đạt 98,5% kế hoạch và phần mới gõ bằng Unicode.",
    "Ủy ban nhân dân huyện",
    "Đơn vị | Tỷ lệ đúng hẹn",
]


def test_docx_runs_in_tcvn3_and_vni_fonts_read_as_unicode(tmp_path):
    path = tmp_path / "cu.docx"
    _legacy_docx(path)
    doc = cchc_nlp.load(path)
    assert [p.text for p in doc.paragraphs] == LEGACY_DOCX_TEXT


def test_docx_style_font_makes_runs_legacy(tmp_path):
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph(from_unicode("Nguyên nhân chủ quan: phối hợp chưa chặt chẽ.", "tcvn3"))
    d.add_paragraph("Dòng gõ Unicode trong kiểu .VnTime giữ nguyên.")
    path = tmp_path / "kieu.docx"
    d.save(str(path))
    assert [p.text for p in cchc_nlp.load(path).paragraphs] == [
        "Nguyên nhân chủ quan: phối hợp chưa chặt chẽ.",
        "Dòng gõ Unicode trong kiểu .VnTime giữ nguyên.",
    ]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_txt_saved_by_old_software_reads_back(tmp_path, encoding):
    path = tmp_path / f"bao-cao-{encoding}.txt"
    path.write_bytes(from_unicode(REPORT, encoding).encode("cp1252"))
    before = path.read_bytes()
    doc = cchc_nlp.load(path)
    assert [p.text for p in doc.paragraphs] == [normalize(line) for line in REPORT.splitlines()]
    assert path.read_bytes() == before


def test_legacy_text_already_in_utf8_is_converted_too(tmp_path):
    legacy = from_unicode(REPORT, "tcvn3")
    path = tmp_path / "da-chuyen-utf8.md"
    path.write_text(legacy, encoding="utf-8")
    expected = [normalize(line) for line in REPORT.splitlines()]
    assert [p.text for p in cchc_nlp.load(path).paragraphs] == expected
    assert [p.text for p in cchc_nlp.from_text(legacy).paragraphs] == expected


def test_corpus_reports_are_not_converted(monkeypatch):
    files = sorted((ROOT / "corpora" / "reports").glob("*.docx"))[::7][:10]
    assert len(files) == 10
    loaded = [[p.text for p in cchc_nlp.load(f).paragraphs] for f in files]
    monkeypatch.setattr("cchc_nlp.readers.docx.convert_font_text", lambda text, font: text)
    untouched = [[p.text for p in cchc_nlp.load(f).paragraphs] for f in files]
    assert loaded == untouched
    for texts in loaded:
        assert detect_legacy("\n".join(texts)) is None


# ---------------------------------------------------------------- .doc through LibreOffice


def _ole_doc(path: Path) -> None:
    path.write_bytes(doc_reader.OLE_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1000)


def test_doc_without_libreoffice_is_refused_with_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "cu.doc"
    _ole_doc(path)
    monkeypatch.setattr("shutil.which", lambda name, *a, **k: None)
    with pytest.raises(UnreadableDocument) as info:
        cchc_nlp.load(path)
    line = info.value.one_line()
    assert line == (
        f"{path}: tệp .doc cần LibreOffice để chuyển đổi; chưa cài LibreOffice "
        "(legacy .doc needs LibreOffice, which is not installed)"
    )


def test_cli_with_empty_path_reports_the_doc_and_goes_on(tmp_path):
    bad = tmp_path / "cu.doc"
    _ole_doc(bad)
    good = tmp_path / "moi.txt"
    good.write_text("BÁO CÁO\nĐã giải quyết 120 hồ sơ.", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cchc_nlp", "parse", "--format", "json", str(bad), str(good)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"{bad}: tệp .doc cần LibreOffice để chuyển đổi; chưa cài LibreOffice "
        "(legacy .doc needs LibreOffice, which is not installed)"
    ]
    assert str(good) in proc.stdout


def test_binary_junk_named_doc_is_refused_before_conversion(tmp_path, monkeypatch):
    path = tmp_path / "rac.doc"
    path.write_bytes(bytes(range(256)) * 8)
    monkeypatch.setattr(doc_reader, "convert_to_docx", pytest.fail)
    with pytest.raises(UnreadableDocument, match="không phải văn bản Word"):
        cchc_nlp.load(path)


def test_docx_saved_as_doc_is_read_directly(tmp_path, monkeypatch):
    path = tmp_path / "that-ra-la-docx.doc"
    _legacy_docx(path)
    monkeypatch.setattr(doc_reader, "convert_to_docx", pytest.fail)
    doc = cchc_nlp.load(path)
    assert [p.text for p in doc.paragraphs] == LEGACY_DOCX_TEXT
    assert doc.format == "doc"


def test_hung_conversion_is_killed_after_the_timeout(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60 &\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: str(fake))
    path = tmp_path / "treo.doc"
    _ole_doc(path)
    with pytest.raises(UnreadableDocument, match="quá 1 giây"):
        doc_reader.read_doc(path, timeout=1)


@pytest.mark.skipif(doc_reader.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_is_converted_through_libreoffice(tmp_path, monkeypatch):
    src = tmp_path / "nguon.docx"
    _legacy_docx(src)
    archive = tmp_path / "luu-tru"
    archive.mkdir()
    soffice = [doc_reader.find_soffice(), f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless"]
    # through .odt: LibreOffice 7.4 drops python-docx tables when it writes .doc straight from .docx
    for target, source, outdir in (("odt", src, tmp_path), ("doc", tmp_path / "nguon.odt", archive)):
        subprocess.run(
            [*soffice, "--convert-to", target, "--outdir", outdir, source], check=True, capture_output=True, timeout=180
        )
    path = archive / "nguon.doc"
    assert path.read_bytes().startswith(doc_reader.OLE_MAGIC)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))

    doc = cchc_nlp.load(path)

    assert [p.text for p in doc.paragraphs] == LEGACY_DOCX_TEXT
    assert doc.source == str(path) and doc.format == "doc"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in archive.iterdir()) == ["nguon.doc"]  # no lock or output file beside it
    assert list(scratch.iterdir()) == []  # the conversion folder is gone
