"""Plain/rich text report for the terminal: grouped by file, one line per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .colors import SEVERITY_VI

if TYPE_CHECKING:
    from ..checks.report import Report

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _snippet(text: str, n: int = 90) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def render_text(reports: list[Report], show_info: bool = True) -> list[tuple[str, str | None]]:
    """Lines (text, rich style) of the text report."""
    out: list[tuple[str, str | None]] = []
    totals = {"error": 0, "warning": 0, "info": 0}
    for r in reports:
        m = r.metadata
        out.append((f"== {r.source}", "bold"))
        out.append(
            (
                f"   {m.doc_type or '?'} {m.number or ''} ngày {m.date or '?'} — {m.agency or ''}".rstrip(),
                None,
            )
        )
        for f in r.findings:
            totals[f.severity] = totals.get(f.severity, 0) + 1
            if f.severity == "info" and not show_info:
                continue
            where = "toàn văn" if f.paragraph is None else f"¶{f.paragraph}"
            out.append(
                (
                    f"  {SEVERITY_VI.get(f.severity, f.severity):9s} {f.code:26s} {where:>8s}  {f.message}",
                    _STYLE.get(f.severity),
                )
            )
            if f.paragraph is not None:
                out.append((f"{'':48s}“{_snippet(r.paragraphs[f.paragraph].text)}”", "dim"))
        for line in r.link_lines():
            out.append(("  " + line, "dim"))
        s = r.summary()
        labels = ", ".join(f"{k}={v}" for k, v in s["labels"].items())
        out.append(
            (
                f"  Tóm tắt: {s['errors']} lỗi, {s['warnings']} cảnh báo, {s['infos']} lưu ý; "
                f"{s['paragraphs']} đoạn ({labels}); {s['figures']} số liệu",
                None,
            )
        )
    out.append(
        (
            f"Tổng cộng / total: {len(reports)} tệp, {totals['error']} lỗi (errors), "
            f"{totals['warning']} cảnh báo (warnings), {totals['info']} lưu ý (info)",
            "bold",
        )
    )
    return out
