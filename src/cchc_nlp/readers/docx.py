"""Word (.docx) reader.

Reads body paragraphs and tables in document order (content controls included), with
tracked changes read as accepted (``w:ins`` kept, ``w:del``/``w:moveFrom`` dropped),
list labels reconstructed from the numbering part, heading styles and outline levels,
bold-only lines, and footnotes after the body. The package is checked before it is
opened: not a zip, an OLE container (password-protected or legacy .doc), no
``word/document.xml``, or parts that decompress beyond a sane size are refused.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
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
    """Refuse what is not a sane .docx package (see :func:`_check_zip`); the file is opened and closed."""
    _check_magic(path)
    try:
        with zipfile.ZipFile(path) as zf:
            _check_zip(path, zf)
    except zipfile.BadZipFile:
        raise UnreadableDocument(path, "tệp zip bị hỏng", "corrupt zip file") from None


def _check_magic(path: Path) -> None:
    """Refuse an OLE container (a password-protected .docx or a legacy .doc renamed) and a file that is no zip."""
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


def _check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse a zip without ``word/document.xml`` or with parts that decompress beyond a sane size."""
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
        if info.file_size > MAX_PART_BYTES or (info.file_size > 4 * 1024 * 1024 and ratio > MAX_RATIO):
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


def _child(el: Any, tag: str) -> Any:
    """The first child of ``el`` with ``tag`` (``el.find(tag)`` for a plain tag, without lxml's path machinery)."""
    return next(el.iterchildren(tag), None)


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


_TXBX, _R, _RPR, _B, _T = f"{_w}txbxContent", f"{_w}r", f"{_w}rPr", f"{_w}b", f"{_w}t"
_PPR, _PSTYLE, _RFONTS, _RSTYLE, _DEL = f"{_w}pPr", f"{_w}pStyle", f"{_w}rFonts", f"{_w}rStyle", f"{_w}del"
_OUTLINE, _NUMPR, _NUMID, _ILVL = f"{_w}outlineLvl", f"{_w}numPr", f"{_w}numId", f"{_w}ilvl"
#: Run children that stand for a character: tabs, breaks and symbols read as a space.
_RUN_MARKS = {
    f"{_w}tab": " ",
    f"{_w}ptab": " ",
    f"{_w}br": " ",
    f"{_w}cr": " ",
    f"{_w}noBreakHyphen": "-",
    f"{_w}sym": " ",
}
#: Run children whose own content is read (drawings and alternate content may hold text boxes).
_RUN_CONTAINERS = frozenset({f"{{{MC}}}AlternateContent", f"{_w}drawing", f"{_w}pict", f"{_w}object"})


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
            if tag == _TXBX:
                boxes.append(child)
                continue
            if tag in _SKIP:
                continue
            if tag == _R:
                rpr = _child(child, _RPR)
                b = _child(rpr, _B) if rpr is not None else None
                run_parts: list[str] = []
                for t in child:
                    tt = t.tag
                    if tt == _T:
                        run_parts.append(t.text or "")
                    elif tt in _RUN_MARKS:
                        run_parts.append(_RUN_MARKS[tt])
                    elif tt in _RUN_CONTAINERS:
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
    styles: Mapping[str, _Style]
    numbering: _Numbering
    default_style: str | None
    default_font: str | None = None  # w:docDefaults
    chains: dict[str | None, list[_Style]] = field(default_factory=dict)  # style chain per style id, memoised
    fonts: dict[str | None, str | None] = field(default_factory=dict)  # paragraph font per style id, memoised


def _para_style_id(ctx: _Ctx, ppr: Any) -> str | None:
    """The paragraph style of a ``w:pPr`` (or the default paragraph style)."""
    sid = _attr(_child(ppr, _PSTYLE), "val") if ppr is not None else None
    return sid or ctx.default_style


def _para_font(ctx: _Ctx, p: Any) -> str | None:
    """Font the runs of paragraph ``p`` inherit: its style chain, then the document default."""
    sid = _para_style_id(ctx, _child(p, _PPR))
    try:
        return ctx.fonts[sid]
    except KeyError:
        font = ctx.fonts[sid] = next((s.font for s in _style_chain(ctx, sid) if s.font), ctx.default_font)
        return font


