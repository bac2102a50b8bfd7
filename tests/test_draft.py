"""Drafting: content areas, the consolidated .docx, and ``cchc consolidate``."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import cchc_nlp
from cchc_nlp.areas import AREAS, area_of, explain_area
from cchc_nlp.checks import check
from cchc_nlp.draft import (
    SECTION_KEYS,
    _sources_note,
    consolidate,
    figure_value,
    plan_draft,
    render,
    reportable,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "reports"
SUBMISSIONS = sorted(CORPUS.glob("dh-*-2025-soket.docx"))


def cchc(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_nlp", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def reports() -> list:
    assert len(SUBMISSIONS) >= 5
    return [cchc_nlp.analyze(f) for f in SUBMISSIONS]


@pytest.fixture(scope="module")
def plan(reports: list):
    return plan_draft(reports)


@pytest.fixture(scope="module")
def draft_path(plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "du-thao.docx"
    render(plan).save(out)
    return out


@pytest.fixture(scope="module")
def reopened(draft_path: Path):
    return docx.Document(str(draft_path))


def _labelled(text: str, labels: list[str], name: str):
    """A checked report from text lines with the labels given (no model involved)."""
    doc = cchc_nlp.from_text(text, name=name)
    for p, lab in zip(doc.paragraphs, labels, strict=True):
        p.label, p.confidence = lab, 1.0
    return check(doc)


# ---------------------------------------------------------------- areas


def test_area_follows_the_section_heading_first():
    section = ["I. KẾT QUẢ", "5. Cải cách chế độ công vụ"]
    assert area_of("Cử 46 lượt công chức đi bồi dưỡng; 100% hồ sơ đúng hạn.", section) == "cong_vu"
    assert area_of("Tiếp nhận 1.234 hồ sơ, 99,5% đúng hạn.", ["3. Cải cách thủ tục hành chính"]) == "tthc"


def test_area_heading_naming_two_areas_is_settled_by_cue_words():
    section = ["4. Cải cách tổ chức bộ máy và chế độ công vụ"]
    assert area_of("Sáp nhập 02 phòng, giảm 03 đầu mối và 05 biên chế.", section) == "to_chuc_bo_may"
    assert area_of("Tuyển dụng 11 công chức qua thi tuyển; xử lý kỷ luật 02 người.", section) == "cong_vu"


def test_area_without_heading_uses_cue_words_and_its_own_short_title():
    assert area_of("100% văn bản đi được ký số, xử lý trên phần mềm quản lý văn bản.") == "chinh_phu_so"
    assert area_of("Giải ngân vốn đầu tư công đạt 96,3% kế hoạch vốn.") == "tai_chinh_cong"
    assert area_of("10. Về tài chính công: 05/05 đơn vị sự nghiệp tự chủ.", ["6. Về thủ tục hành chính:"]) == (
        "tai_chinh_cong"
    )
    assert area_of("Kết quả trên có được nhờ sự chỉ đạo sát sao của Huyện ủy.") == "khac"
    assert area_of("Trời nắng đẹp.") == "khac"


def test_area_decision_is_explained():
    d = explain_area("Tiếp nhận 1.234 hồ sơ.", ["3. Cải cách thủ tục hành chính"])
    assert d.area == "tthc" and "thủ tục hành chính" in d.rule
    assert d.area in AREAS


def test_area_rules_reach_80_percent_accuracy_on_the_hand_labelled_sample():
    spec = importlib.util.spec_from_file_location("areas_eval", ROOT / "bench" / "areas_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.evaluate(ROOT / "corpora")
    assert res["paragraphs"] >= 300 and res["reports"] >= 30
    assert res["accuracy"] >= 0.8
    assert res["splits"]["heldout"]["accuracy"] >= 0.8  # paragraphs never used to write the rules


# ---------------------------------------------------------------- the draft


def test_draft_reopens_in_python_docx_with_office_layout(reopened):
    sec = reopened.sections[0]
    assert abs(sec.page_width - Cm(21)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    assert abs(sec.left_margin - Cm(3)) < Cm(0.05) and abs(sec.right_margin - Cm(1.5)) < Cm(0.05)
    assert abs(sec.top_margin - Cm(2)) < Cm(0.05) and abs(sec.bottom_margin - Cm(2)) < Cm(0.05)
    normal = reopened.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    sizes = {r.font.size for p in reopened.paragraphs for r in p.runs if r.text.strip() and r.font.size}
    assert sizes and all(Pt(13) <= s <= Pt(14) for s in sizes)


def test_header_block_is_a_borderless_two_column_table_with_placeholders(reopened):
    table = reopened.tables[0]
    left, right = (c.text for c in table.rows[0].cells)
    assert "Số: …/BC-…" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "ngày … tháng … năm" in right
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and all(b.get(qn("w:val")) == "nil" for b in borders)
    first = [p.text for p in reopened.paragraphs[:2]]
    assert first[0] == "BÁO CÁO" and first[1]


def test_sections_follow_the_outline_in_order(reopened, plan):
    h1 = [p.text for p in reopened.paragraphs if p.style.name == "Heading 1"]
    numbers = [t.split(".")[0] for t in h1]
    assert numbers == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [plan.titles[k] for k in SECTION_KEYS] == [t.split(". ", 1)[1] for t in h1]
    assert "2026-2030" in h1[4] and "KHEN THƯỞNG" in h1[6]
    texts = [p.text for p in reopened.paragraphs]
    causes = texts[texts.index(h1[2]) : texts.index(h1[3])]
    assert "1. Nguyên nhân khách quan" in causes and "2. Nguyên nhân chủ quan" in causes
    assert causes.index("1. Nguyên nhân khách quan") < causes.index("2. Nguyên nhân chủ quan")
    areas = [p.text for p in reopened.paragraphs if p.style.name == "Heading 2"]
    assert areas[0].startswith("1. ") and areas[1].startswith("2. ")
    assert any(p.style.name == "Heading 3" and p.text.startswith("a) ") for p in reopened.paragraphs) or not any(
        u.errors for u in plan.units
    )


def test_every_reportable_paragraph_appears_exactly_once_with_its_source(reopened, plan, reports):
    expected = {(u.name, p.index) for u in plan.units for p, _ in reportable(u.report)}
    placed = [(s.unit, s.index) for it in plan.items for s in it.sources]
    assert sorted(placed) == sorted(expected)  # each input paragraph in exactly one draft item
    body = [p.text for p in reopened.paragraphs]
    for it in plan.items:
        line = it.text + _sources_note(it.sources)
        assert body.count(line) == 1, line[:80]
        for s in it.sources:
            assert s.unit in line  # the bracketed source names every unit merged in
    units = {u.name for u in plan.units}
    assert len(units) == len(reports)


def test_every_draft_paragraph_has_a_comment_naming_unit_and_paragraph(reopened, plan):
    comments = [c.text for c in reopened.comments]
    assert len(comments) >= len(plan.items)
    for it in plan.items[:40]:
        s = it.sources[0]
        assert any(s.unit in c and f"¶{s.index}" in c for c in comments)


def test_results_are_grouped_by_content_area(plan):
    groups = [it.group for it in plan.section("achievement")]
    assert set(groups) <= set(AREAS) and len(set(groups)) >= 4
    order = [AREAS.index(g) for g in groups]
    assert order == sorted(order)


def test_annex_table_holds_every_extracted_figure(reopened, plan, reports):
    annex = reopened.tables[-1]
    header = [c.text for c in annex.rows[0].cells]
    assert header == ["Đơn vị", "Đoạn", "Số liệu", "Giá trị", "Đơn vị tính", "So sánh với"]
    rows = [tuple(c.text for c in r.cells) for r in annex.rows[1:]]
    expected = []
    for u in plan.units:
        for p in u.report.paragraphs:
            if p.zone in ("body", "footnote"):
                for f in p.figures:
                    expected.append((u.name, f"¶{p.index}", f.text, figure_value(f), f.unit, f.compared_with or ""))
    assert rows == expected and len(rows) > 50
    assert any(r[5] for r in rows)  # some figures say what they are compared with


def test_resubmission_list_names_each_unit_with_its_open_errors(reopened, plan):
    texts = [p.text for p in reopened.paragraphs]
    start = texts.index("PHỤ LỤC II. DANH SÁCH CẦN BỔ SUNG")
    tail = texts[start:]
    for u in plan.units:
        if u.errors:
            assert any(t.endswith(f"{u.name} ({Path(u.file).name})") and t[1] == ")" for t in tail)
            for f in u.errors:
                assert any(f"[{f.code}]" in t for t in tail)
        else:
            assert any(t.startswith("Các đơn vị không phải bổ sung") and u.name in t for t in tail)


def test_signature_and_recipients_placeholders(reopened):
    sig = reopened.tables[1]
    left, right = (c.text for c in sig.rows[0].cells)
    assert left.startswith("Nơi nhận:") and "Lưu: VT" in left
    assert "Họ và tên" in right and "CHỨC VỤ" in right


def test_near_duplicates_from_two_units_are_merged_naming_both():
    text_a = (
        "Hạn chế\n"
        "Các đơn vị sự nghiệp chưa chủ động khai thác nguồn thu, còn tâm lý trông chờ vào ngân sách nhà nước.\n"
        "Tỷ lệ hồ sơ nộp trực tuyến còn thấp ở cấp xã."
    )
    text_b = (
        "Hạn chế\nCác đơn vị sự nghiệp chưa chủ động tìm nguồn thu, vẫn còn tâm lý trông chờ vào ngân sách nhà nước.\n"
        "Đội ngũ công chức một cửa thường xuyên thay đổi."
    )
    a = _labelled(text_a, ["other", "shortcoming", "shortcoming"], "phong-a.txt")
    b = _labelled(text_b, ["other", "shortcoming", "shortcoming"], "phong-b.txt")
    plan = plan_draft([a, b])
    shorts = plan.section("shortcoming")
    assert len(shorts) == 3
    merged = [it for it in shorts if len(it.sources) == 2]
    assert len(merged) == 1 and {s.unit for s in merged[0].sources} == {"phong-a", "phong-b"}
    document = render(plan)
    assert any(p.text.endswith("[phong-a; phong-b]") for p in document.paragraphs)


def test_same_sentence_with_other_figures_is_not_merged():
    a = _labelled("Còn 12 hồ sơ đất đai trễ hạn trong năm.", ["shortcoming"], "phong-a.txt")
    b = _labelled("Còn 47 hồ sơ đất đai trễ hạn trong năm.", ["shortcoming"], "phong-b.txt")
    assert all(len(it.sources) == 1 for it in plan_draft([a, b]).items)


def test_consolidate_accepts_paths_and_returns_a_docx_document(tmp_path):
    document = consolidate(SUBMISSIONS[:2], agency="Ban Quản lý Khu kinh tế Đông Hải", title="Tổng hợp thử")
    out = tmp_path / "d.docx"
    document.save(out)
    again = docx.Document(str(out))
    assert "BAN QUẢN LÝ KHU KINH TẾ ĐÔNG HẢI" in again.tables[0].rows[0].cells[0].text
    assert again.paragraphs[1].text == "Tổng hợp thử"


def test_draft_renders_to_a_non_blank_page_where_libreoffice_is_installed(draft_path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(draft_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (draft_path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    first_page = pages[0].extract_text()  # Vietnamese glyphs may come back split; ASCII parts are stable
    assert len(pages) > 2 and "/BC-" in first_page and "2021-2025" in first_page
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (the PDF was made)")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = sorted(tmp_path.glob("page*.png"))[0]
    from PIL import Image

    img = Image.open(png).convert("L")
    dark = sum(img.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.002 * img.width * img.height


# ---------------------------------------------------------------- the command


def test_cli_consolidate_skips_an_unreadable_file_and_exits_2(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip file")
    inputs = [*SUBMISSIONS[:2], broken]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    out = tmp_path / "du-thao.docx"
    r = cchc("consolidate", *inputs, "--output", out, "--agency", "Ban Quản lý Khu kinh tế Đông Hải")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and str(broken) in r.stderr and "Traceback" not in r.stderr
    assert out.is_file()
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any("hong.docx" in t for t in text)  # listed for resubmission
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs} == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_consolidate_refuses_to_overwrite_an_input(tmp_path):
    src = tmp_path / "a.docx"
    shutil.copy(SUBMISSIONS[0], src)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    r = cchc("consolidate", src, "--output", src)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest
