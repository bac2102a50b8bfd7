"""Low-level helpers that type a .docx the way offices do: borderless header tables,
Word automatic numbering, tracked changes, footnotes, and deterministic saving.

Used by the corpus builder and by tests that need realistic fixtures.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

_TRACK_RE = re.compile(r"\{([+-])(.*?)\1\}")
_REV_ID = [100]


def setup_page(document: Any, font: str = "Times New Roman", size: int = 14) -> None:
    """A4 page, margins per Nghị định 30/2020 (top/bottom 2 cm, left 3 cm, right 1.5 cm), font."""
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)
    for level in (1, 2, 3):
        st = document.styles[f"Heading {level}"]
        st.font.name = font
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.italic = level == 3
        st.font.color.rgb = None


def add_text_runs(
    paragraph: Any,
    text: str,
    bold: bool | None = None,
    italic: bool | None = None,
    author: str = "Chuyên viên",
) -> None:
    """Add ``text`` to ``paragraph``; ``{+…+}``/``{-…-}`` become tracked insertions/deletions."""
    pos = 0
    for m in _TRACK_RE.finditer(text):
        if m.start() > pos:
            run = paragraph.add_run(text[pos : m.start()])
            run.bold, run.italic = bold, italic
        _add_revision(paragraph, m.group(2), inserted=m.group(1) == "+", bold=bold, author=author)
        pos = m.end()
    if pos < len(text):
        run = paragraph.add_run(text[pos:])
        run.bold, run.italic = bold, italic


def _add_revision(paragraph: Any, text: str, inserted: bool, bold: bool | None, author: str) -> None:
    _REV_ID[0] += 1
    tag = "w:ins" if inserted else "w:del"
    ttag = "w:t" if inserted else "w:delText"
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    xml = (
        f'<{tag} {nsdecls("w")} w:id="{_REV_ID[0]}" w:author="{author}" w:date="2025-01-01T00:00:00Z">'
        f'<w:r>{rpr}<{ttag} xml:space="preserve">{_esc(text)}</{ttag}></w:r></{tag}>'
    )
    paragraph._p.append(parse_xml(xml))


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_borderless(table: Any) -> None:
    """Remove every border of ``table`` (as offices type header and signature blocks)."""
    tbl_pr = table._tbl.tblPr
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    tbl_pr.append(borders)


def cell_lines(
    cell: Any, lines: list[tuple[str, bool, bool]], align: Any = WD_ALIGN_PARAGRAPH.CENTER
) -> None:
    """Fill a table cell with (text, bold, italic) lines, one paragraph each."""
    first = True
    for text, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold, italic


ROMAN_DECIMAL_LETTER = ((0, "upperRoman", "%1."), (1, "decimal", "%2."), (2, "lowerLetter", "%3)"))


def add_heading_numbering(document: Any) -> str:
    """Add a multi-level list ``I.`` / ``1.`` / ``a)`` to the numbering part; return its numId."""
    numbering = document.part.numbering_part.element
    abs_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abs_id = max(abs_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{txt}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>'
        for ilvl, fmt, txt in ROMAN_DECIMAL_LETTER
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abs_id}"><w:multiLevelType w:val="multilevel"/>'
        f"{levels}</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/></w:num>')
    )
    return str(num_id)


def set_numbering(paragraph: Any, num_id: str, ilvl: int) -> None:
    """Attach ``paragraph`` to list ``num_id`` at level ``ilvl``."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    ppr.insert(0, numpr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(numpr)


_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0">'
    "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def add_footnote(document: Any, paragraph: Any, text: str) -> None:
    """Append a footnote reference to ``paragraph`` and the note ``text`` to the footnotes part."""
    part = _footnotes_part(document)
    root = part.element
    fid = max(int(f.get(qn("w:id"))) for f in root.findall(qn("w:footnote"))) + 1
    note = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p></w:footnote>'
    )
    root.append(note)
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        )
    )


def _footnotes_part(document: Any) -> Any:
    doc_part = document.part
    for rel in doc_part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    part = XmlPart(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML), doc_part.package
    )
    doc_part.relate_to(part, RT.FOOTNOTES)
    return part


def save_deterministic(document: Any, path: str | Path) -> None:
    """Save with fixed timestamps so that the same input gives the same bytes; atomically."""
    import datetime as _dt

    cp = document.core_properties
    cp.created = cp.modified = _dt.datetime(2025, 1, 1)
    cp.last_printed = _dt.datetime(2025, 1, 1)
    cp.author = cp.last_modified_by = "cchc-nlp corpus"
    cp.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)


def clone(element: Any) -> Any:
    """A deep copy of an XML element."""
    return copy.deepcopy(element)
