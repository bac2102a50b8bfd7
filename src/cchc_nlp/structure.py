"""Document structure: the header block, the signature block, headings and sections.

Vietnamese administrative documents follow Nghị định 30/2020/NĐ-CP: a header block
(governing body and agency, ``Số: 1488/KH-BQL``, quốc hiệu, ``Hải Phòng, ngày 18 tháng 4
năm 2025``), the document type (``BÁO CÁO``) and its trích yếu, an optional ``Kính gửi``
block, the body with headings numbered ``Phần I``/``I.``/``1.``/``1.1``/``a)``… and
finally ``Nơi nhận`` and the signature (``KT. GIÁM ĐỐC``…). :func:`analyze_structure`
marks each paragraph's zone, finds headings and their depth, gives every paragraph its
``section`` path and fills :class:`~cchc_nlp.document.Metadata`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document, Metadata, Paragraph

DOC_TYPES = (
    "BÁO CÁO",
    "KẾ HOẠCH",
    "TỜ TRÌNH",
    "QUYẾT ĐỊNH",
    "CÔNG VĂN",
    "THÔNG BÁO",
    "CHƯƠNG TRÌNH",
    "HƯỚNG DẪN",
    "ĐỀ ÁN",
    "BIÊN BẢN",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "PHƯƠNG ÁN",
    "DỰ THẢO BÁO CÁO",
)
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phan", re.compile(r"^(?:Phần|PHẦN)\s+(?:thứ\s+\w+|THỨ\s+\w+|[IVX]+|\d+)\b\s*[.:\-–]?\s*", re.UNICODE)),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVX]+|\d+)\b\s*[.:\-–]?\s*")),
    ("roman", re.compile(rf"^(?=[IVX])({_ROMAN})\s*[.:/\-–)]\s*(?=\S)")),
    ("n.n.n.n", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+")),
    ("n.n.n", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+")),
    ("n.n", re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+")),
    ("n", re.compile(r"^\d{1,2}\s*\.\s*(?=\D)")),
    ("n)", re.compile(r"^\d{1,2}\s*\)\s*")),
    ("a)", re.compile(r"^[a-zđ]\s*\)\s*")),
    ("a.", re.compile(r"^[a-zđ]\s*\.\s+")),
    ("A", re.compile(r"^[A-ZĐ]\s*[.)]\s+(?=\S)")),
    ("n-", re.compile(r"^\d{1,2}\s*[-–]\s+")),
)
_NUMBER_RE = re.compile(r"^Số\s*[:.]?\s*(.*)$", re.IGNORECASE)
_DATE_LINE_RE = re.compile(
    r"^(?P<place>[^,]{2,60}?),?\s*ngày\s+(?P<d>\d{1,2}|[.…\s]+)\s*tháng\s+(?P<m>\d{1,2}|[.…\s]+)\s*năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_QUOC_HIEU_RE = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do|^[-_–=.\s]{3,}$", re.IGNORECASE)
_SIGN_ROLE_RE = re.compile(r"^(?:KT|TM|TL|TUQ|Q|QUYỀN)\.?\s+[A-ZĐÀ-Ỹ]")
_NOI_NHAN_RE = re.compile(r"^\W*Nơi\s+nhận", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^\W*Kính\s+gửi", re.IGNORECASE)
_BODY_START_RE = re.compile(r"^(?:Thực hiện|Căn cứ|Theo|Triển khai|Để|Nhằm|Trên cơ sở|Qua|Năm|Trong)\b")
_NAME_RE = re.compile(
    r"^(?:[A-Za-zĐđ]{1,8}(?:\.[A-Za-zĐđ]{1,8})*\.\s*)?(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+){1,5}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$"
)
_CAPS_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class HeadingNumber:
    """A heading's numbering scheme (``roman``, ``n``, ``n.n``, ``a)`` …) and its label."""

    scheme: str
    label: str
    title: str


def heading_number(text: str) -> HeadingNumber | None:
    """The numbering scheme at the start of ``text`` (``"II. KẾT QUẢ"`` → roman ``II.``)."""
    for scheme, pat in _SCHEMES:
        m = pat.match(text)
        if m and m.end() > 0:
            label = m.group(0).strip()
            if scheme == "roman" and not m.group(1):
                continue
            if scheme in ("a)", "a.") and label[0] not in VIETNAMESE_LETTERS:
                continue
            return HeadingNumber(scheme, label, text[m.end() :].strip())
    return None


