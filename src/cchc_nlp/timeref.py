"""Time references in a paragraph, placed before or after the report's own date.

A report looks back on its period and then forward: achievements, shortcomings and causes
speak of months and years that have passed, solutions and proposals of those to come
("Trong quý IV/2023, …", "Từ ngày 01/10/2023, …", "giai đoạn 2026-2030"). Which side of the
report's date a paragraph's time references fall on is therefore a clue to its role that no
fixed word list gives (a word list would have to name the years).

References are read at month precision: a date ``dd/mm/yyyy``, ``tháng m/yyyy`` (or
``tháng m năm yyyy``), ``quý I–IV/yyyy``, ``6 tháng đầu/cuối năm yyyy``, a year after
``năm``/``giai đoạn``/``đến``/``từ``/``trong``/``cuối``, and a range ``yyyy-yyyy`` (by its
first year). A reference is *after* the report when it starts in a later month than the
report's date, *before* it when it ends in an earlier month.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

__all__ = ["TimeRelation", "report_month", "time_references", "time_relation"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(20\d\d|19\d\d)"
_SEP = r"\s*(?:/|-|\bnăm\b)\s*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/" + _YEAR + r"(?!\d)")),
    ("month", re.compile(r"\btháng\s+(\d{1,2})" + _SEP + _YEAR + r"(?!\d)")),
    ("quarter", re.compile(r"\bquý\s+(iv|iii|ii|i|[1-4])" + _SEP + _YEAR + r"(?!\d)")),
    ("half", re.compile(r"\b6\s+tháng\s+(đầu|cuối)\s+năm\s+" + _YEAR + r"(?!\d)")),
    ("range", re.compile(r"(?<![\d/.,])" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"(?![\d/])")),
    ("year", re.compile(r"\b(?:năm|giai đoạn|đến|từ|trong|cuối|đầu)\s+" + _YEAR + r"(?![\d/])")),
)

#: A month as ``year * 12 + month - 1``.
Month = int


def _month(year: int, month: int) -> Month:
    return year * 12 + month - 1


def time_references(text: str) -> list[tuple[Month, Month]]:
    """The time references of ``text`` as (first month, last month) pairs, in the order found.

    >>> [(a // 12, a % 12 + 1, b // 12, b % 12 + 1) for a, b in time_references("quý IV/2023")]
    [(2023, 10, 2023, 12)]
    """
    low = text.lower()
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, tuple[Month, Month]]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            span: tuple[Month, Month] | None = None
            if kind == "date":
                d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                if 1 <= d <= 31 and 1 <= mo <= 12:
                    span = (_month(y, mo), _month(y, mo))
            elif kind == "month":
                mo, y = int(m.group(1)), int(m.group(2))
                if 1 <= mo <= 12:
                    span = (_month(y, mo), _month(y, mo))
            elif kind == "quarter":
                q, y = _ROMAN[m.group(1)], int(m.group(2))
                span = (_month(y, 3 * q - 2), _month(y, 3 * q))
            elif kind == "half":
                y = int(m.group(2))
                span = (_month(y, 1), _month(y, 6)) if m.group(1) == "đầu" else (_month(y, 7), _month(y, 12))
            elif kind == "range":
                a, b = int(m.group(1)), int(m.group(2))
                if a <= b:
                    span = (_month(a, 1), _month(b, 12))
            else:
                y = int(m.group(1))
                span = (_month(y, 1), _month(y, 12))
            if span is not None:
                taken.append((m.start(), m.end()))
                out.append((m.start(), span))
    return [s for _, s in sorted(out)]


def report_month(iso_date: str | None) -> Month | None:
    """The month of a report's ISO date (``"2023-09-15"``), or None when it has none."""
    if not iso_date:
        return None
    try:
        d = date.fromisoformat(iso_date[:10])
    except ValueError:
        return None
    return _month(d.year, d.month)


class TimeRelation(NamedTuple):
    """Where a paragraph's time references fall against the report's month."""

    after: bool
    """Some reference starts in a month later than the report's."""
    before: bool
    """Some reference ends in a month earlier than the report's."""


def time_relation(text: str, month: Month | None) -> TimeRelation:
    """Where the time references of ``text`` fall against the report's ``month``
    (:func:`report_month`); both false when the report has no date or the text no reference.

    >>> time_relation("Trong quý IV/2023, phòng tổ chức tập huấn.", report_month("2023-09-15"))
    TimeRelation(after=True, before=False)
    """
    if month is None:
        return TimeRelation(False, False)
    refs = time_references(text)
    return TimeRelation(any(a > month for a, _ in refs), any(b < month for _, b in refs))
