"""Parser for the corpus source format (see ``corpora/SOURCE_FORMAT.md``).

A source file is YAML front matter followed by one labelled line per paragraph. This
module only parses and validates; :mod:`cchc_nlp.corpus.build` renders the .docx.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

LABEL_CODES: dict[str, str] = {
    "ach": "achievement",
    "sho": "shortcoming",
    "cob": "cause_objective",
    "csu": "cause_subjective",
    "sol": "solution",
    "les": "lesson",
    "rec": "recommendation",
    "oth": "other",
}
OFFICE_KINDS = ("so", "ban_quan_ly", "ubnd_huyen", "ubnd_xa", "don_vi_su_nghiep", "phong_chuyen_mon")
REPORT_TYPES = ("annual", "six_month", "quarterly", "so_ket", "thematic")
LAYOUTS = (
    "header_table",
    "signature_table",
    "heading_styles",
    "bold_headings",
    "auto_numbering",
    "tracked_changes",
    "numbered_paragraphs",
    "bullets",
    "table_results",
    "one_page",
    "long",
    "nonstandard_headings",
)
DEFECTS = (
    "missing-subjective-cause",
    "missing-objective-cause",
    "missing-causes",
    "missing-shortcomings",
    "missing-solutions",
    "missing-lessons",
    "missing-commendation",
    "no-figures",
    "missing-target-comparison",
    "unaddressed-shortcoming",
    "figure-mismatch",
    "late-submission",
)
REQUIRED_KEYS = (
    "id",
    "office",
    "office_short",
    "office_kind",
    "parent",
    "year",
    "report_type",
    "number",
    "place",
    "date",
    "title",
    "recipients",
    "noi_nhan",
    "signer_role",
    "signer",
    "layout",
    "defects",
)

_LINE = re.compile(r"^(?P<prefix>#[1-3] |- |\| |\^ )?(?P<code>[a-z]{3})(?P<bang>!)?: (?P<text>.*\S)\s*$")
_TRACK = re.compile(r"\{([+-])(.*?)\1\}")


class SourceError(ValueError):
    """A corpus source file breaks the format; the message names file and line."""


@dataclass
class SourceLine:
    """One body line of a source file."""

    lineno: int
    kind: str  # heading | paragraph | list_item | table_row | footnote
    level: int | None
    label: str
    raw: str  # text with tracked-change marks
    unaddressed: bool = False

    @property
    def text(self) -> str:
        """The text as accepted: insertions kept, deletions dropped."""
        accepted = _TRACK.sub(lambda m: m.group(2) if m.group(1) == "+" else "", self.raw)
        return re.sub(r"\s+", " ", accepted).strip()

    @property
    def cells(self) -> list[str]:
        """Cells of a table row (accepted text)."""
        return [c.strip() for c in self.text.split(" | ")]


@dataclass
class Source:
    """A parsed source file: metadata and body lines."""

    path: Path
    meta: dict[str, Any]
    lines: list[SourceLine] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.meta["id"])


def parse_source(path: str | Path) -> Source:
    """Parse and validate one source file; raise :class:`SourceError` on any problem."""
    path = Path(path)
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    parts = raw.split("\n")
    if not parts or parts[0].strip() != "---":
        raise SourceError(f"{path}:1: file must start with '---' front matter")
    try:
        end = next(i for i in range(1, len(parts)) if parts[i].strip() == "---")
    except StopIteration:
        raise SourceError(f"{path}: front matter is not closed by '---'") from None
    try:
        meta = yaml.safe_load("\n".join(parts[1:end])) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: front matter is not valid YAML: {exc}") from None
    _check_meta(path, meta)
    src = Source(path=path, meta=meta)
    tracked = "tracked_changes" in meta["layout"]
    for i in range(end + 1, len(parts)):
        line = parts[i].rstrip()
        lineno = i + 1
        if not line.strip() or line.startswith("%%"):
            continue
        m = _LINE.match(line)
        if not m:
            raise SourceError(f"{path}:{lineno}: not '<prefix>code: text': {line[:60]!r}")
        code = m.group("code")
        if code not in LABEL_CODES:
            raise SourceError(f"{path}:{lineno}: unknown label code {code!r}")
        if m.group("bang") and code != "sho":
            raise SourceError(f"{path}:{lineno}: '!' is only allowed on 'sho'")
        prefix = (m.group("prefix") or "").strip()
        text = m.group("text")
        if ("{+" in text or "{-" in text) and not tracked:
            raise SourceError(f"{path}:{lineno}: tracked-change marks without 'tracked_changes' layout")
        if text.count("{+") != text.count("+}") or text.count("{-") != text.count("-}"):
            raise SourceError(f"{path}:{lineno}: unbalanced tracked-change marks")
        if prefix.startswith("#"):
            kind, level = "heading", int(prefix[1])
        else:
            kind = {"-": "list_item", "|": "table_row", "^": "footnote", "": "paragraph"}[prefix]
            level = None
        sl = SourceLine(lineno, kind, level, LABEL_CODES[code], text, unaddressed=bool(m.group("bang")))
        if not sl.text:
            raise SourceError(f"{path}:{lineno}: empty text after tracked changes")
        if kind == "footnote" and (not src.lines or src.lines[-1].kind == "footnote"):
            raise SourceError(f"{path}:{lineno}: a footnote must follow a body paragraph")
        src.lines.append(sl)
    if not src.lines:
        raise SourceError(f"{path}: no body lines")
    return src


def _check_meta(path: Path, meta: Any) -> None:
    if not isinstance(meta, dict):
        raise SourceError(f"{path}: front matter must be a mapping")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise SourceError(f"{path}: front matter lacks {', '.join(missing)}")
    unknown = [k for k in meta if k not in REQUIRED_KEYS]
    if unknown:
        raise SourceError(f"{path}: unknown front matter keys {', '.join(map(str, unknown))}")
    if not re.fullmatch(r"[a-z0-9-]+", str(meta["id"])):
        raise SourceError(f"{path}: id must be lowercase letters, digits and '-'")
    if path.stem != meta["id"]:
        raise SourceError(f"{path}: file name must be <id>.txt (id is {meta['id']!r})")
    if meta["office_kind"] not in OFFICE_KINDS:
        raise SourceError(f"{path}: office_kind {meta['office_kind']!r} not in {OFFICE_KINDS}")
    if meta["report_type"] not in REPORT_TYPES:
        raise SourceError(f"{path}: report_type {meta['report_type']!r} not in {REPORT_TYPES}")
    if not isinstance(meta["date"], date):
        raise SourceError(f"{path}: date must be an ISO date YYYY-MM-DD")
    if not (isinstance(meta["year"], int) and 2021 <= meta["year"] <= 2025):
        raise SourceError(f"{path}: year must be 2021-2025")
    for key, allowed in (("layout", LAYOUTS), ("defects", DEFECTS)):
        vals = meta[key]
        if not isinstance(vals, list):
            raise SourceError(f"{path}: {key} must be a list")
        bad = [v for v in vals if v not in allowed]
        if bad:
            raise SourceError(f"{path}: unknown {key} value(s) {bad}")
    for key in ("recipients", "noi_nhan", "signer_role"):
        if not isinstance(meta[key], list):
            raise SourceError(f"{path}: {key} must be a list")