def is_all_caps(text: str) -> bool:
    """Whether ``text`` has at least two words and every letter is upper case."""
    letters = False
    for c in text:  # stops at the first letter that is not upper case (in most text, the second one)
        if c.isalpha():
            if not c.isupper():
                return False
            letters = True
    return letters and len(_CAPS_WORD_RE.findall(text)) >= 2


def _word_count(text: str) -> int:
    return len(text.split())


def _looks_like_heading(p: Paragraph, hn: HeadingNumber | None) -> str | None:
    """Return the heading key for a body paragraph that reads as a heading, else None."""
    text = p.text
    if p.kind in ("table_row", "footnote"):
        return None
    words = _word_count(text)
    if p.heading:
        if hn:
            return hn.scheme
        if p.style and p.style.startswith("md-h"):
            return p.style
        return f"style{p.level or 1}"
    if p.kind == "list_item" and (p.number in (None, "-")):
        return None
    ends_sentence = text.rstrip().endswith((".", ";", ",")) and not text.rstrip().endswith("./.")
    if hn:
        title = hn.title
        if not title:
            return hn.scheme if hn.scheme in ("phan", "chuong") else None
        tw = _word_count(title)
        if tw <= 22 and not ends_sentence and "; " not in title:
            if is_all_caps(title) or p.bold or tw <= 14 or title.endswith(":"):
                return hn.scheme
        if p.bold and tw <= 30 and not ends_sentence:
            return hn.scheme
        return None
    if is_all_caps(text) and words <= 30:
        return "caps"
    if p.bold and words <= 22 and not ends_sentence:
        return "bold"
    return None


def _find_doc_type(paras: list[Paragraph], limit: int = 30) -> tuple[int, str, str] | None:
    for i, p in enumerate(paras[:limit]):
        if p.kind == "table_row":
            continue
        t = p.text.strip().strip("*#: ").strip()
        up = t.upper()
        for dt in DOC_TYPES:
            if up == dt:
                return i, dt, ""
            if up.startswith(dt + " ") and is_all_caps(t) and _word_count(t) <= 25:
                return i, dt, t[len(dt) :].strip(" :-–")
    return None


def _header_lines(paras: list[Paragraph]) -> list[str]:
    lines: list[str] = []
    for p in paras:
        if p.cells is not None:
            for cell in p.cells:
                lines.extend(x.strip() for x in cell.split("\n") if x.strip())
        else:
            lines.extend(x.strip() for x in p.text.split("\n") if x.strip())
    return lines


def _parse_header(lines: list[str], meta: Metadata) -> None:
    agency_lines: list[str] = []
    seen_number = False
    for line in lines:
        m = _NUMBER_RE.match(line)
        if m and not seen_number:
            seen_number = True
            raw = re.sub(r"\s+", "", m.group(1))
            raw = raw.rstrip(".,;")
            if re.match(r"^\d+[\w\-/.Đđ]*/[\w\-Đđ]+", raw):
                meta.number = raw
            continue
        d = _DATE_LINE_RE.match(line)
        if d:
            place = d.group("place").strip(" ,")
            meta.place = place or None
            if d.group("d").strip().isdigit() and d.group("m").strip().isdigit():
                try:
                    day, month, year = int(d.group("d")), int(d.group("m")), int(d.group("y"))
                    import datetime as _dt

                    meta.date = _dt.date(year, month, day).isoformat()
                except ValueError:
                    meta.date = None
            continue
        if _QUOC_HIEU_RE.search(line):
            continue
        if not seen_number and is_all_caps(line) and line.upper() not in DOC_TYPES:
            agency_lines.append(line)
    if agency_lines:
        meta.agency = agency_lines[-1]
        if len(agency_lines) > 1:
            meta.parent = " ".join(agency_lines[:-1])


