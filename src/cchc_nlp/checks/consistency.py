"""Figures that contradict each other inside one paragraph.

Three patterns are checked, each only where the text ties the figures together:
a ratio and the percentage stated for it (``12/15 đơn vị, đạt 85%``); two counts of the
same unit and the percentage stated for their quotient (``giải quyết 1.200 hồ sơ, đúng hạn
1.150 hồ sơ, đạt 97%``); parts and their stated total (``tổng số 4.862 hồ sơ, gồm …``);
and a change stated against its two values (``từ 150 lên 165 hồ sơ, tăng 20%``).
"""

from __future__ import annotations

import re
from typing import Any

from ..figures import parse_number

_N = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_RATIO_RE = re.compile(rf"(?<![\w/.,])({_N})\s*/\s*({_N})(?![\d/]|\.\d)(?!\s*[A-ZĐ]{{2}})")
_ON_TOTAL_RE = re.compile(
    rf"(?<![\w.,/])({_N})\s+((?:[^\W\d_]+\s){{0,2}}?)trên\s+(?:tổng số\s+)?({_N})\s+\2", re.IGNORECASE
)
_PCT_RE = re.compile(rf"(?<![\w.,])({_N})\s*%")
_LINK_RE = re.compile(r"đạt|tương ứng|tương đương|bằng|chiếm|tỷ lệ|tỉ lệ|\(|=|tức là|là", re.IGNORECASE)
_BREAK_RE = re.compile(r";|\.\s|\.$|\n")
_COUNT_RE = re.compile(
    rf"(?<![\w.,/])({_N})\s+(hồ sơ|thủ tục|đơn vị|cơ quan|văn bản|nhiệm vụ|dự án|xã|người|lượt|"
    r"cán bộ|công chức|doanh nghiệp|chỉ tiêu|kiến nghị|cuộc|phiếu|trường|hộ|bộ)(?![^\W_])"
)
_TOTAL_RE = re.compile(
    rf"(?:tổng số|tổng cộng|tổng)\D{{0,60}}?({_N})\s+(hồ sơ|thủ tục|đơn vị|văn bản|dự án|người|"
    r"lượt|cán bộ|công chức|doanh nghiệp|phiếu|cuộc|nhiệm vụ)",
    re.IGNORECASE,
)
_PARTS_CUE_RE = re.compile(r"\b(?:gồm|bao gồm|trong đó)\b", re.IGNORECASE)
_FROM_TO_RE = re.compile(
    rf"từ\s+({_N})\s*(%|[^\W\d_]+(?:\s[^\W\d_]+)?)?\s+(?:lên|xuống)(?:\s+còn)?\s+({_N})", re.IGNORECASE
)
_CHANGE_RE = re.compile(rf"(tăng|giảm)\s+(?:thêm\s+)?({_N})\s*%", re.IGNORECASE)
_OTHER_SHARE_RE = re.compile(r"tỷ lệ|tỉ lệ|công suất|mức độ|chỉ số|hiệu suất", re.IGNORECASE)
_DATE_BEFORE_RE = re.compile(r"(?:ngày|tháng|quý)\s*$", re.IGNORECASE)


def _tolerance(stated: str) -> float:
    return 0.11 if "," in stated else 0.6


def _clause_end(text: str, start: int) -> int:
    m = _BREAK_RE.search(text, start)
    return m.start() if m else len(text)


_TARGET_AFTER_RE = re.compile(r"\s*(?:kế hoạch|chỉ tiêu|so với|mục tiêu|trở lên|trở xuống|\))", re.IGNORECASE)


# a bound, not a measured share: "4/17 xã có tỷ lệ dưới 30%", "đạt trên 90%", "không quá 5%"
_BOUND_BEFORE_RE = re.compile(
    r"(?:dưới|trên|hơn|quá|vượt|tối thiểu|tối đa|ít nhất|nhiều nhất|không quá|không dưới|ngưỡng|mức)\s*$"
)