def _run_font(ctx: _Ctx, rpr: Any, para_font: str | None) -> str | None:
    """Font of a run: its own ``w:rFonts``, then its character style, then the paragraph's."""
    if rpr is None:
        return para_font
    own = _font_name(_child(rpr, _RFONTS))
    if own:
        return own
    rstyle = _attr(_child(rpr, _RSTYLE), "val")
    if rstyle:
        return next((s.font for s in _style_chain(ctx, rstyle) if s.font), para_font)
    return para_font


def _style_chain(ctx: _Ctx, sid: str | None) -> list[_Style]:
    """The style ``sid`` and the styles it is based on, innermost first (memoised per document)."""
    try:
        return ctx.chains[sid]
    except KeyError:
        pass
    key = sid
    chain: list[_Style] = []
    seen: set[str] = set()
    while sid and sid in ctx.styles and sid not in seen:
        seen.add(sid)
        st = ctx.styles[sid]
        chain.append(st)
        sid = st.based_on
    ctx.chains[key] = chain
    return chain


def _para_info(ctx: _Ctx, p: Any) -> dict[str, Any]:
    ppr = _child(p, _PPR)
    chain = _style_chain(ctx, _para_style_id(ctx, ppr))
    style_name = chain[0].name if chain else None
    outline = None
    ol = _child(ppr, _OUTLINE) if ppr is not None else None
    if ol is not None and (_attr(ol, "val") or "").isdigit():
        outline = int(_attr(ol, "val") or 9)
    if outline is None:
        outline = next((s.outline for s in chain if s.outline is not None), None)
    style_bold = next((s.bold for s in chain if s.bold is not None), None)
    num: tuple[str, int] | None = None
    numpr = _child(ppr, _NUMPR) if ppr is not None else None
    if numpr is not None:
        nid = _attr(_child(numpr, _NUMID), "val")
        ilvl = _attr(_child(numpr, _ILVL), "val")
        if nid:
            num = (nid, int(ilvl) if ilvl and ilvl.isdigit() else 0)
    if num is None:
        num = next((s.num for s in chain if s.num is not None), None)
    if num is not None and num[0] == "0":
        num = None
    mark_deleted = ppr is not None and any(_child(rpr, _DEL) is not None for rpr in ppr.iterchildren(_RPR))
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
            return etree.fromstring(part.blob, parser=_BLOB_PARSER)
    return None


def open_docx(path: Path) -> Any:
    """Check the package and open it with python-docx (errors become UnreadableDocument)."""
    _check_package(path)
    import docx  # python-docx

    with _package_errors(path):
        return docx.Document(str(path))


