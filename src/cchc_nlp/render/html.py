"""Self-contained HTML for checked reports: no CDN, no script, works offline.

:func:`render_report_fragment` is what Jupyter shows (``Report._repr_html_``);
:func:`render_reports` wraps one or more fragments in a page (``cchc check --format html``).
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from ..labels import LABEL_NAMES_VI, LABELS
from .colors import LABEL_COLORS, SEVERITY_COLORS, SEVERITY_VI

if TYPE_CHECKING:
    from ..checks.report import Report

CSS = """
.cchc{font-family:"Times New Roman",Georgia,serif;font-size:15px;color:#1d1d1d;max-width:1100px}
.cchc h2{font-size:20px;margin:18px 0 4px}.cchc .meta{color:#444;margin:2px 0 10px}
.cchc .sum{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0}
.cchc .pill{padding:2px 9px;border-radius:10px;font-size:13px;border:1px solid #ccc}
.cchc table{border-collapse:collapse;width:100%}
.cchc td{vertical-align:top;padding:4px 6px;border-bottom:1px solid #eee}
.cchc td.ix{color:#777;font-size:12px;width:38px}.cchc td.lb{font-size:12px;width:150px}
.cchc td.side{width:330px;font-size:13px}
.cchc .h{font-weight:bold}.cchc .f{margin:2px 0;padding:2px 5px;border-left:3px solid;background:#fff}
.cchc .lk{color:#225;font-size:12px}.cchc .legend span{padding:1px 6px;margin-right:4px;font-size:12px}
.cchc .docf{margin:6px 0;padding:4px 8px;border-left:4px solid;background:#fafafa}
.cchc .sec td{font-size:13px}.cchc .conf{color:#888;font-size:11px}
"""


def _legend() -> str:
    return (
        "<div class='legend'>"
        + "".join(
            f"<span style='background:#{LABEL_COLORS[lb]}'>{escape(LABEL_NAMES_VI[lb])}</span>"
            for lb in LABELS
        )
        + "</div>"
    )


def _finding_html(f, cls: str = "f") -> str:  # type: ignore[no-untyped-def]
    color = SEVERITY_COLORS.get(f.severity, "555555")
    return (
        f"<div class='{cls}' style='border-color:#{color}'><b style='color:#{color}'>{escape(f.code)}</b> "
        f"({SEVERITY_VI.get(f.severity, f.severity)}): {escape(f.message)}</div>"
    )


def _section_summary(report: Report) -> str:
    rows: dict[str, Counter[str]] = {}
    order: list[str] = []
    for p in report.paragraphs:
        if p.zone != "body" or p.heading:
            continue
        key = p.section[0] if p.section else "(không có đề mục)"
        if key not in rows:
            rows[key] = Counter()
            order.append(key)
        rows[key][p.label or "other"] += 1
    if not order:
        return ""
    head = "".join(
        f"<th style='background:#{LABEL_COLORS[lb]};font-size:11px'>{escape(LABEL_NAMES_VI[lb])}</th>"
        for lb in LABELS
    )
    body = "".join(
        f"<tr><td>{escape(k[:80])}</td>" + "".join(f"<td>{rows[k][lb] or ''}</td>" for lb in LABELS) + "</tr>"
        for k in order
    )
    return f"<table class='sec'><tr><th>Phần / section</th>{head}</tr>{body}</table>"


def render_report_fragment(report: Report) -> str:
    """One report as an HTML fragment (with its own scoped style)."""
    s = report.summary()
    m = report.metadata
    name = escape(report.document.name)
    meta = " · ".join(
        escape(x) for x in (m.doc_type or "", m.number or "", m.date or "", m.agency or "") if x
    )
    parts = [f"<div class='cchc'><style>{CSS}</style><h2>{name}</h2><div class='meta'>{meta}</div>"]
    if m.title:
        parts.append(f"<div class='meta'><i>{escape(m.title)}</i></div>")
    parts.append(
        "<div class='sum'>"
        f"<span class='pill' style='color:#{SEVERITY_COLORS['error']}'>{s['errors']} lỗi / errors</span>"
        f"<span class='pill' style='color:#{SEVERITY_COLORS['warning']}'>{s['warnings']} cảnh báo / warnings</span>"
        f"<span class='pill'>{s['infos']} lưu ý</span><span class='pill'>{s['paragraphs']} đoạn</span>"
        f"<span class='pill'>{s['figures']} số liệu</span><span class='pill'>hồ sơ: {escape(s['profile'])}</span></div>"
    )
    parts.append(_legend())
    for f in report.findings:
        if f.paragraph is None:
            parts.append(_finding_html(f, "docf"))
    parts.append(_section_summary(report))
    parts.append("<table>")
    for p in report.paragraphs:
        color = LABEL_COLORS.get(p.label or "other", "FFFFFF")
        side = "".join(_finding_html(f) for f in report.findings_for(p.index))
        links = report.links_for(p.index)
        if p.label == "shortcoming" and not p.heading:
            sols = ", ".join(f"¶{lk.target}" for lk in links if lk.kind == "solution") or "(không có)"
            causes = ", ".join(f"¶{lk.target}" for lk in links if lk.kind == "cause")
            side += (
                f"<div class='lk'>Hạn chế ¶{p.index} → Giải pháp {sols}"
                + (f"; Nguyên nhân {causes}" if causes else "")
                + "</div>"
            )
        text = escape(p.text).replace("\n", "<br>")
        cls = " class='h'" if p.heading else ""
        conf = f"<div class='conf'>{p.confidence:.2f}</div>" if p.confidence is not None else ""
        parts.append(
            f"<tr id='p{p.index}' style='background:#{color}'><td class='ix'>¶{p.index}</td>"
            f"<td class='lb'>{escape(LABEL_NAMES_VI.get(p.label or 'other', p.label or ''))}{conf}</td>"
            f"<td{cls}>{text}</td><td class='side'>{side}</td></tr>"
        )
    parts.append("</table></div>")
    return "".join(parts)


def render_reports(reports: list[Report], title: str = "Kết quả kiểm tra báo cáo CCHC") -> str:
    """A complete, self-contained HTML page for one or more reports."""
    body = "".join(render_report_fragment(r) for r in reports)
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"</head><body><h1 style='font-family:serif'>{escape(title)}</h1>{body}</body></html>"
    )
