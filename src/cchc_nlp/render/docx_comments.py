"""Write the reviewer's comments into a copy of the submitted .docx.

Each flagged paragraph gets a Word comment (code, severity, message; for shortcomings the
solutions linked to it); every paragraph's label is made visible by a light background
shading in the label's colour, explained by a legend comment on the first paragraph. The
source file is never touched: the copy is written atomically to the given path.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.run import Run

from ..errors import OutputError, UnreadableDocument
from ..io import write_bytes_atomic
from ..labels import LABEL_NAMES_VI, LABELS
from ..readers.docx import open_docx, read_elements
from ..text import normalize
from .colors import LABEL_COLORS, SEVERITY_VI

if TYPE_CHECKING:
    from ..checks.report import Report

AUTHOR = "cchc-nlp"


def _shade(p_el: Any, fill: str) -> None:
    ppr = p_el.get_or_add_pPr()
    old = ppr.find(qn("w:shd"))
    if old is not None:
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _paragraphs_of(el: Any) -> list[Any]:
    if el is None:
        return []
    if el.tag == qn("w:tr"):
        return list(el.iter(qn("w:p")))
    return [el]


def _anchor_runs(el: Any, document: Any) -> list[Run]:
    """Runs of the main story to anchor a comment on (inserted runs included)."""
    runs = []
    for p in _paragraphs_of(el):
        for r in p.iter(qn("w:r")):
            if r.find(qn("w:t")) is not None and not any(
                a.tag in (qn("w:del"), qn("w:moveFrom")) for a in r.iterancestors()
            ):
                runs.append(Run(r, document._body))
    return runs


def _comment_text(report: Report, index: int | None) -> str:
    lines = []
    for f in report.findings:
        if f.paragraph == index:
            lines.append(f"[{f.code}] ({SEVERITY_VI.get(f.severity, f.severity)}) {f.message}")
    return "\n".join(lines)


def save_annotated(report: Report, out: Path) -> Path:
    """Write ``out``: a copy of the report's source .docx with comments and label shading."""
    src = report.document.source
    if not src or not str(src).lower().endswith(".docx"):
        raise OutputError(
            out, "chỉ ghi nhận xét được vào bản sao của tệp .docx", "annotation needs a .docx source"
        )
    document = open_docx(Path(src))
    paras, elements = read_elements(document)
    if len(paras) != len(report.paragraphs) or any(
        normalize(a.text) != b.text for a, b in zip(paras, report.paragraphs, strict=True)
    ):
        raise UnreadableDocument(
            src, "tệp nguồn đã thay đổi kể từ khi kiểm tra", "source changed since it was checked"
        )
    first_body = None
    for p, el in zip(report.paragraphs, elements, strict=True):
        if el is None or p.zone == "footnote":
            continue
        fill = LABEL_COLORS.get(p.label or "other")
        if fill and p.label != "other":
            for q in _paragraphs_of(el):
                _shade(q, fill)
        text = _comment_text(report, p.index)
        if p.label == "shortcoming" and not p.heading and p.index in report.best_solution_score:
            sols = [f"¶{lk.target}" for lk in report.links_for(p.index) if lk.kind == "solution"]
            if sols:
                text = (text + "\n" if text else "") + "Hạn chế → Giải pháp " + ", ".join(sols)
        runs = _anchor_runs(el, document)
        if first_body is None and p.zone == "body" and runs:
            first_body = runs
        if text and runs:
            document.add_comment(runs, text=text, author=AUTHOR, initials="CC")
    legend = "Nhãn đoạn (màu nền): " + "; ".join(
        f"{LABEL_NAMES_VI[lb]} = #{LABEL_COLORS[lb]}" for lb in LABELS if lb != "other"
    )
    s = report.summary()
    head = (
        f"Kết quả kiểm tra theo hồ sơ '{report.profile.name}': {s['errors']} lỗi, {s['warnings']} cảnh báo, "
        f"{s['infos']} lưu ý."
    )
    doc_level = _comment_text(report, None)
    anchor = first_body or next((r for el in elements for r in _anchor_runs(el, document)), None)
    if anchor:
        document.add_comment(
            anchor, text="\n".join(x for x in (head, doc_level, legend) if x), author=AUTHOR, initials="CC"
        )
    buf = io.BytesIO()
    document.save(buf)
    write_bytes_atomic(out, buf.getvalue())
    return out
