"""Drafting: merge the units' checked submissions into one report draft (.docx).

:func:`consolidate` takes the submissions (paths, read :class:`~cchc_nlp.document.Document`
objects or :class:`~cchc_nlp.checks.Report` objects from :func:`cchc_nlp.analyze`) and
returns a ``docx.Document`` laid out per Nghị định 30/2020/NĐ-CP:

- the header block (agency, ``Số: …/BC-…``, place and date, ``BÁO CÁO``, trích yếu) in a
  borderless two-column table, with placeholders where the office must fill in;
- I. results grouped by the content areas of the CCHC programme (:mod:`cchc_nlp.areas`);
  II. shortcomings; III. causes (1. objective, 2. subjective); IV. lessons; V. directions,
  tasks and solutions; VI. recommendations; VII. commendation proposals — the headings of
  the profile's outline where it has them; Nơi nhận and signature placeholders;
- every paragraph ends with its source unit in brackets and carries a Word comment naming
  the unit, the file and the paragraph number; near-duplicates across units are merged
  into one paragraph naming all sources;
- Phụ lục I: every figure of every submission (unit, paragraph, figure, value, unit of
  measure, what it is compared with); Phụ lục II: the "danh sách cần bổ sung", each unit
  with its open error findings.

Near-duplicates: two paragraphs of the same draft section from different units merge when
the cosine of their TF-IDF vectors over syllable unigrams and bigrams is at least
:data:`DUPLICATE_THRESHOLD` and they carry the same figure values (so two units' different
results are never folded into one). The threshold 0.70 is measured by
``python bench/draft_dedup.py``: among the 2,841 content paragraphs of the corpus, whose
reports were written independently, only 2 cross-report pairs reach it — one a real
paraphrase, the other the same sentence with different figures, which the figure rule
keeps apart — while copies edited the way units reword each other (a word in twelve
swapped, a number changed) score 0.69 at the 1st percentile and 0.90 at the median: 99%
of them pass the threshold, and those whose figures still agree are merged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from .areas import AREA_NAMES_VI, AREAS, area_of
from .checks.profile import Profile
from .checks.registry import Finding
from .checks.report import Report
from .document import Document, Figure, Paragraph
from .labels import heading_role
from .suggestions import syllable_ngrams, unit_name

DUPLICATE_THRESHOLD = 0.70
AUTHOR = "cchc-nlp"

# Draft sections in order, with the heading used when the profile's outline has none.
SECTION_KEYS: tuple[str, ...] = (
    "achievement",
    "shortcoming",
    "cause",
    "lesson",
    "solution",
    "recommendation",
    "commendation",
)
DEFAULT_TITLES: dict[str, str] = {
    "achievement": "KẾT QUẢ ĐẠT ĐƯỢC",
    "shortcoming": "TỒN TẠI, HẠN CHẾ",
    "cause": "NGUYÊN NHÂN",
    "lesson": "BÀI HỌC KINH NGHIỆM",
    "solution": "PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP GIAI ĐOẠN 2026-2030",
    "recommendation": "KIẾN NGHỊ, ĐỀ XUẤT",
    "commendation": "ĐỀ XUẤT KHEN THƯỞNG",
}
CAUSE_TITLES = {"cause_objective": "Nguyên nhân khách quan", "cause_subjective": "Nguyên nhân chủ quan"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdeghiklmnopqrstuvxy"

_COMMEND_RE = re.compile(
    r"khen thưởng|bằng khen|giấy khen|biểu dương|cờ thi đua|danh hiệu|tôn vinh|tặng thưởng|"
    r"lao động tiên tiến|chiến sĩ thi đua",
    re.IGNORECASE,
)
_NUMBER_PREFIX = re.compile(r"^\s*(?:phần\s+thứ\s+\w+|[IVX]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*", re.IGNORECASE)
_LABEL_SECTION = {
    "achievement": "achievement",
    "shortcoming": "shortcoming",
    "cause_objective": "cause",
    "cause_subjective": "cause",
    "lesson": "lesson",
    "solution": "solution",
    "recommendation": "recommendation",
}


@dataclass
class Source:
    """One input paragraph behind a draft paragraph."""

    unit: str
    file: str
    index: int

    def label(self) -> str:
        """``Phòng X, đoạn ¶12 (x.docx)``."""
        return f"{self.unit}, đoạn ¶{self.index} ({Path(self.file).name})"


@dataclass
class DraftItem:
    """A paragraph of the draft: its section (and area or cause kind), text and sources."""

    section: str
    group: str | None
    text: str
    sources: list[Source]
    values: tuple[float, ...] = ()
    unaddressed: bool = False


@dataclass
class FigureRow:
    """A row of the figures annex."""

    unit: str
    file: str
    paragraph: int
    figure: Figure


@dataclass
class Unit:
    """A submission: its unit name, file, report and open error findings."""

    name: str
    file: str
    report: Report
    errors: list[Finding] = field(default_factory=list)


@dataclass
class DraftPlan:
    """Everything the draft will say, before it is typed into a .docx."""

    agency: str | None
    title: str
    place: str | None
    titles: dict[str, str]
    units: list[Unit]
    items: list[DraftItem]
    figures: list[FigureRow]
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def section(self, key: str) -> list[DraftItem]:
        """The items of one draft section."""
        return [it for it in self.items if it.section == key]


# ---------------------------------------------------------------- planning


def _as_report(src: Report | Document | str | os.PathLike[str], profile: Profile | str | None) -> Report:
    if isinstance(src, Report):
        return src
    from .api import analyze

    return analyze(src, profile)


def _draft_section(p: Paragraph) -> str | None:
    """Which draft section an input paragraph goes to (None: not reported)."""
    if p.heading or p.zone not in ("body", "footnote"):
        return None
    under_commend = any(_COMMEND_RE.search(h) for h in p.section[-2:])
    if p.label == "recommendation":
        return "commendation" if (_COMMEND_RE.search(p.text) or under_commend) else "recommendation"
    if p.label in ("other", "solution") and under_commend and _COMMEND_RE.search(p.text):
        return "commendation"
    return _LABEL_SECTION.get(p.label or "")


def reportable(report: Report) -> list[tuple[Paragraph, str]]:
    """The paragraphs of a submission that go into the draft, with their draft section."""
    out = []
    for p in report.paragraphs:
        key = _draft_section(p)
        if key is not None:
            out.append((p, key))
    return out


def _titles(profile: Profile | None) -> dict[str, str]:
    titles = dict(DEFAULT_TITLES)
    seen: set[str] = set()
    for line in (profile.outline if profile else []) or []:
        text = _NUMBER_PREFIX.sub("", line.strip(), count=1).strip()
        if _COMMEND_RE.search(text):
            role: str | None = "commendation"
        else:
            role = heading_role(text)
            if role in ("cause_objective", "cause_subjective"):
                role = "cause"
        if role in titles and role not in seen and text:
            titles[role] = text.upper()
            seen.add(role)
    return titles


def _unique_names(reports: list[Report]) -> list[str]:
    names = [unit_name(r.document) for r in reports]
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return [
        f"{n} ({Path(r.source).name})" if counts[n] > 1 and r.source else n for n, r in zip(names, reports, strict=True)
    ]


def _common(values: list[str | None]) -> str | None:
    """The value more than half of the submissions share, else None."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=None)
    return best[0] if best and best[1] * 2 > len(values) else None


