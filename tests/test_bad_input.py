"""Every bad input gets one clear line naming the file and the reason, exit status 2,
and the other files of the same command are still processed."""

import io
import subprocess
import sys
import zipfile

import pytest

import cchc_nlp
from cchc_nlp.errors import UnreadableDocument

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _encrypted_docx(path):
    # an OLE compound file whose directory names the EncryptionInfo and EncryptedPackage streams
    path.write_bytes(
        OLE
        + b"\0" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 200
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 1000
    )


def _legacy_doc(path):
    path.write_bytes(OLE + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1000)


def _zip_without_document(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/styles.xml", "<styles/>")


def _cases(tmp_path, data_dir):
    cases = {}
    cases["missing"] = (tmp_path / "khong-co.docx", "không tìm thấy")
    d = tmp_path / "thu-muc.docx"
    d.mkdir()
    cases["directory"] = (d, "thư mục")
    p = tmp_path / "rong.docx"
    p.write_bytes(b"")
    cases["empty"] = (p, "rỗng")
    p = tmp_path / "rong.txt"
    p.write_bytes(b"")
    cases["empty-txt"] = (p, "rỗng")
    p = tmp_path / "khong-phai-zip.docx"
    p.write_bytes(b"Day khong phai la tep zip")
    cases["not-zip"] = (p, "không phải tệp zip")
    p = tmp_path / "zip-thieu.docx"
    _zip_without_document(p)
    cases["zip-no-document"] = (p, "word/document.xml")
    p = tmp_path / "mat-khau.docx"
    _encrypted_docx(p)
    cases["encrypted"] = (p, "mật khẩu")
    p = tmp_path / "cu.docx"
    _legacy_doc(p)
    cases["legacy-doc"] = (p, ".doc cũ")
    cases["scan-pdf"] = (data_dir / "scanned_report.pdf", "OCR")
    p = tmp_path / "hong.pdf"
    p.write_bytes(b"%PDF-1.4\n garbage")
    cases["corrupt-pdf"] = (p, "PDF")
    p = tmp_path / "anh.png"
    p.write_bytes(b"\x89PNG....")
    cases["unsupported"] = (p, "không được hỗ trợ")
    return cases


CASE_NAMES = [
    "missing",
    "directory",
    "empty",
    "empty-txt",
    "not-zip",
    "zip-no-document",
    "encrypted",
    "legacy-doc",
    "scan-pdf",
    "corrupt-pdf",
    "unsupported",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_raises_one_line_error_naming_the_file(tmp_path, data_dir, name):
    path, reason = _cases(tmp_path, data_dir)[name]
    with pytest.raises(UnreadableDocument) as info:
        cchc_nlp.load(path)
    line = str(info.value)
    assert "\n" not in line
    assert str(path) in line
    assert reason in line


def test_cli_reports_each_bad_file_and_goes_on(tmp_path, data_dir):
    cases = _cases(tmp_path, data_dir)
    good = tmp_path / "tot.txt"
    good.write_text("BÁO CÁO\nKết quả năm 2024\nĐã giải quyết 120 hồ sơ.", encoding="utf-8")
    args = [str(cases[n][0]) for n in CASE_NAMES] + [str(good)]
    proc = subprocess.run(
        [sys.executable, "-m", "cchc_nlp", "parse", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    err_lines = proc.stderr.strip().splitlines()
    assert len(err_lines) == len(CASE_NAMES), proc.stderr
    assert "Traceback" not in proc.stderr
    for n, line in zip(CASE_NAMES, err_lines, strict=True):
        assert str(cases[n][0]) in line
    import json

    out = json.loads(proc.stdout)
    assert [o["file"] for o in out] == [str(good)]


def test_password_protected_docx_from_msoffcrypto_layout_is_detected(tmp_path):
    # real encrypted files put the stream names in the OLE directory sector; only the names matter
    p = tmp_path / "x.docx"
    buf = io.BytesIO()
    buf.write(OLE + b"\0" * 3000 + "EncryptedPackage".encode("utf-16-le"))
    p.write_bytes(buf.getvalue())
    with pytest.raises(UnreadableDocument, match="mật khẩu"):
        cchc_nlp.load(p)
