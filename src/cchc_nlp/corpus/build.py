"""Build the corpus: render each source (``corpora/src/<id>.txt``) as the .docx an office
would send, then write its label file from what :func:`cchc_nlp.load` reads back.

The label file is produced by aligning the read paragraphs with the source lines, so a
reader change that merges, splits or drops a paragraph fails the build loudly instead
of silently shifting labels.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..text import normalize
from .docxwriter import (
    add_footnote,
    add_heading_numbering,
    add_text_runs,
    cell_lines,
    save_deterministic,
    set_borderless,
    set_numbering,
    setup_page,
)
from .source import Source, SourceError, SourceLine, parse_source

PROFILE_BY_TYPE = {"so_ket": "so-ket-2021-2025"}
DEFAULT_PROFILE = "bao-cao-nam"
_HAND_NUMBER_RE = re.compile(r"^(?:(?P<roman>[IVX]{1,5})\.|(?P<num>\d{1,2})\.|(?P<letter>[a-zđ])\))\s+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class BuildError(RuntimeError):
    """The rendered .docx does not read back as its source says."""


def _variant(src: Source, salt: str, n: int) -> int:
    return zlib.crc32(f"{src.id}:{salt}".encode()) % n


def _date_line(src: Source) -> str:
    d = src.meta["date"]
    return f"{src.meta['place']}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _header(document: Any, src: Source) -> None:
    m = src.meta
    left: list[tuple[str, bool, bool]] = []
    if m["parent"]:
        left.append((str(m["parent"]).upper(), False, False))
    left.append((str(m["office"]).upper(), True, False))
    right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
        ("Độc lập - Tự do - Hạnh phúc", True, False),
    ]
    number = f"Số: {m['number']}"
    date_line = _date_line(src)
    if "header_table" in m["layout"]:
        if _variant(src, "header", 2) == 0:
            table = document.add_table(rows=1, cols=2)
            cell_lines(table.cell(0, 0), [*left, (number, False, False)])
            cell_lines(table.cell(0, 1), [*right, (date_line, False, True)])
        else:
            table = document.add_table(rows=2, cols=2)
            cell_lines(table.cell(0, 0), left)
            cell_lines(table.cell(0, 1), right)
            cell_lines(table.cell(1, 0), [(number, False, False)])
            cell_lines(table.cell(1, 1), [(date_line, False, True)])
        set_borderless(table)
    else:
        for text, bold, italic in [*left, (number, False, False), *right]:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(text)
            r.bold, r.italic = bold, italic
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(date_line).italic = True
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("BÁO CÁO").bold = True
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(str(m["title"])).bold = True
    recipients = list(m["recipients"])
    if len(recipients) == 1:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(f"Kính gửi: {recipients[0]}.")
    elif recipients:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Kính gửi:")
        for i, r in enumerate(recipients):
            q = document.add_paragraph()
            q.paragraph_format.left_indent = Cm(4)
            q.add_run(f"- {r}{'.' if i == len(recipients) - 1 else ';'}")


def _signature(document: Any, src: Source) -> None:
    m = src.meta
    noi_nhan = [("Nơi nhận:", True, True)] + [
        (f"- {x}{'.' if i == len(m['noi_nhan']) - 1 else ';'}", False, False)
        for i, x in enumerate(m["noi_nhan"])
    ]
    roles = [(str(r), True, False) for r in m["signer_role"]]
    sign = [*roles, ("", False, False), ("", False, False), (str(m["signer"]), True, False)]
    if "signature_table" in m["layout"]:
        table = document.add_table(rows=1, cols=2)
        cell_lines(table.cell(0, 0), noi_nhan, align=WD_ALIGN_PARAGRAPH.LEFT)
        cell_lines(table.cell(0, 1), sign)
        set_borderless(table)
    else:
        for text, bold, italic in [*roles, (str(m["signer"]), True, False)]:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            r = p.add_run(text)
            r.bold, r.italic = bold, italic
        for text, bold, italic in noi_nhan:
            p = document.add_paragraph()
            r = p.add_run(text)
            r.bold, r.italic = bold, italic
            r.font.size = Pt(12)


class _NumberingState:
    """Decides whether a hand-typed heading number can be produced by Word's numbering."""

    def __init__(self, num_id: str) -> None:
        self.num_id = num_id
        self.counters = [0, 0, 0]

    def take(self, text: str) -> tuple[int, str] | None:
        m = _HAND_NUMBER_RE.match(text)
        if not m:
            return None
        if m.group("roman"):
            ilvl, value = 0, _roman_value(m.group("roman"))
        elif m.group("num"):
            ilvl, value = 1, int(m.group("num"))
        else:
            letter = m.group("letter")
            if letter not in _LETTERS:
                return None
            ilvl, value = 2, _LETTERS.index(letter) + 1
        if value != self.counters[ilvl] + 1:
            return None
        self.counters[ilvl] = value
        for deeper in range(ilvl + 1, 3):
            self.counters[deeper] = 0
        return ilvl, text[m.end() :]


