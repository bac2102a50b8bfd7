"""The result of :func:`cchc_nlp.analyze`: labelled paragraphs, findings, links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document, Metadata, Paragraph
from .links import Link
from .profile import Profile
from .registry import Finding


@dataclass
class Report:
    """A checked report.

    Attributes:
        document: the labelled :class:`~cchc_nlp.document.Document`.
        findings: what the profile's rules found.
        profile: the profile used.
        links: shortcoming → cause/solution links above the profile's threshold.
    """

    document: Document
    findings: list[Finding]
    profile: Profile
    links: list[Link] = field(default_factory=list)
    best_solution_score: dict[int, float] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The labelled paragraphs."""
        return self.document.paragraphs

    @property
    def metadata(self) -> Metadata:
        """The header metadata."""
        return self.document.metadata

    @property
    def source(self) -> str | None:
        """The file read."""
        return self.document.source

    def errors(self) -> list[Finding]:
        """Error-severity findings."""
        return [f for f in self.findings if f.severity == "error"]

    def codes(self, severities: tuple[str, ...] = ("error", "warning", "info")) -> set[str]:
        """The finding codes present at the given severities."""
        return {f.code for f in self.findings if f.severity in severities}

    def findings_for(self, index: int) -> list[Finding]:
        """Findings attached to paragraph ``index``."""
        return [f for f in self.findings if f.paragraph == index]

    def links_for(self, index: int) -> list[Link]:
        """Links leaving shortcoming ``index``."""
        return [lk for lk in self.links if lk.shortcoming == index]

    def link_lines(self) -> list[str]:
        """Human-readable links: ``Hạn chế ¶12 → Giải pháp ¶31, ¶33; Nguyên nhân ¶20``."""
        out = []
        for idx in sorted({lk.shortcoming for lk in self.links} | set(self.best_solution_score)):
            sols = [f"¶{lk.target}" for lk in self.links_for(idx) if lk.kind == "solution"]
            causes = [f"¶{lk.target}" for lk in self.links_for(idx) if lk.kind == "cause"]
            line = f"Hạn chế ¶{idx} → Giải pháp " + (", ".join(sols) if sols else "(không có)")
            if causes:
                line += "; Nguyên nhân " + ", ".join(causes)
            out.append(line)
        return out

    def summary(self) -> dict[str, Any]:
        """Counts of findings by severity, of paragraphs by label, of figures; the links."""
        sev = Counter(f.severity for f in self.findings)
        labels = Counter(p.label for p in self.paragraphs)
        return {
            "profile": self.profile.name,
            "errors": sev.get("error", 0),
            "warnings": sev.get("warning", 0),
            "infos": sev.get("info", 0),
            "paragraphs": len(self.paragraphs),
            "labels": {k: labels[k] for k in sorted(labels, key=str)},
            "figures": sum(len(p.figures) for p in self.paragraphs),
            "links": [
                {
                    "shortcoming": idx,
                    "solutions": [lk.target for lk in self.links_for(idx) if lk.kind == "solution"],
                    "causes": [lk.target for lk in self.links_for(idx) if lk.kind == "cause"],
                }
                for idx in sorted(self.best_solution_score)
            ],
        }

    def to_dict(self) -> dict[str, Any]:
        """SPEC's JSON object for one file."""
        return {
            "file": self.source,
            "metadata": self.metadata.to_dict(),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }

    def to_dataframe(self) -> Any:
        """A :class:`pandas.DataFrame`, a row per paragraph: index, label, confidence,
        heading, level, kind, zone, section, text, figures (count), findings (codes)."""
        import pandas as pd

        rows = []
        for p in self.paragraphs:
            rows.append(
                {
                    "index": p.index,
                    "label": p.label,
                    "confidence": p.confidence,
                    "heading": p.heading,
                    "level": p.level,
                    "kind": p.kind,
                    "zone": p.zone,
                    "section": " › ".join(p.section),
                    "text": p.text,
                    "figures": len(p.figures),
                    "findings": ",".join(f.code for f in self.findings_for(p.index)),
                }
            )
        return pd.DataFrame(rows)

    def to_html(self) -> str:
        """A self-contained HTML page (the same renderer as ``cchc check --format html``)."""
        from ..render.html import render_reports

        return render_reports([self])

    def _repr_html_(self) -> str:
        from ..render.html import render_report_fragment

        return render_report_fragment(self)

    def save_annotated(self, path: str | Path) -> Path:
        """Write a .docx copy of the source with a Word comment on each flagged paragraph and
        each paragraph's label visible; the source is never modified."""
        from ..render.docx_comments import save_annotated

        return save_annotated(self, Path(path))