def _is_target_pct(text: str, p: re.Match[str]) -> bool:
    """A percentage that states a target, threshold or bound (``50% kế hoạch``, ``chỉ tiêu 80%``,
    ``dưới 30%``)."""
    before = text[max(0, p.start() - 12) : p.start()].lower()
    wide = text[max(0, p.start() - 40) : p.start()].lower()
    return (
        bool(_TARGET_AFTER_RE.match(text, p.end()))
        or bool(_BOUND_BEFORE_RE.search(before))
        or "chỉ tiêu" in before
        or "kế hoạch" in before
        or "phấn đấu" in wide
        or "mục tiêu" in wide
        or "đặt ra" in wide
    )


_NAMED_BASE_RE = re.compile(r"\s*(?:của\s+)?(?:tổng\s+)?số\s+([^\W\d_]+)", re.IGNORECASE)
_WORD_RE = re.compile(r"\s*(?:[\d.,]+\s*)?([^\W\d_]+)")


def _first_word(text: str, pos: int) -> str:
    """The first word after ``pos`` (the unit of a ratio: "04/10 tổ dân phố" → "tổ"), lower-cased."""
    m = _WORD_RE.match(text, pos)
    return m.group(1).lower() if m else ""


def _clean_between(text: str, start: int, end: int) -> bool:
    """No other number and no list colon between two tied figures (target percentages aside)."""
    between = text[start:end]
    for q in _PCT_RE.finditer(text, start, end):
        if _is_target_pct(text, q):
            between = between.replace(q.group(0), "")
    return not re.search(r"\d|:", between)


def _ratio_mismatches(text: str) -> list[dict[str, Any]]:
    out = []
    for m in [*_RATIO_RE.finditer(text), *_ON_TOTAL_RE.finditer(text)]:
        if m.re is _ON_TOTAL_RE:
            a_s, b_s = m.group(1), m.group(3)
        else:
            a_s, b_s = m.group(1), m.group(2)
        if _DATE_BEFORE_RE.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        a, b = parse_number(a_s), parse_number(b_s)
        if b <= 0 or a > b:
            continue
        expected = 100 * a / b
        end = min(_clause_end(text, m.end()), m.end() + 110)
        unit = _first_word(text, m.end())
        candidates = []
        agrees = False
        for p in _PCT_RE.finditer(text, m.end(), end):
            if abs(parse_number(p.group(1)) - expected) <= _tolerance(p.group(1)):
                agrees = True  # "đạt 59,9% kế hoạch vốn": the share is stated, whatever follows it
            between = text[m.end() : p.start()]
            if _is_target_pct(text, p) or len(between) > 90:
                continue
            base = _NAMED_BASE_RE.match(text, p.end())
            if base and unit and base.group(1).lower() != unit:
                continue  # "04/10 tổ dân phố, đạt 100% số cuộc kiểm tra": a share of something else
            if _LINK_RE.search(between) and _clean_between(text, m.end(), p.start()):
                candidates.append(p)
        if agrees:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        pb = list(_PCT_RE.finditer(before))
        if pb and "(" in before[pb[-1].end() :]:
            candidates.append(pb[-1])
        if not candidates:
            continue
        if any(abs(parse_number(p.group(1)) - expected) <= _tolerance(p.group(1)) for p in candidates):
            continue
        stated = candidates[-1] if len(candidates) > 1 and candidates[0].start() > m.end() else candidates[0]
        out.append(
            {"kind": "ratio", "text": m.group(0), "stated": stated.group(0), "expected": round(expected, 1)}
        )
    return out