def _roman_value(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, c in enumerate(s):
        v = vals[c]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def render(src: Source) -> Any:
    """Render a parsed source as a python-docx ``Document``."""
    document = docx.Document()
    setup_page(document)
    layout = set(src.meta["layout"])
    _header(document, src)
    numbering = _NumberingState(add_heading_numbering(document)) if "auto_numbering" in layout else None
    bullet_style = _variant(src, "bullets", 2) == 0
    lines = src.lines
    i = 0
    last_para = None
    while i < len(lines):
        line = lines[i]
        if line.kind == "table_row":
            rows = []
            while i < len(lines) and lines[i].kind == "table_row":
                rows.append(lines[i])
                i += 1
            ncols = max(len(r.raw.split(" | ")) for r in rows)
            table = document.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            for r_i, row in enumerate(rows):
                for c_i, cell_text in enumerate(row.raw.split(" | ")):
                    cell = table.cell(r_i, c_i)
                    add_text_runs(cell.paragraphs[0], cell_text.strip(), bold=True if r_i == 0 else None)
            last_para = table.cell(len(rows) - 1, 0).paragraphs[0]
            continue
        if line.kind == "footnote":
            if last_para is None:
                raise SourceError(f"{src.path}:{line.lineno}: footnote without a paragraph")
            add_footnote(document, last_para, line.text)
            i += 1
            continue
        text = line.raw
        if line.kind == "heading":
            level = line.level or 1
            taken = numbering.take(text) if numbering else None
            if "heading_styles" in layout:
                p = document.add_paragraph(style=f"Heading {min(level, 3)}")
                bold = None
            else:
                p = document.add_paragraph()
                bold = True if ("bold_headings" in layout or level <= 2) else None
            if taken:
                set_numbering(p, numbering.num_id, taken[0])  # type: ignore[union-attr]
                text = taken[1]
            add_text_runs(p, text, bold=bold, italic=True if level >= 3 and not bold else None)
        elif line.kind == "list_item":
            if bullet_style:
                p = document.add_paragraph(style="List Bullet")
                add_text_runs(p, text)
            else:
                p = document.add_paragraph()
                add_text_runs(p, "- " + text)
        else:
            p = document.add_paragraph()
            p.paragraph_format.first_line_indent = Cm(1.27)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            add_text_runs(p, text)
        last_para = p
        i += 1
    _signature(document, src)
    return document


def _key(text: str) -> str:
    t = normalize(text)
    t = re.sub(r"^[-+•]\s+", "", t)
    return re.sub(r"\s+", " ", t).strip()


def align_labels(src: Source, doc: Any) -> list[dict[str, Any]]:
    """Label every read paragraph: source lines in order, generated header/signature as ``other``."""
    body = [ln for ln in src.lines if ln.kind != "footnote"]
    notes = [ln for ln in src.lines if ln.kind == "footnote"]
    out: list[dict[str, Any]] = []
    bi = ni = 0
    for p in doc.paragraphs:
        label = None
        line: SourceLine | None = None
        if p.kind == "footnote":
            if ni < len(notes) and _key(notes[ni].text) == _key(p.text):
                line = notes[ni]
                ni += 1
        elif bi < len(body):
            cand = body[bi]
            want = _key(cand.text)
            got = _key(p.text)
            hn = _HAND_NUMBER_RE.match(cand.text)
            if got == want or (hn and got == want[hn.end() :]):
                line = cand
                bi += 1
        if line is not None:
            label = line.label
        elif p.zone in ("header", "signature"):
            label = "other"
        else:
            raise BuildError(
                f"{src.path}: read paragraph {p.index} ({p.zone}) {p.text[:70]!r} does not match source line "
                + (f"{body[bi].lineno} {body[bi].text[:70]!r}" if bi < len(body) else "END")
            )
        row: dict[str, Any] = {
            "index": p.index,
            "text": p.text,
            "label": label,
            "heading": p.heading,
            "kind": p.kind,
        }
        if line is not None:
            row["source_line"] = line.lineno
            if line.unaddressed:
                row["unaddressed"] = True
        out.append(row)
    if bi != len(body) or ni != len(notes):
        missing = body[bi] if bi < len(body) else notes[ni]
        raise BuildError(
            f"{src.path}:{missing.lineno}: source line not found in the read document: {missing.text[:70]!r}"
        )
    return out


def build_one(src_path: Path, out_dir: Path) -> dict[str, Any]:
    """Render, read back, align and write ``<id>.docx``, ``<id>.labels.jsonl``, ``<id>.meta.json``."""
    from .. import load

    src = parse_source(src_path)
    document = render(src)
    out_dir.mkdir(parents=True, exist_ok=True)
    docx_path = out_dir / f"{src.id}.docx"
    save_deterministic(document, docx_path)
    doc = load(docx_path)
    rows = align_labels(src, doc)
    tmp = out_dir / f"{src.id}.labels.jsonl.tmp"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(out_dir / f"{src.id}.labels.jsonl")
    m = src.meta
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    meta = {
        "id": src.id,
        "office": m["office"],
        "office_kind": m["office_kind"],
        "parent": m["parent"],
        "year": m["year"],
        "report_type": m["report_type"],
        "date": m["date"].isoformat(),
        "number": m["number"],
        "layout": list(m["layout"]),
        "defects": list(m["defects"]),
        "expected_findings": sorted(m["defects"]),
        "complete": not m["defects"],
        "profile": PROFILE_BY_TYPE.get(m["report_type"], DEFAULT_PROFILE),
        "paragraphs": len(rows),
        "body_paragraphs": sum(1 for r in rows if "source_line" in r),
        "label_counts": dict(sorted(counts.items())),
        "source_sha256": hashlib.sha256(src_path.read_bytes()).hexdigest(),
    }
    tmp = out_dir / f"{src.id}.meta.json.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out_dir / f"{src.id}.meta.json")
    return meta


def build_all(src_dir: Path, out_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Build every source in ``src_dir``; return metadata of built reports and error lines."""
    metas, errors = [], []
    for path in sorted(src_dir.glob("*.txt")):
        try:
            metas.append(build_one(path, out_dir))
        except (SourceError, BuildError) as exc:
            errors.append(str(exc))
    return metas, errors