def plan_draft(
    reports: Sequence[Report | Document | str | os.PathLike[str]],
    profile: Profile | str | None = None,
    agency: str | None = None,
    title: str | None = None,
) -> DraftPlan:
    """Read (if needed), order, attribute and merge the submissions' paragraphs.

    Returns a :class:`DraftPlan`; :func:`consolidate` types it into a .docx."""
    from .checks import load_profile

    reps = [_as_report(r, profile) for r in reports]
    prof = load_profile(profile) if profile is not None or not reps else reps[0].profile  # type: ignore[arg-type]
    names = _unique_names(reps)
    units = [
        Unit(name=n, file=str(r.source or n), report=r, errors=r.errors()) for n, r in zip(names, reps, strict=True)
    ]
    raw: list[DraftItem] = []
    figures: list[FigureRow] = []
    for u in units:
        unaddressed = {f.paragraph for f in u.report.findings if f.code == "unaddressed-shortcoming"}
        for p in u.report.paragraphs:
            if p.zone in ("body", "footnote"):
                figures.extend(FigureRow(u.name, u.file, p.index, f) for f in p.figures)
        for p, key in reportable(u.report):
            if key == "achievement":
                group: str | None = area_of(p.text, p.section)
            elif key == "cause":
                group = p.label
            else:
                group = None
            raw.append(
                DraftItem(
                    section=key,
                    group=group,
                    text=p.text,
                    sources=[Source(u.name, u.file, p.index)],
                    values=tuple(sorted(round(f.value, 4) for f in p.figures)),
                    unaddressed=p.index in unaddressed,
                )
            )
    items = _merge_duplicates(raw)
    order = {k: i for i, k in enumerate(SECTION_KEYS)}
    group_order = {a: i for i, a in enumerate((*AREAS, "cause_objective", "cause_subjective"))}
    items.sort(key=lambda it: (order[it.section], group_order.get(it.group or "", 0)))  # stable: input order kept
    agency_name = agency or _common([r.document.metadata.parent for r in reps])
    return DraftPlan(
        agency=agency_name,
        title=title or (prof.title if prof and prof.title else "Công tác cải cách hành chính"),
        place=_common([r.document.metadata.place for r in reps]),
        titles=_titles(prof),
        units=units,
        items=items,
        figures=figures,
    )