def _count_pair_mismatches(text: str) -> list[dict[str, Any]]:
    out = []
    counts = list(_COUNT_RE.finditer(text))
    for p in _PCT_RE.finditer(text):
        head = text[max(0, p.start() - 14) : p.start()]
        if not re.search(r"(đạt|tương ứng|chiếm|bằng|tỷ lệ)\s*$", head):
            continue
        tail = text[p.end() : p.end() + 25].lower()
        if re.match(r"\s*(kế hoạch|chỉ tiêu|so với|mục tiêu|trở lên|trở xuống)", tail):
            continue
        # the counts of the sentence: a denominator may sit in the clause before the ";"
        # ("Ban gửi 146 bộ hồ sơ; 139 bộ được chấp nhận ngay lần đầu, đạt 97,3%")
        sent_start = text.rfind(". ", 0, p.start()) + 1
        before = [c for c in counts if sent_start <= c.start() and c.end() <= p.start()]
        if len(before) < 2:
            continue
        last = before[-1]
        between = text[last.end() : p.start()]
        if len(between) > 80 or ";" in between or not _clean_between(text, last.end(), p.start()):
            continue
        if _OTHER_SHARE_RE.search(between) and not re.fullmatch(r"\W*(?:tỷ|tỉ) lệ\s*", between):
            continue  # "điều trị 6.418 lượt, công suất sử dụng giường bệnh đạt 84,7%": another quantity
        unit = last.group(2)
        # a denominator is an earlier count of the same unit at least as large ("giải quyết 1.302
        # hồ sơ, đúng hạn 1.302 hồ sơ, đạt 100%": the share of on-time among the resolved)
        denoms = [
            c
            for c in before[:-1]
            if c.group(2) == unit and parse_number(c.group(1)) >= parse_number(last.group(1))
        ]
        if not denoms:
            continue
        num = parse_number(last.group(1))
        stated = parse_number(p.group(1))
        if any(abs(100 * num / parse_number(d.group(1)) - stated) <= _tolerance(p.group(1)) for d in denoms):
            continue
        if len(denoms) > 1:
            continue
        out.append(
            {
                "kind": "ratio_of_counts",
                "text": f"{last.group(0)} / {denoms[-1].group(0)}",
                "stated": p.group(0),
                "expected": round(100 * num / parse_number(denoms[-1].group(1)), 1),
            }
        )
    return out


def _total_mismatches(text: str) -> list[dict[str, Any]]:
    out = []
    for t in _TOTAL_RE.finditer(text):
        total, unit = parse_number(t.group(1)), t.group(2).lower()
        end = _clause_end(text, t.end())
        window = text[t.end() : end]
        cue = _PARTS_CUE_RE.search(window)
        if not cue or cue.start() > 30:
            continue
        parts = [
            parse_number(c.group(1))
            for c in _COUNT_RE.finditer(window, cue.end())
            if c.group(2).lower() == unit
        ]
        if len(parts) < 2:
            continue
        s = sum(parts)
        if (len(parts) >= 3 and abs(s - total) > 0.5) or s > total + 0.5:
            out.append(
                {
                    "kind": "total",
                    "text": t.group(0),
                    "stated": f"{t.group(1)} {unit}",
                    "expected": s,
                    "parts": parts,
                }
            )
    return out


def _change_mismatches(text: str) -> list[dict[str, Any]]:
    out = []
    for ft in _FROM_TO_RE.finditer(text):
        a, b = parse_number(ft.group(1)), parse_number(ft.group(3))
        if a <= 0 or (ft.group(2) or "").strip() == "%":
            continue
        end = _clause_end(text, ft.end())
        start = max(text.rfind(";", 0, ft.start()), text.rfind(". ", 0, ft.start())) + 1
        for ch in _CHANGE_RE.finditer(text, start, end):
            lo, hi = (ft.end(), ch.start()) if ch.start() >= ft.end() else (ch.end(), ft.start())
            if hi - lo > 60 or not _clean_between(text, lo, hi):
                continue
            stated = parse_number(ch.group(2))
            sign = 1 if ch.group(1).lower() == "tăng" else -1
            expected = 100 * (b - a) / a
            if abs(sign * stated - expected) > max(_tolerance(ch.group(2)), 1.0):
                out.append(
                    {
                        "kind": "change",
                        "text": ft.group(0),
                        "stated": ch.group(0),
                        "expected": round(expected, 1),
                    }
                )
    return out


def inconsistencies(text: str) -> list[dict[str, Any]]:
    """Contradictions between the figures of one paragraph (empty when consistent)."""
    return (
        _ratio_mismatches(text)
        + _count_pair_mismatches(text)
        + _total_mismatches(text)
        + _change_mismatches(text)
    )
