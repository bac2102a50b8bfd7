"""Word (.docx) reader.

Reads body paragraphs and tables in document order (content controls included), with
tracked changes read as accepted (``w:ins`` kept, ``w:del``/``w:moveFrom`` dropped),
list labels reconstructed from the numbering part, heading styles and outline levels,
bold-only lines, and footnotes after the body. The package is checked before it is
opened: not a zip, an OLE container (password-protected or legacy .doc), no
``word/document.xml``, or parts that decompress beyond a sane size are refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..document import Document, Paragraph
from ..errors import UnreadableDocument
from ..legacy import convert_font_text
from ..text import normalize

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w = f"{{{W}}}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200

_SKIP = {
    f"{_w}del",
    f"{_w}moveFrom",
    f"{_w}delText",
    f"{_w}instrText",
    f"{_w}rPr",
    f"{_w}pPr",
    f"{_w}fldData",
    f"{{{MC}}}Fallback",
    f"{_w}txbxContent",
    f"{_w}footnoteReference",
    f"{_w}endnoteReference",
    f"{_w}commentReference",
}


def _check_package(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()[:2_000_000]
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableDocument(
                path,
                "tệp .docx được bảo vệ bằng mật khẩu (mã hóa); hãy gỡ mật khẩu rồi gửi lại",
                "password-protected (encrypted) .docx",
            )
        raise UnreadableDocument(
            path,
            "đây là tệp Word .doc cũ (định dạng nhị phân) bị đổi tên thành .docx; hãy lưu lại thành .docx",
            "legacy binary .doc renamed to .docx",
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableDocument(
            path, "tệp không phải .docx hợp lệ (không phải tệp zip)", "not a .docx: not a zip file"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise UnreadableDocument(
                    path,
                    "tệp zip không chứa word/document.xml, không phải văn bản Word",
                    "zip without word/document.xml",
                )
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_PART_BYTES or (
                    info.file_size > 4 * 1024 * 1024 and ratio > MAX_RATIO
                ):
                    raise UnreadableDocument(
                        path,
                        f"phần {info.filename} giải nén quá lớn "
                        f"({info.file_size // (1024 * 1024)} MB); từ chối đọc",
                        "a part decompresses beyond the safe limit",
                    )
            if total > MAX_TOTAL_BYTES:
                raise UnreadableDocument(
                    path, "tệp giải nén quá lớn; từ chối đọc", "decompressed size beyond the safe limit"
                )
    except zipfile.BadZipFile:
        raise UnreadableDocument(path, "tệp zip bị hỏng", "corrupt zip file") from None


# ---------------------------------------------------------------- styles and numbering


@dataclass
class _Style:
    name: str
    based_on: str | None = None
    outline: int | None = None
    bold: bool | None = None
    num: tuple[str, int] | None = None  # (numId, ilvl)
    font: str | None = None  # w:rFonts hAnsi/ascii (legacy TCVN3/VNI text is converted by font)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_to_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        abs_id = self.num_to_abstract.get(num_id)
        if abs_id is None:
            return None
        return self.abstract.get(abs_id, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the counter of (list, level); return (label, numFmt)."""
        lvl = self.level(num_id, ilvl)
        abs_id = self.num_to_abstract.get(num_id)
        if lvl is None or abs_id is None:
            return None
        key = abs_id
        counters = self.counters.setdefault(key, {})
        overrides = self.overrides.get(num_id, {})
        if ilvl not in counters:
            counters[ilvl] = overrides.get(ilvl, lvl.start)
        else:
            counters[ilvl] += 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return ("", lvl.fmt)

        def fmt_level(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = self.abstract.get(abs_id, {}).get(k, _Level())
            value = counters.get(k, lv.start)
            return _format_number(value, lv.fmt)

        return (re.sub(r"%(\d)", fmt_level, lvl.text).strip(), lvl.fmt)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _attr(el: Any, name: str) -> str | None:
    if el is None:
        return None
    return el.get(f"{_w}{name}")


def _on(el: Any) -> bool:
    """A w:b-like toggle element is on unless val is false/0/off."""
    if el is None:
        return False
    return _attr(el, "val") not in ("0", "false", "off")


def _font_name(rfonts: Any) -> str | None:
    """The font of ``w:rFonts`` used for Latin text (``hAnsi``, else ``ascii``)."""
    return _attr(rfonts, "hAnsi") or _attr(rfonts, "ascii") if rfonts is not None else None


def _parse_styles(root: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for s in root.iter(f"{_w}style"):
        sid = _attr(s, "styleId")
        if not sid:
            continue
        name_el = s.find(f"{_w}name")
        st = _Style(name=_attr(name_el, "val") or sid)
        based = s.find(f"{_w}basedOn")
        st.based_on = _attr(based, "val")
        ol = s.find(f"{_w}pPr/{_w}outlineLvl")
        if ol is not None and (_attr(ol, "val") or "").isdigit():
            st.outline = int(_attr(ol, "val") or 9)
        b = s.find(f"{_w}rPr/{_w}b")
        if b is not None:
            st.bold = _on(b)
        st.font = _font_name(s.find(f"{_w}rPr/{_w}rFonts"))
        numpr = s.find(f"{_w}pPr/{_w}numPr")
        if numpr is not None:
            nid = _attr(numpr.find(f"{_w}numId"), "val")
            ilvl = _attr(numpr.find(f"{_w}ilvl"), "val")
            if nid:
                st.num = (nid, int(ilvl) if ilvl and ilvl.isdigit() else 0)
        styles[sid] = st
    return styles


def _parse_numbering(root: Any) -> _Numbering:
    num = _Numbering()
    if root is None:
        return num
    for a in root.iter(f"{_w}abstractNum"):
        aid = _attr(a, "abstractNumId")
        levels: dict[int, _Level] = {}
        for lvl in a.iter(f"{_w}lvl"):
            ilvl = int(_attr(lvl, "ilvl") or 0)
            lv = _Level()
            lv.fmt = _attr(lvl.find(f"{_w}numFmt"), "val") or "decimal"
            lt = lvl.find(f"{_w}lvlText")
            lv.text = _attr(lt, "val") if lt is not None else f"%{ilvl + 1}."
            start = _attr(lvl.find(f"{_w}start"), "val")
            lv.start = int(start) if start and start.lstrip("-").isdigit() else 1
            levels[ilvl] = lv
        if aid is not None:
            num.abstract[aid] = levels
    for n in root.iter(f"{_w}num"):
        nid = _attr(n, "numId")
        aid = _attr(n.find(f"{_w}abstractNumId"), "val")
        if nid and aid:
            num.num_to_abstract[nid] = aid
            for ov in n.iter(f"{_w}lvlOverride"):
                so = _attr(ov.find(f"{_w}startOverride"), "val")
                if so and so.isdigit():
                    num.overrides.setdefault(nid, {})[int(_attr(ov, "ilvl") or 0)] = int(so)
    return num


# ---------------------------------------------------------------- text extraction


def _run_text(p: Any, ctx: _Ctx | None = None) -> tuple[str, bool | None, list[Any]]:
    """Accepted text of a paragraph element; whether all its text runs are bold
    (``None`` when no run says); text boxes found inside (read separately). With ``ctx``,
    runs in a TCVN3 or VNI font are converted to Unicode."""
    parts: list[str] = []
    para_font = _para_font(ctx, p) if ctx is not None else None
    bold_flags: list[bool | None] = []
    boxes: list[Any] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{_w}txbxContent":
                boxes.append(child)
                continue
            if tag in _SKIP:
                continue
            if tag == f"{_w}r":
                rpr = child.find(f"{_w}rPr")
                b = rpr.find(f"{_w}b") if rpr is not None else None
                run_parts: list[str] = []
                for t in child:
                    tt = t.tag
                    if tt == f"{_w}t":
                        run_parts.append(t.text or "")
                    elif tt in (f"{_w}tab", f"{_w}ptab"):
                        run_parts.append(" ")
                    elif tt in (f"{_w}br", f"{_w}cr"):
                        run_parts.append(" ")
                    elif tt == f"{_w}noBreakHyphen":
                        run_parts.append("-")
                    elif tt == f"{_w}sym":
                        run_parts.append(" ")
                    elif tt in (f"{{{MC}}}AlternateContent", f"{_w}drawing", f"{_w}pict", f"{_w}object"):
                        walk(t)
                text = "".join(run_parts)
                if ctx is not None:
                    text = convert_font_text(text, _run_font(ctx, rpr, para_font))
                if text.strip():
                    bold_flags.append(_on(b) if b is not None else None)
                parts.append(text)
            else:
                walk(child)

    walk(p)
    text = "".join(parts)
    if not bold_flags:
        return text, None, boxes
    if all(f is True for f in bold_flags):
        return text, True, boxes
    if any(f is False for f in bold_flags):
        return text, False, boxes
    return text, None, boxes


@dataclass
class _Ctx:
    styles: dict[str, _Style]
    numbering: _Numbering
    default_style: str | None
    default_font: str | None = None  # w:docDefaults


def _para_font(ctx: _Ctx, p: Any) -> str | None:
    """Font the runs of paragraph ``p`` inherit: its style chain, then the document default."""
    ppr = p.find(f"{_w}pPr")
    sid = _attr(ppr.find(f"{_w}pStyle"), "val") if ppr is not None else None
    chain = _style_chain(ctx, sid or ctx.default_style)
    return next((s.font for s in chain if s.font), ctx.default_font)


def _run_font(ctx: _Ctx, rpr: Any, para_font: str | None) -> str | None:
    """Font of a run: its own ``w:rFonts``, then its character style, then the paragraph's."""
    if rpr is None:
        return para_font
    own = _font_name(rpr.find(f"{_w}rFonts"))
    if own:
        return own
    rstyle = _attr(rpr.find(f"{_w}rStyle"), "val")
    if rstyle:
        return next((s.font for s in _style_chain(ctx, rstyle) if s.font), para_font)
    return para_font


def _style_chain(ctx: _Ctx, sid: str | None) -> list[_Style]:
    chain: list[_Style] = []
    seen: set[str] = set()
    while sid and sid in ctx.styles and sid not in seen:
        seen.add(sid)
        st = ctx.styles[sid]
        chain.append(st)
        sid = st.based_on
    return chain


def _para_info(ctx: _Ctx, p: Any) -> dict[str, Any]:
    ppr = p.find(f"{_w}pPr")
    sid = _attr(ppr.find(f"{_w}pStyle"), "val") if ppr is not None else None
    sid = sid or ctx.default_style
    chain = _style_chain(ctx, sid)
    style_name = chain[0].name if chain else None
    outline = None
    ol = ppr.find(f"{_w}outlineLvl") if ppr is not None else None
    if ol is not None and (_attr(ol, "val") or "").isdigit():
        outline = int(_attr(ol, "val") or 9)
    if outline is None:
        outline = next((s.outline for s in chain if s.outline is not None), None)
    style_bold = next((s.bold for s in chain if s.bold is not None), None)
    num: tuple[str, int] | None = None
    numpr = ppr.find(f"{_w}numPr") if ppr is not None else None
    if numpr is not None:
        nid = _attr(numpr.find(f"{_w}numId"), "val")
        ilvl = _attr(numpr.find(f"{_w}ilvl"), "val")
        if nid:
            num = (nid, int(ilvl) if ilvl and ilvl.isdigit() else 0)
    if num is None:
        num = next((s.num for s in chain if s.num is not None), None)
    if num is not None and num[0] == "0":
        num = None
    mark_deleted = ppr is not None and ppr.find(f"{_w}rPr/{_w}del") is not None
    return {
        "style": style_name,
        "outline": outline,
        "style_bold": style_bold,
        "num": num,
        "mark_deleted": mark_deleted,
    }


_HEADING_STYLE_RE = re.compile(r"^(?:heading|tiêu đề|tieu de|title)\s*(\d)?$", re.IGNORECASE)


class _Builder:
    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.paras: list[Paragraph] = []
        self.elements: list[Any] = []  # the XML element each paragraph was read from
        self.pending: str = ""  # text of a paragraph whose mark was deleted (merged with the next)

    def add_paragraph(self, p: Any) -> None:
        info = _para_info(self.ctx, p)
        text, run_bold, boxes = _run_text(p, self.ctx)
        if info["mark_deleted"]:
            self.pending += text
            for box in boxes:
                self.add_container(box)
            return
        if self.pending:
            text = self.pending + text
            self.pending = ""
        label: str | None = None
        fmt: str | None = None
        if info["num"] is not None and text.strip():
            res = self.ctx.numbering.next_label(*info["num"])
            if res is not None:
                label, fmt = res
        text = normalize(text)
        if text:
            style = info["style"]
            heading = False
            level: int | None = None
            if style:
                m = _HEADING_STYLE_RE.match(style.strip())
                if m:
                    heading = True
                    level = int(m.group(1)) if m.group(1) else 1
            if not heading and info["outline"] is not None and info["outline"] < 9:
                heading, level = True, info["outline"] + 1
            bold = run_bold is True or (run_bold is None and info["style_bold"] is True)
            kind = "paragraph"
            number = None
            if fmt in ("bullet", "none") or (style and "bullet" in style.lower()):
                kind = "list_item"
                number = "-" if fmt == "bullet" else None
            elif label:
                number = label
                text = f"{label} {text}"
                if not heading and not bold:
                    kind = "list_item" if len(text) < 400 else "paragraph"
            if kind == "paragraph" and not heading and re.match(r"^[-+•–]\s", text):
                kind, number = "list_item", "-"
            self.paras.append(
                Paragraph(
                    index=len(self.paras),
                    text=text,
                    heading=heading,
                    level=level,
                    kind=kind,  # type: ignore[arg-type]
                    style=style,
                    bold=bold,
                    number=number,
                )
            )
            self.elements.append(p)
        for box in boxes:
            self.add_container(box)

    def add_table(self, tbl: Any) -> None:
        for tr in tbl.iterchildren(f"{_w}tr"):
            cells: list[str] = []
            for tc in tr.iterchildren(f"{_w}tc"):
                lines = []
                for p in tc.iter(f"{_w}p"):
                    t, _, _ = _run_text(p, self.ctx)
                    t = normalize(t)
                    if t:
                        lines.append(t)
                cells.append("\n".join(lines))
            # an SDT-wrapped cell
            for sdt in tr.iterchildren(f"{_w}sdt"):
                for tc in sdt.iter(f"{_w}tc"):
                    lines = [normalize(_run_text(p, self.ctx)[0]) for p in tc.iter(f"{_w}p")]
                    cells.append("\n".join(x for x in lines if x))
            if not any(c.strip() for c in cells):
                continue
            text = " | ".join(cells)
            self.paras.append(Paragraph(index=len(self.paras), text=text, kind="table_row", cells=cells))
            self.elements.append(tr)

    def add_container(self, el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == f"{_w}p":
                self.add_paragraph(child)
            elif tag == f"{_w}tbl":
                self.add_table(child)
            elif tag in (f"{_w}sdt", f"{_w}customXml"):
                content = child.find(f"{_w}sdtContent") if tag == f"{_w}sdt" else child
                if content is not None:
                    self.add_container(content)
            elif tag in (f"{_w}ins", f"{_w}moveTo"):
                self.add_container(child)

    def flush(self) -> None:
        if self.pending.strip():
            text = normalize(self.pending)
            self.paras.append(Paragraph(index=len(self.paras), text=text))
            self.elements.append(None)
            self.pending = ""


def _part_xml(document: Any, reltype_suffix: str) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype.endswith(reltype_suffix) and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element
            return etree.fromstring(
                part.blob, parser=etree.XMLParser(resolve_entities=False, huge_tree=False)
            )
    return None


def open_docx(path: Path) -> Any:
    """Check the package and open it with python-docx (errors become UnreadableDocument)."""
    _check_package(path)
    import docx  # python-docx

    try:
        return docx.Document(str(path))
    except KeyError as exc:
        raise UnreadableDocument(
            path, f"cấu trúc .docx thiếu phần bắt buộc ({exc})", "missing package part"
        ) from None
    except (etree.XMLSyntaxError, ValueError, zipfile.BadZipFile) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise UnreadableDocument(path, f"nội dung .docx bị hỏng: {reason}", "corrupt .docx") from None


def read_elements(document: Any) -> tuple[list[Paragraph], list[Any]]:
    """Paragraphs of an open python-docx document and the XML element each came from
    (``w:p``, ``w:tr`` for a table row, ``None`` for a merged remainder)."""
    styles_root = _part_xml(document, "/styles")
    styles = _parse_styles(styles_root)
    default_style = None
    if styles_root is not None:
        for s in styles_root.iter(f"{_w}style"):
            if _attr(s, "type") == "paragraph" and _attr(s, "default") in ("1", "true"):
                default_style = _attr(s, "styleId")
                break
    numbering = _parse_numbering(_part_xml(document, "/numbering"))
    default_font = None
    if styles_root is not None:
        default_font = _font_name(styles_root.find(f"{_w}docDefaults/{_w}rPrDefault/{_w}rPr/{_w}rFonts"))
    ctx = _Ctx(styles=styles, numbering=numbering, default_style=default_style, default_font=default_font)
    builder = _Builder(ctx)
    builder.add_container(document.element.body)
    builder.flush()
    fn_root = _part_xml(document, "/footnotes")
    if fn_root is not None:
        for fn in fn_root.iterchildren(f"{_w}footnote"):
            if _attr(fn, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in fn.iter(f"{_w}p"):
                t = normalize(_run_text(p, ctx)[0])
                if t:
                    builder.paras.append(
                        Paragraph(index=len(builder.paras), text=t, kind="footnote", zone="footnote")
                    )
                    builder.elements.append(p)
    return builder.paras, builder.elements


def read_docx(path: Path) -> Document:
    """Read a .docx file into a :class:`Document` (paragraphs, tables, footnotes)."""
    paras, _ = read_elements(open_docx(path))
    return Document(paragraphs=paras, source=str(path), format="docx")