def _merge_duplicates(items: list[DraftItem]) -> list[DraftItem]:
    """Fold near-duplicates of the same section and group from different units into the first."""
    if len(items) < 2:
        return items
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=syllable_ngrams, sublinear_tf=True)
    X = vec.fit_transform([it.text for it in items])
    sims = (X @ X.T).tocsr()
    kept: list[DraftItem] = []
    kept_at: dict[int, int] = {}  # input row -> position in kept
    for i, it in enumerate(items):
        row = sims.getrow(i)
        target = None
        best = DUPLICATE_THRESHOLD
        for j, score in zip(row.indices, row.data, strict=True):
            k = kept_at.get(int(j))
            if j >= i or k is None or score < best:
                continue
            cand = kept[k]
            if cand.section != it.section or cand.group != it.group or cand.values != it.values:
                continue
            if any(s.unit == it.sources[0].unit for s in cand.sources):
                continue
            best, target = score, k
        if target is None:
            kept_at[i] = len(kept)
            kept.append(it)
        else:
            kept[target].sources.extend(it.sources)
            kept[target].unaddressed = kept[target].unaddressed or it.unaddressed
    return kept


# ---------------------------------------------------------------- typing the .docx


def _vi_number(x: float) -> str:
    """``1234.5`` → ``1.234,5`` (Vietnamese number format)."""
    s = f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"
    return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def figure_value(f: Figure) -> str:
    """The value column of the annex: ``98,5``; a ratio as ``15/20``."""
    if f.kind == "ratio" and f.total is not None:
        return f"{_vi_number(f.value)}/{_vi_number(f.total)}"
    return _vi_number(f.value)


def _fmt(p: Any, size: float = 14, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True) -> None:
    pf = p.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Cm(1.0) if indent else None
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15


def _run(p: Any, text: str, bold: bool = False, italic: bool = False, size: float = 14) -> Any:
    r = p.add_run(text)
    r.bold, r.italic = bold or None, italic or None
    r.font.size = Pt(size)
    return r


def _cell(cell: Any, lines: list[tuple[str, bool, bool]], size: float = 13) -> None:
    first = True
    for text, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        if text:
            _run(p, text, bold, italic, size)


def _borderless_table(document: Any, widths: tuple[float, float]) -> Any:
    from .corpus.docxwriter import set_borderless

    table = document.add_table(rows=1, cols=2)
    set_borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths)
    return table


