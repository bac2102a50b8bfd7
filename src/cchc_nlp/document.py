"""The data model: a :class:`Document` of :class:`Paragraph` objects carrying :class:`Figure` objects.

Every pipeline stage (reading, structure, figures, labelling, checks) fills in the same
objects, as spaCy's ``Doc`` does, instead of passing parallel lists around.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ParagraphKind = Literal["paragraph", "list_item", "table_row", "footnote"]
FigureKind = Literal["percent", "count", "money", "ratio", "change", "duration", "other"]

PARAGRAPH_KINDS: tuple[str, ...] = ("paragraph", "list_item", "table_row", "footnote")
FIGURE_KINDS: tuple[str, ...] = ("percent", "count", "money", "ratio", "change", "duration", "other")


@dataclass
class Figure:
    """A quantitative figure found in a paragraph.

    Attributes:
        text: the figure as written (``"98,5%"``, ``"15/20 đơn vị"``, ``"tăng 12,5%"``).
        value: the number. For ``ratio`` the numerator (``15`` in ``15/20``); for
            ``change`` signed (``giảm 3 đơn vị`` → ``-3``); money in the unit written.
        unit: the unit of measure as written, lower-cased (``"%"``, ``"hồ sơ"``,
            ``"tỷ đồng"``, ``"ngày"``) or ``""``.
        kind: one of ``percent``, ``count``, ``money``, ``ratio``, ``change``,
            ``duration``, ``other``.
        start, end: character offsets of ``text`` in the paragraph text.
        total: the denominator of a ratio (``20`` in ``15/20``), else ``None``.
        compared_with: what the figure is compared with, when the sentence says so
            (``"kế hoạch"``, ``"chỉ tiêu"``, ``"cùng kỳ"``, ``"năm 2020"``), else ``None``.
    """

    text: str
    value: float
    unit: str
    kind: FigureKind
    start: int = 0
    end: int = 0
    total: float | None = None
    compared_with: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass
class Paragraph:
    """One paragraph (or table row, list item, footnote) of a document.

    Attributes:
        index: 0-based position in the document's reading order.
        text: NFC text used for analysis (tone marks placed one consistent way).
        heading: whether the paragraph is a heading.
        level: heading depth (1 = top) or ``None``.
        section: the headings above this paragraph, outermost first (their numbers
            and titles, e.g. ``["II. KẾT QUẢ", "1. Cải cách thể chế"]``).
        kind: ``paragraph``, ``list_item``, ``table_row`` or ``footnote``.
        figures: figures extracted from ``text``.
        label: the paragraph's role, filled in by the classifier.
        confidence: the classifier's probability for ``label`` in [0, 1].
        style: the source style name (docx) or marker, for diagnostics.
        bold: whether the whole paragraph is typed bold (docx).
        number: a list label reconstructed from Word's numbering (or a Markdown list mark).
        cells: the cell texts of a table row, else ``None``.
        zone: ``header`` (the header block), ``body``, ``signature`` (Nơi nhận and
            signature block) or ``footnote``.
    """

    index: int
    text: str
    heading: bool = False
    level: int | None = None
    section: list[str] = field(default_factory=list)
    kind: ParagraphKind = "paragraph"
    figures: list[Figure] = field(default_factory=list)
    label: str | None = None
    confidence: float | None = None
    style: str | None = None
    bold: bool = False
    number: str | None = None
    cells: list[str] | None = None
    zone: str = "body"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with SPEC's paragraph keys."""
        return {
            "index": self.index,
            "text": self.text,
            "heading": self.heading,
            "level": self.level,
            "section": list(self.section),
            "kind": self.kind,
            "label": self.label,
            "confidence": None if self.confidence is None else round(float(self.confidence), 4),
            "figures": [f.to_dict() for f in self.figures],
        }


@dataclass
class Metadata:
    """The header block of an administrative document (Nghị định 30/2020/NĐ-CP).

    Attributes:
        number: document number, e.g. ``"1488/KH-BQL"``.
        date: ISO date ``YYYY-MM-DD``.
        place: place name from the place-and-date line.
        doc_type: ``"BÁO CÁO"``, ``"KẾ HOẠCH"`` …
        agency: the issuing agency (its name lines joined).
        parent: the governing body printed above the agency, if any.
        title: the trích yếu.
        recipients: the ``Kính gửi`` addressees.
        signer: the signer's name; ``signer_role``: ``"KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"``.
    """

    number: str | None = None
    date: str | None = None
    place: str | None = None
    doc_type: str | None = None
    agency: str | None = None
    parent: str | None = None
    title: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        """Dict-style access, for notebooks."""
        return getattr(self, key, default)


@dataclass
class Document:
    """A read document: its paragraphs in reading order, header metadata and source.

    Attributes:
        paragraphs: every non-empty paragraph, table row and footnote, in order.
        metadata: the header block found in the document.
        source: the path read, or the name given to :func:`cchc_nlp.from_text`.
        format: ``docx``, ``txt``, ``md``, ``pdf`` (or ``doc``, read through LibreOffice).
    """

    paragraphs: list[Paragraph] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    source: str | None = None
    format: str = "txt"

    def __len__(self) -> int:
        return len(self.paragraphs)

    def __iter__(self) -> Iterator[Paragraph]:
        return iter(self.paragraphs)

    def __getitem__(self, i: int) -> Paragraph:
        return self.paragraphs[i]

    @property
    def name(self) -> str:
        """A short display name: the file name, or ``"<text>"``."""
        return Path(self.source).name if self.source else "<text>"

    @property
    def figures(self) -> list[Figure]:
        """All figures of all paragraphs, in order."""
        return [f for p in self.paragraphs for f in p.figures]

    def has(self, label: str) -> bool:
        """Whether any paragraph carries ``label``."""
        return any(p.label == label for p in self.paragraphs)

    def with_label(self, label: str) -> list[Paragraph]:
        """The paragraphs labelled ``label``."""
        return [p for p in self.paragraphs if p.label == label]

    def headings(self) -> list[Paragraph]:
        """The heading paragraphs."""
        return [p for p in self.paragraphs if p.heading]