class _package_errors:
    """Turn what a damaged package raises while it is opened into :class:`UnreadableDocument`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, KeyError):
            raise UnreadableDocument(
                self.path, f"cấu trúc .docx thiếu phần bắt buộc ({exc})", "missing package part"
            ) from None
        if isinstance(exc, etree.XMLSyntaxError | ValueError | zipfile.BadZipFile):
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise UnreadableDocument(self.path, f"nội dung .docx bị hỏng: {reason}", "corrupt .docx") from None
        return False


def _read(
    body: Any, styles_root: Any, numbering_root: Any, footnotes_root: Any, styles: _StyleIndex | None = None
) -> tuple[list[Paragraph], list[Any]]:
    """Paragraphs of a document body, then its footnotes, with the XML element each came from.

    ``styles`` is the lazily parsed style part when the reader has one; otherwise the styles
    are parsed from ``styles_root``.
    """
    if styles is not None:
        ctx = _Ctx(
            styles=styles,
            numbering=_parse_numbering(numbering_root),
            default_style=styles.default_style,
            default_font=styles.default_font,
        )
    else:
        default_style = None
        default_font = None
        if styles_root is not None:
            for s in styles_root.iter(f"{_w}style"):
                if _attr(s, "type") == "paragraph" and _attr(s, "default") in ("1", "true"):
                    default_style = _attr(s, "styleId")
                    break
            default_font = _font_name(styles_root.find(_DEFAULT_FONT_PATH))
        ctx = _Ctx(
            styles=_parse_styles(styles_root),
            numbering=_parse_numbering(numbering_root),
            default_style=default_style,
            default_font=default_font,
        )
    builder = _Builder(ctx)
    builder.add_container(body)
    builder.flush()
    if footnotes_root is not None:
        for fn in footnotes_root.iterchildren(f"{_w}footnote"):
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


def read_elements(document: Any) -> tuple[list[Paragraph], list[Any]]:
    """Paragraphs of an open python-docx document and the XML element each came from
    (``w:p``, ``w:tr`` for a table row, ``None`` for a merged remainder)."""
    return _read(
        document.element.body,
        _part_xml(document, "/styles"),
        _part_xml(document, "/numbering"),
        _part_xml(document, "/footnotes"),
    )


def read_docx(path: Path) -> Document:
    """Read a .docx file into a :class:`Document` (paragraphs, tables, footnotes).

    The parts are read straight from the zip with lxml, as python-docx would find and parse
    them, but only the parts the reader needs, and only the styles the document uses.
    """
    _check_magic(path)
    try:
        with zipfile.ZipFile(path) as zf:
            _check_zip(path, zf)
            with _package_errors(path):
                pkg = _Package(path, zf)
                body, styles, numbering_root, footnotes_root = pkg.read()
    except zipfile.BadZipFile:
        raise UnreadableDocument(path, "tệp zip bị hỏng", "corrupt zip file") from None
    try:
        paras, _ = _read(body, None, numbering_root, footnotes_root, styles=styles)
    except etree.XMLSyntaxError as exc:  # a style element parsed on demand
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise UnreadableDocument(path, f"nội dung .docx bị hỏng: {reason}", "corrupt .docx") from None
    return Document(paragraphs=paras, source=str(path), format="docx")


# ---------------------------------------------------------------- the package without python-docx

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CT_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
#: Content types python-docx parses into its own element classes, with its parser (``_OXML_PARSER``).
_PYTHON_DOCX_XML_TYPES = frozenset(
    {
        CT_DOCUMENT_MAIN,
        _WML + "styles+xml",
        _WML + "numbering+xml",
        _WML + "settings+xml",
        _WML + "comments+xml",
        _WML + "header+xml",
        _WML + "footer+xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    }
)
#: python-docx's parser settings (``docx.oxml.parser.oxml_parser``, without its element classes).
_OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
#: The parser for the other parts (footnotes).
_BLOB_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=False)
_DEFAULT_FONT_PATH = f"{_w}docDefaults/{_w}rPrDefault/{_w}rPr/{_w}rFonts"


class _Package:
    """The parts of an open .docx zip the reader needs, found the way python-docx finds them.

    The main document part is the target of the package's ``officeDocument`` relationship
    and must have the WordprocessingML content type; styles, numbering and footnotes are the
    first internal targets of the document's relationships of those types. Missing parts
    raise ``KeyError`` and bad XML ``XMLSyntaxError``, as python-docx does.
    """

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zf = zf
        types = etree.fromstring(zf.read("[Content_Types].xml"), _OXML_PARSER)
        self.overrides = {
            (o.get("PartName") or "").lower(): o.get("ContentType") for o in types.iterchildren(f"{_CT}Override")
        }
        self.defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType") for d in types.iterchildren(f"{_CT}Default")
        }

    def content_type(self, partname: str) -> str:
        """The content type of ``partname`` (``KeyError`` when ``[Content_Types].xml`` has none)."""
        ct = self.overrides.get(partname.lower())
        if ct is not None:
            return ct
        ext = posixpath.splitext(partname)[1]
        ct = self.defaults.get((ext[1:] if ext.startswith(".") else ext).lower())
        if ct is not None:
            return ct
        raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")

    def rels(self, partname: str) -> list[tuple[str, str, bool]]:
        """``(type, target partname, external)`` of the relationships of ``partname``, in order."""
        base, name = posixpath.split(partname)
        try:
            blob = self.zf.read(posixpath.join(base, "_rels", f"{name}.rels")[1:])
        except KeyError:
            return []
        out = []
        for r in etree.fromstring(blob, _OXML_PARSER).iterchildren(f"{_PR}Relationship"):
            target = r.get("Target") or ""
            external = r.get("TargetMode") == "External"
            partname = target if external else posixpath.abspath(posixpath.join(base, target))
            out.append((r.get("Type") or "", partname, external))
        return out

    def blob(self, partname: str) -> bytes:
        """The bytes of a part (``KeyError`` when the zip lacks it)."""
        return self.zf.read(partname[1:])

    def read(self) -> tuple[Any, _StyleIndex | None, Any, Any]:
        """The ``w:body`` element, the style index and the numbering and footnotes roots."""
        main = [t for rt, t, ext in self.rels("/") if rt == RT_OFFICE_DOCUMENT and not ext]
        if not main:
            raise KeyError(f"no relationship of type '{RT_OFFICE_DOCUMENT}' in collection")
        if len(main) > 1:
            raise ValueError(f"multiple relationships of type '{RT_OFFICE_DOCUMENT}' in collection")
        ct = self.content_type(main[0])
        if ct != CT_DOCUMENT_MAIN:
            raise ValueError(f"file '{self.path}' is not a Word file, content type is '{ct}'")
        root = etree.fromstring(self.blob(main[0]), _OXML_PARSER)
        rels = self.rels(main[0])

        def part(suffix: str) -> tuple[bytes, etree.XMLParser] | None:
            for rt, target, external in rels:
                if rt.endswith(suffix) and not external:
                    blob = self.blob(target)
                    parser = _OXML_PARSER if self.content_type(target) in _PYTHON_DOCX_XML_TYPES else _BLOB_PARSER
                    return blob, parser
            return None

        styles_part, numbering_part, footnotes_part = part("/styles"), part("/numbering"), part("/footnotes")
        styles = _StyleIndex.of(*styles_part) if styles_part is not None else None
        numbering = etree.fromstring(numbering_part[0], numbering_part[1]) if numbering_part else None
        footnotes = etree.fromstring(footnotes_part[0], footnotes_part[1]) if footnotes_part else None
        return root.find(f"{_w}body"), styles, numbering, footnotes


# ---------------------------------------------------------------- styles parsed on demand

_STYLE_TAG_RE = re.compile(rb"<w:style(?=[\s/>])")
_START_TAG_RE = re.compile(rb"<w:(?:style|docDefaults)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR_RE = re.compile(rb"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ROOT_RE = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^?>]*\?>)?\s*<w:styles((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*>"
)
_XML_DECL_ENCODING_RE = re.compile(rb"<\?xml\s[^?>]*encoding\s*=\s*[\"']([^\"']*)[\"']")


def _attrs(raw: bytes) -> dict[bytes, bytes] | None:
    """The attributes of a start tag, or ``None`` when one could read differently through an XML
    parser (a repeated name; entity or character references, or white space that attribute
    normalisation changes, in the values the index reads)."""
    pairs = _ATTR_RE.findall(raw)
    out = {name: a or b for name, a, b in pairs}
    if len(out) != len(pairs):
        return None
    for name in (b"w:styleId", b"w:type", b"w:default"):
        value = out.get(name)
        if value is not None and (b"&" in value or b"\t" in value or b"\n" in value or b"\r" in value):
            return None
    return out


class _StyleIndex(Mapping[str, _Style]):
    """The styles of a style part, each parsed when the reader first asks for it.

    A style part is often far larger than the document (Word's default one holds some 160
    styles, ~350 kB) and a document uses a handful of them. The bytes are indexed by style
    id with a scan for ``<w:style …>`` tags; the element of a style is parsed (with the
    namespace declarations of the root) only when the reader needs it, giving exactly what
    :func:`_parse_styles` gives. Anything that would make a byte scan read differently from
    an XML parser (comments, CDATA, a DTD, processing instructions, another encoding,
    namespace declarations below the root, the WordprocessingML namespace bound twice,
    references in the attributes read) makes :meth:`of` parse the whole part instead.
    """

    def __init__(
        self,
        chunks: dict[str, bytes],
        head: bytes,
        parser: etree.XMLParser,
        default_style: str | None,
        default_font: str | None,
    ) -> None:
        self._chunks = chunks
        self._head = head
        self._parser = parser
        self._parsed: dict[str, _Style] = {}
        self.default_style = default_style
        self.default_font = default_font

    @classmethod
    def of(cls, data: bytes, parser: etree.XMLParser) -> _StyleIndex:
        """The style index of a style part's bytes (indexed lazily when safe, else fully parsed)."""
        index = cls._scan(data, parser)
        if index is not None:
            return index
        root = etree.fromstring(data, parser)
        default_style = None
        for s in root.iter(f"{_w}style"):
            if _attr(s, "type") == "paragraph" and _attr(s, "default") in ("1", "true"):
                default_style = _attr(s, "styleId")
                break
        full = cls({}, b"", parser, default_style, _font_name(root.find(_DEFAULT_FONT_PATH)))
        full._parsed = _parse_styles(root)
        return full

    @classmethod
    def _scan(cls, data: bytes, parser: etree.XMLParser) -> _StyleIndex | None:
        if b"<!" in data or data.count(W.encode()) != 1:
            return None  # comments, CDATA or a DTD; the WordprocessingML namespace bound twice (or not at all)
        root = _ROOT_RE.match(data)
        if root is None:
            return None
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        has_decl = data.startswith(b"<?xml", start)
        if data.count(b"<?") != has_decl:
            return None  # a processing instruction
        decl = _XML_DECL_ENCODING_RE.match(data, start)
        if decl is not None and decl.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
        root_attrs = _attrs(root.group(1))
        if root_attrs is None or root_attrs.get(b"xmlns:w") != W.encode():
            return None
        if data.count(b"xmlns") != root.group(1).count(b"xmlns"):
            return None  # a namespace declared below the root
        head = b"<w:styles" + root.group(1) + b">"
        chunks: dict[str, bytes] = {}
        default_style: str | None = None
        found_default = False
        starts = [m.start() for m in _STYLE_TAG_RE.finditer(data)]
        for k, pos in enumerate(starts):
            tag = _START_TAG_RE.match(data, pos)
            if tag is None:
                return None
            attrs = _attrs(tag.group(1))
            if attrs is None:
                return None
            if tag.group(2):  # <w:style …/>
                end = tag.end()
            else:
                close = data.find(b"</w:style>", tag.end())
                if close < 0 or (k + 1 < len(starts) and starts[k + 1] < close):
                    return None  # unterminated, or a style inside a style
                end = close + len(b"</w:style>")
            sid_raw = attrs.get(b"w:styleId")
            sid = sid_raw.decode("utf-8") if sid_raw is not None else None
            if (
                not found_default
                and attrs.get(b"w:type") == b"paragraph"
                and attrs.get(b"w:default") in (b"1", b"true")
            ):
                found_default, default_style = True, sid
            if sid:
                chunks[sid] = data[pos:end]  # a later definition of the same id wins, as in _parse_styles
        default_font = cls._default_font(data, root.end(), head, parser)
        if default_font is False:
            return None
        return cls(chunks, head, parser, default_style, default_font)  # type: ignore[arg-type]

    @staticmethod
    def _default_font(data: bytes, body: int, head: bytes, parser: etree.XMLParser) -> str | bool | None:
        """The font of ``w:docDefaults`` (``False`` when it cannot be told from its bytes alone)."""
        first = data.find(b"<w:docDefaults", body)
        if first < 0:
            return None
        if data.find(b"<w:docDefaults", first + 1) >= 0 or data[body:first].strip():
            return False  # twice, or not the first child of the root
        tag = _START_TAG_RE.match(data, first)
        if tag is None:
            return False
        if tag.group(2):
            return None
        close = data.find(b"</w:docDefaults>", tag.end())
        if close < 0:
            return False
        wrapped = etree.fromstring(head + data[first : close + len(b"</w:docDefaults>")] + b"</w:styles>", parser)
        return _font_name(wrapped.find(_DEFAULT_FONT_PATH))

    def __getitem__(self, sid: str) -> _Style:
        try:
            return self._parsed[sid]
        except KeyError:
            pass
        chunk = self._chunks[sid]
        root = etree.fromstring(self._head + chunk + b"</w:styles>", self._parser)
        st = self._parsed[sid] = _parse_styles(root)[sid]
        return st

    def __contains__(self, sid: object) -> bool:
        return sid in self._chunks or sid in self._parsed

    def __iter__(self) -> Iterator[str]:
        return iter(self._chunks or self._parsed)

    def __len__(self) -> int:
        return len(self._chunks or self._parsed)