def _mark_header(doc: Document) -> int:
    """Mark the header zone and fill metadata; return the index of the first body paragraph."""
    paras = doc.paragraphs
    meta = doc.metadata
    found = _find_doc_type(paras)
    end = 0
    if found:
        k, dt, rest = found
        meta.doc_type = dt
        title_parts: list[str] = [rest] if rest else []
        j = k + 1
        while j < len(paras) and len(title_parts) < 3:
            p = paras[j]
            t = p.text.strip()
            if (
                _KINH_GUI_RE.match(t)
                or p.kind == "table_row"
                or heading_number(t)
                or _word_count(t) > 45
                or _BODY_START_RE.match(t)
                or (t.endswith(".") and not t.endswith("./.") and _word_count(t) > 12)
            ):
                break
            if re.fullmatch(r"[-_–=.*\s]+", t):
                j += 1
                continue
            title_parts.append(t)
            j += 1
        meta.title = " ".join(title_parts) or None
        end = j
        header_paras = paras[:k]
    else:
        j = 0
        while j < min(len(paras), 12):
            p = paras[j]
            lines = _header_lines([p])
            if not lines or not all(
                _NUMBER_RE.match(x) or _DATE_LINE_RE.match(x) or _QUOC_HIEU_RE.search(x) or is_all_caps(x)
                for x in lines
            ):
                break
            j += 1
        if not any(_NUMBER_RE.match(x) or _DATE_LINE_RE.match(x) for x in _header_lines(paras[:j])):
            j = 0
        end = j
        header_paras = paras[:j]
    _parse_header(_header_lines(header_paras), meta)
    # Kính gửi block
    if end < len(paras) and _KINH_GUI_RE.match(paras[end].text):
        kg = paras[end].text
        rest = re.sub(r"^\W*Kính\s+gửi\s*:?\s*", "", kg, flags=re.IGNORECASE).strip()
        if rest:
            meta.recipients.append(rest.strip(" -;.,"))
        end += 1
        while end < len(paras):
            t = paras[end].text.strip()
            if (
                (paras[end].kind == "list_item" or t.startswith(("-", "+")))
                and _word_count(t) <= 20
                and not heading_number(t)
            ):
                meta.recipients.append(t.lstrip("-+ ").strip(" ;.,"))
                end += 1
            else:
                break
    for p in paras[:end]:
        p.zone = "header"
    return end


def _mark_signature(doc: Document, start: int) -> None:
    paras = doc.paragraphs
    body_end = len(paras)
    while body_end > start and paras[body_end - 1].kind == "footnote":
        body_end -= 1
    sig = None
    lower = max(start, body_end - 40)
    for i in range(body_end - 1, lower - 1, -1):
        p = paras[i]
        lines = _header_lines([p])
        if any(_NOI_NHAN_RE.match(x) for x in lines) or (
            lines and _SIGN_ROLE_RE.match(lines[0]) and (p.cells is not None or _word_count(p.text) <= 8)
        ):
            sig = i
    if sig is None:
        return
    # role and name lines typed just before "Nơi nhận" in plain layouts
    k = sig
    while k - 1 > start and sig - k < 5:
        prev = paras[k - 1]
        t = prev.text.strip("* ")
        if prev.kind == "table_row" or not (
            (is_all_caps(t) and _word_count(t) <= 8 and not heading_number(t))
            or _NAME_RE.match(t)
            or _SIGN_ROLE_RE.match(t)
        ):
            break
        k -= 1
    if k < sig and any(_NAME_RE.match(p.text.strip("* ")) for p in paras[k:sig]):
        sig = k
    # a signature role line directly before "Nơi nhận" in plain layouts
    for p in paras[sig:body_end]:
        p.zone = "signature"
        p.heading = False
        p.level = None
    lines = _header_lines(paras[sig:body_end])
    roles = [
        x.strip("* ")
        for x in lines
        if (_SIGN_ROLE_RE.match(x.strip("* ")) or is_all_caps(x.strip("* ")) or x.strip("* ").isupper())
        and _word_count(x) <= 8
        and not x.startswith(("-", "+"))
        and not _NOI_NHAN_RE.match(x)
    ]
    names = [x.strip("* ") for x in lines if _NAME_RE.match(x.strip("* ")) and not x.startswith(("-", "+"))]
    meta = doc.metadata
    if roles:
        meta.signer_role = " / ".join(roles)
    if names:
        meta.signer = names[-1]


def _assign_sections(doc: Document, start: int) -> None:
    stack: list[tuple[str, str]] = []  # (key, heading text)
    for p in doc.paragraphs:
        if p.zone != "body":
            p.section = []
            if p.zone in ("header", "signature"):
                p.level = None
            continue
        display = p.text
        if p.number and p.number != "-" and not p.text.startswith(p.number):
            display = f"{p.number} {p.text}"
        hn = heading_number(display)
        key = _looks_like_heading(p, hn)
        if key is None:
            p.heading = False
            p.level = None
            p.section = [t for _, t in stack]
            continue
        keys = [k for k, _ in stack]
        if key in keys:
            del stack[keys.index(key) :]
        p.section = [t for _, t in stack]
        stack.append((key, display))
        p.heading = True
        p.level = len(stack)


def analyze_structure(doc: Document) -> Document:
    """Find the header block, signature block, headings and section paths of ``doc``."""
    start = _mark_header(doc)
    _mark_signature(doc, start)
    _assign_sections(doc, start)
    return doc