def _set_widths(table: Any, widths: Sequence[float]) -> None:
    """Column widths in cm, in the grid (read by LibreOffice) and in every cell (read by Word)."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Cm(w)


def _plain_heading_fonts(document: Any) -> None:
    """Drop the theme fonts and colour of the heading styles so they print in Times New Roman, black."""
    from docx.oxml.ns import qn

    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)


def _heading(document: Any, text: str, level: int) -> Any:
    p = document.add_paragraph(style=f"Heading {level}")
    _run(p, text, bold=True, italic=level == 3, size=14)
    pf = p.paragraph_format
    pf.first_line_indent = Cm(1.0)
    pf.space_before = Pt(6)
    pf.space_after = Pt(6)
    pf.keep_with_next = True
    return p


def _note(document: Any, text: str) -> None:
    p = document.add_paragraph()
    _fmt(p)
    _run(p, text, italic=True)


def _header_block(document: Any, plan: DraftPlan) -> None:
    agency_lines = [x.strip().upper() for x in (plan.agency or "TÊN CƠ QUAN, TỔ CHỨC").split("\n") if x.strip()]
    left = [(x, i == len(agency_lines) - 1, False) for i, x in enumerate(agency_lines)]
    left += [("———", False, False), ("Số: …/BC-…", False, False)]
    place = plan.place or "…"
    right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
        ("Độc lập - Tự do - Hạnh phúc", True, False),
        ("———————", False, False),
        (f"{place}, ngày … tháng … năm 20…", False, True),
    ]
    # Nghị định 30/2020 sets the agency name and the quốc hiệu at 12-13 pt; 12 pt keeps the
    # quốc hiệu on one line in the right column.
    table = _borderless_table(document, (5.5, 11.0))
    _cell(table.rows[0].cells[0], left, size=12)
    _cell(table.rows[0].cells[1], right[:3], size=12)
    _cell_append(table.rows[0].cells[1], right[3][0], 13, italic=True)
    for text, size in (("BÁO CÁO", 14), (plan.title, 14)):
        p = document.add_paragraph()
        _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        p.paragraph_format.space_before = Pt(12 if text == "BÁO CÁO" else 0)
        _run(p, text, bold=True, size=size)
    p = document.add_paragraph()
    _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(p, "———————")


def _signature_block(document: Any) -> None:
    table = _borderless_table(document, (8.0, 8.5))
    left = table.rows[0].cells[0]
    _cell(left, [("Nơi nhận:", True, True), ("- Như trên;", False, False), ("- …;", False, False)], size=12)
    _cell_append(left, "- Lưu: VT, ….", 11)  # Nơi nhận: 12 pt title, 11 pt list (Nghị định 30/2020)
    for p in left.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _cell(
        table.rows[0].cells[1],
        [
            ("QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ", True, False),
            ("(Chữ ký của người có thẩm quyền, dấu của cơ quan, tổ chức)", False, True),
            ("", False, False),
            ("", False, False),
            ("", False, False),
            ("Họ và tên", True, False),
        ],
    )


def _cell_append(cell: Any, text: str, size: float, italic: bool = False) -> None:
    p = cell.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, text, italic=italic, size=size)


def _sources_note(sources: list[Source]) -> str:
    units: list[str] = []
    for s in sources:
        if s.unit not in units:
            units.append(s.unit)
    return " [" + "; ".join(units) + "]"


def _item_paragraph(document: Any, item: DraftItem) -> Any:
    p = document.add_paragraph()
    _fmt(p)
    body = _run(p, item.text)
    tail = _run(p, _sources_note(item.sources), italic=True)
    head = "Nguồn" if len(item.sources) == 1 else f"Gộp {len(item.sources)} đoạn gần trùng, nguồn"
    document.add_comment(
        [body, tail],
        text=f"{head}: " + "; ".join(s.label() for s in item.sources),
        author=AUTHOR,
        initials="CC",
    )
    return p


def _suggestion_comment(document: Any, paragraph: Any, item: DraftItem, index: Any, files: set[str]) -> None:
    from .suggestions import suggest

    found = suggest(item.text, archive=index, top=3, exclude_files=files)
    if not found:
        return
    lines = ["Hạn chế này chưa có giải pháp tương ứng. Gợi ý từ báo cáo trước:"]
    for n, s in enumerate(found, 1):
        sol = next((x for x in s.solutions if x.linked), s.solutions[0] if s.solutions else None)
        sim = _vi_number(round(s.score, 2))
        lines.append(f"{n}. {s.unit} ({s.file}, ¶{s.paragraph}, tương đồng {sim}): “{s.shortcoming}”")
        if sol is not None:
            lines.append(f"   → Giải pháp đã nêu (¶{sol.index}): “{sol.text}”")
    document.add_comment(paragraph.runs, text="\n".join(lines), author=AUTHOR, initials="CC")


def _annex_title(document: Any, title: str, note: str) -> None:
    """A centred annex title with its italic note line underneath."""
    p = document.add_paragraph()
    _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(p, title, bold=True)
    p = document.add_paragraph()
    _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(p, note, italic=True, size=13)


def _annex_figures(document: Any, plan: DraftPlan) -> None:
    _annex_title(document, "PHỤ LỤC I. TỔNG HỢP SỐ LIỆU CỦA CÁC ĐƠN VỊ",
                 "(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … )")
    headers = ("Đơn vị", "Đoạn", "Số liệu", "Giá trị", "Đơn vị tính", "So sánh với")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = (4.2, 1.5, 3.6, 2.3, 2.3, 2.6)
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))  # repeat on each page
    for cell, h in zip(table.rows[0].cells, headers, strict=True):
        cp = cell.paragraphs[0]
        cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cp, h, bold=True, size=13)
    for row in plan.figures:
        f = row.figure
        values = (row.unit, f"¶{row.paragraph}", f.text, figure_value(f), f.unit or "", f.compared_with or "")
        cells = table.add_row().cells
        for cell, v in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], v, size=13)
    _set_widths(table, widths)
    if not plan.figures:
        _note(document, "(Các báo cáo không có số liệu định lượng.)")


def _annex_resubmit(document: Any, plan: DraftPlan) -> None:
    _annex_title(document, "PHỤ LỤC II. DANH SÁCH CẦN BỔ SUNG",
                 "(Tài liệu làm việc của cơ quan tổng hợp, không gửi kèm báo cáo)")
    todo = [u for u in plan.units if u.errors]
    n = 0
    for u in todo:
        _heading(document, f"{LETTERS[n % len(LETTERS)]}) {u.name} ({Path(u.file).name})", 3)
        n += 1
        for f in u.errors:
            where = "toàn văn" if f.paragraph is None else f"đoạn ¶{f.paragraph}"
            q = document.add_paragraph()
            _fmt(q)
            _run(q, f"- [{f.code}] {f.message} ({where})")
    for file, reason in plan.unreadable:
        _heading(document, f"{LETTERS[n % len(LETTERS)]}) {Path(file).name}", 3)
        n += 1
        q = document.add_paragraph()
        _fmt(q)
        _run(q, f"- Không đọc được tệp, đề nghị gửi lại: {reason}")
    ok = [u.name for u in plan.units if not u.errors]
    if ok:
        _note(document, "Các đơn vị không phải bổ sung: " + "; ".join(ok) + ".")
    if not todo and not plan.unreadable:
        _note(document, "Không có đơn vị nào phải bổ sung.")


def render(plan: DraftPlan, suggest_archive: str | os.PathLike[str] | Any = None) -> Any:
    """Type a :class:`DraftPlan` into a new ``docx.Document`` (see the module docstring)."""
    from .corpus.docxwriter import setup_page

    document = docx.Document()
    setup_page(document, size=14)
    _plain_heading_fonts(document)
    _header_block(document, plan)
    index = None
    if suggest_archive is not None:
        from .suggestions import SuggestIndex, build_index

        index = suggest_archive if isinstance(suggest_archive, SuggestIndex) else build_index(suggest_archive)
    input_files = {Path(u.file).name for u in plan.units}
    for n, key in enumerate(SECTION_KEYS):
        _heading(document, f"{ROMAN[n]}. {plan.titles[key]}", 1)
        items = plan.section(key)
        if key in ("achievement", "cause"):
            groups = AREAS if key == "achievement" else tuple(CAUSE_TITLES)
            names = AREA_NAMES_VI if key == "achievement" else CAUSE_TITLES
            sub = 0
            for g in groups:
                members = [it for it in items if it.group == g]
                if not members and key == "achievement":
                    continue
                sub += 1
                _heading(document, f"{sub}. {names[g]}", 2)
                for it in members:
                    _item_paragraph(document, it)
                if not members:
                    _note(document, "(Chưa có đơn vị nêu nội dung này; đề nghị bổ sung.)")
            if not items and key == "achievement":
                _note(document, "(Chưa có đơn vị nêu nội dung này; đề nghị bổ sung.)")
            continue
        for it in items:
            p = _item_paragraph(document, it)
            if key == "shortcoming" and it.unaddressed and index is not None and len(index):
                _suggestion_comment(document, p, it, index, input_files)
        if not items:
            _note(document, "(Chưa có đơn vị nêu nội dung này; đề nghị bổ sung.)")
    closing = document.add_paragraph()
    _fmt(closing)
    _run(closing, "Trên đây là báo cáo … của …, kính trình … xem xét, chỉ đạo./.")
    _signature_block(document)
    for annex in (_annex_figures, _annex_resubmit):
        brk = document.add_paragraph()
        brk.add_run().add_break(WD_BREAK.PAGE)
        annex(document, plan)
    return document


def consolidate(
    reports: Sequence[Report | Document | str | os.PathLike[str]],
    profile: Profile | str | None = None,
    agency: str | None = None,
    title: str | None = None,
    suggest_archive: str | os.PathLike[str] | Any = None,
    unreadable: Sequence[tuple[str, str]] = (),
) -> Any:
    """Merge checked submissions into one report draft and return it as a ``docx.Document``.

    ``reports``: paths, :class:`~cchc_nlp.document.Document` objects or
    :class:`~cchc_nlp.checks.Report` objects (paths and documents are analysed with
    ``profile``, default ``so-ket-2021-2025``). ``agency``: the consolidating body (default:
    the governing body all submissions name, else a placeholder). ``title``: the trích yếu
    (default: the profile's title). ``suggest_archive``: an archive folder (or index); under
    each shortcoming no solution addresses, a comment lists similar past shortcomings and
    the solutions those reports gave. ``unreadable``: ``(file, reason)`` pairs of
    submissions that could not be read, listed in the "danh sách cần bổ sung".

    Save with ``document.save(path)``; the command ``cchc consolidate`` writes atomically.
    """
    plan = plan_draft(reports, profile=profile, agency=agency, title=title)
    plan.unreadable = list(unreadable)
    return render(plan, suggest_archive=suggest_archive)
