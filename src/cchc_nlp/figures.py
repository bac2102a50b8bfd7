"""Quantitative figures in Vietnamese administrative-reform (CCHC) report text.

:func:`extract_figures` finds the percentages, counts, ratios, sums of money, changes and
durations written in one paragraph and returns them as :class:`~cchc_nlp.document.Figure`
objects with character offsets. It works on the raw characters with regular expressions
compiled once at import time (no tokenizer): word tokenizers split ``%`` from its number and
read ``1/2`` as a date, which is no basis for figures.

The extractor works in three passes:

1. *Blocking*: spans that contain digits but are not figures are masked out — document
   references (``1205/QĐ-UBND``, ``57-NQ/TW``), dates and periods (``16/4/2025``,
   ``6 tháng đầu năm``, ``quý I/2024``, ``giai đoạn 2021-2025``), clock times, phone
   numbers, heading numbers at the start of the paragraph, article and clause numbers
   (``Điều 5``, ``khoản 2``), ordinals (``lần thứ 13``) and identifiers (``ISO 9001:2015``,
   ``Đề án 06``, ``COVID-19``).
2. *Classification*: each remaining number is classified by what follows it (``%``, a
   money word, a time unit, a counted noun, ``/denominator``) and what precedes it (a
   change verb such as ``tăng``/``giảm``, a rank word such as ``xếp hạng``).
3. *Comparison*: phrases such as ``so với cùng kỳ``, ``đạt 105% kế hoạch``,
   ``vượt chỉ tiêu`` or ``(kế hoạch 95%)`` set ``compared_with`` on the figures of their
   clause.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cchc_nlp.document import Figure

if TYPE_CHECKING:
    from cchc_nlp.document import Document

__all__ = [
    "COMPARISON_RE",
    "add_figures",
    "extract_figures",
    "find_comparisons",
    "has_target_comparison",
    "parse_number",
]

_I = re.IGNORECASE

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

#: A number as written: digits with ``.``/``,`` groups (``1.234,5``, ``98,5``, ``03``).
#: Not glued to letters on either side (``QH15``, ``5G``, ``17h30`` are not numbers here).
_NUM = r"\d+(?:[.,]\d+)*"
NUM_RE = re.compile(rf"(?<![\w.,/]){_NUM}(?![^\W\d_])")

_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_number(s: str) -> float:
    """Parse a number written the Vietnamese way.

    ``.`` groups thousands and ``,`` is the decimal mark: ``"1.234"`` → 1234,
    ``"98,5"`` → 98.5, ``"1.234,5"`` → 1234.5, ``"03"`` → 3. A single dot not followed by
    exactly three digits is read as an English decimal point (``"1.5"`` → 1.5); several
    commas and no dot (``"1,234,567"``) or a comma before a dot (``"1,234.5"``) are read as
    English thousands separators.

    A run that no reading fits (``"3,5.5.2.3"``, a list of clause numbers) is read as its
    digits alone; :func:`is_well_formed` tells such runs apart.

    Raises:
        ValueError: if ``s`` holds no number.
    """
    value, _ = _parse_number(s)
    return value


def is_well_formed(s: str) -> bool:
    """Whether ``s`` is a number one of :func:`parse_number`'s readings fits."""
    try:
        return _parse_number(s)[1]
    except ValueError:
        return False


def _parse_number(s: str) -> tuple[float, bool]:
    t = s.strip().replace(" ", "").replace("\u00a0", "")
    if not t or not any(ch.isdigit() for ch in t):
        raise ValueError(f"not a number: {s!r}")
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        if t.rfind(",") > t.rfind("."):  # 1.234,5 (Vietnamese)
            t = t.replace(".", "").replace(",", ".")
        else:  # 1,234.5 (English)
            t = t.replace(",", "")
    elif commas:
        t = t.replace(",", "") if commas > 1 else t.replace(",", ".")
    elif dots:
        if dots > 1 or _THOUSANDS_RE.fullmatch(t):
            t = t.replace(".", "")
        # else a single dot not followed by exactly three digits: English decimal.
    try:
        return float(t), True
    except ValueError:
        return float("".join(ch for ch in t if ch.isdigit())), False


# ---------------------------------------------------------------------------------------------
# Pass 1: spans that hold digits but are not figures
# ---------------------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_DOC_CODE = r"[A-ZĐ][A-ZĐ0-9]*(?:[-–/][A-ZĐ][A-ZĐ0-9]*)*(?![^\W\d_])"

_LABEL_WORDS = (
    "điều|khoản|điểm|chương|mục|tiết|phần|phụ lục|biểu mẫu|biểu|mẫu|mẫu số|"
    "quyết định|nghị định|nghị quyết|thông tư|chỉ thị|công văn|văn bản|kế hoạch|"
    "kết luận|hướng dẫn|tờ trình|thông báo|báo cáo|luật|pháp lệnh|đề án|chương trình|"
    "mức độ|cấp độ|nhóm|tổ|khu|thôn|ấp|tổ dân phố|khóa|khoá|lô|tầng|đợt|lần|bước|"
    "giai đoạn|tiêu chí|chỉ tiêu|phiên bản|version|iso|tcvn|quốc lộ|tỉnh lộ|kỳ họp|"
    "đại hội|nhiệm kỳ|hạng mục"
)

_BLOCK_PATTERNS: tuple[str, ...] = (
    # document references: 1205/QĐ-UBND, 30/2020/NĐ-CP, 18/2023/QH15, 1488 /KH-BQL, 57-NQ/TW
    rf"(?<![\w/]){_NUM}(?:\s?/\s?\d+)*\s?/\s?{_DOC_CODE}",
    rf"(?<![\w/])\d+-{_DOC_CODE}",
    # full dates and day/month: 16/4/2025, 16-4-2025, ngày 10/5, ngày 15
    r"(?<![\w/])\d{1,2}\s?[/-]\s?\d{1,2}\s?[/-]\s?\d{2,4}(?!\d)",
    r"\b(?:ngày|hôm|sáng|chiều|tối|đêm|mùng|mồng)\s+\d{1,2}(?:\s?/\s?\d{1,2}(?:\s?/\s?\d{2,4})?)?(?!\d)",
    # 18 tháng 4 năm 2025, tháng 5/2025, tháng 5 năm 2025, tháng 3
    r"(?<![\w/])\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?",
    r"\btháng\s+\d{1,2}(?:\s?/\s?\d{4}|\s+năm\s+\d{4})?(?!\d)",
    # month/year 5/2025, quý I/2024, quý II năm 2024
    rf"(?<![\w/])\d{{1,2}}\s?/\s?{_YEAR}(?!\d)",
    r"\bquý\s+(?:[IV]+|\d)(?:\s?/\s?\d{4}|\s+năm\s+\d{4})?(?![\w])",
    # years: năm 2025, giai đoạn 2021-2025, 2021 - 2025, (2021-2025)
    r"\b(?:năm|niên độ|niên khóa|niên khoá)\s+\d{4}(?!\d)",
    rf"(?<![\w/.,]){_YEAR}\s*[-–—]\s*{_YEAR}(?!\d)",
    # reporting periods: 6 tháng đầu năm, 6 tháng cuối năm
    r"(?<![\w.,])\d{1,2}\s+tháng\s+(?:đầu|cuối)(?:\s+năm)?",
    # clock times: 17 giờ 00, 15 giờ 30 phút, 8:30, lúc 8 giờ
    r"(?<![\w.,])\d{1,2}\s*(?:giờ|h)\s*\d{1,2}(?:\s*phút)?",
    r"\b(?:lúc|vào lúc)\s+\d{1,2}\s*giờ",
    r"(?<![\w.,])\d+:\d+(?::\d+)?",
    # ordinals: lần thứ 13, thứ 5 (but not "xếp thứ 12", "đứng thứ 3": ranks)
    r"(?<!xếp )(?<!đứng )\bthứ\s+\d+",
    # article/clause numbers, references without a code, identifiers: Điều 5, Đề án 06
    rf"\b(?:{_LABEL_WORDS})\s+(?:số\s+)?\d+(?:[./]\d+)*(?![\d.,]*\s?(?:%|phần trăm))",
    # addresses: số 12 đường Trần Hưng Đạo, phường 3, ngõ 45
    r"\bsố\s+\d+[A-Z]?(?:/\d+)*\s+(?:đường|phố|ngõ|ngách|hẻm|kiệt)\b",
    r"\b(?:đường|phố|phường|quận|ngõ|ngách|hẻm|kiệt|km)\s+\d+(?:/\d+)*(?![\d.,]*\s?(?:%|phần trăm))",
    # names of models, not quantities: chính quyền địa phương 2 cấp, Cách mạng công nghiệp 4.0
    r"\bchính\s+quyền(?:\s+địa\s+phương)?\s+\d\s+cấp\b",
    # letters glued to a number with a hyphen: COVID-19, SARS-CoV-2
    r"[^\W\d_]+-\d+",
    r"\bcông nghiệp\s+\d\.0\b|\b\d\.0\b",
)
_BLOCK_RES: tuple[re.Pattern[str], ...] = tuple(re.compile(p, _I) for p in _BLOCK_PATTERNS)


def _first_char_alternation(words: list[str]) -> str:
    """``a|b|…`` regrouped by first character (``đ(?:iều|iểm)|k(?:hoản|…)|…``), the order kept within a group.

    At one position only one group can begin to match (no two of the lower-case first
    characters are equal under IGNORECASE), so the regex tries the same alternatives in the same
    order and finds the same matches; it only stops trying, after the first character, the
    alternatives that cannot match.
    """
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(f"{re.escape(c)}(?:{'|'.join(re.escape(rest) for rest in rests)})" for c, rests in groups.items())


#: Characters IGNORECASE matching equates with a letter of a gate word although ``str.lower`` maps
#: them elsewhere (dotted and dotless i, long s); a text holding one runs every block pattern.
_GATE_UNSAFE_RE = re.compile("[\u0130\u0131\u017f]")
_CLOCK_GATE_RE = re.compile(r"\d\s*[gGhH]")

#: A gate for each block pattern, in order: ``(where, strings)``, at least one of ``strings`` occurring in
#: every text (``where="text"``) or lower-cased text (``"lower"``) the pattern can match; ``None`` for no
#: gate. A pattern whose gate fails cannot match, so skipping it changes nothing and saves a scan.
_BLOCK_GATES: tuple[tuple[str, tuple[str, ...]] | None, ...] = (
    ("text", ("/",)),  # 1205/QĐ-UBND
    ("text", ("-",)),  # 57-NQ/TW
    ("text", ("/", "-")),  # 16/4/2025
    ("lower", ("ngày", "hôm", "sáng", "chiều", "tối", "đêm", "mùng", "mồng")),
    ("lower", ("tháng",)),
    ("lower", ("tháng",)),
    ("text", ("/",)),  # 5/2025
    ("lower", ("quý",)),
    ("lower", ("năm", "niên")),
    ("text", ("-", "–", "—")),  # 2021-2025
    ("lower", ("tháng",)),
    None,  # clock times: _CLOCK_GATE_RE
    ("lower", ("lúc",)),
    ("text", (":",)),
    ("lower", ("thứ",)),
    None,  # article, clause and reference numbers: label words are in every paragraph
    ("lower", ("số",)),
    ("lower", ("đường", "phố", "phường", "quận", "ngõ", "ngách", "hẻm", "kiệt", "km")),
    ("lower", ("chính",)),
    ("text", ("-",)),  # COVID-19
    ("text", (".0",)),  # 4.0
)
_BLOCKS: tuple[tuple[re.Pattern[str], tuple[str, tuple[str, ...]] | None], ...] = tuple(
    (re.compile(p.replace(f"(?:{_LABEL_WORDS})", f"(?:{_first_char_alternation(_LABEL_WORDS.split('|'))})"), _I), g)
    for p, g in zip(_BLOCK_PATTERNS, _BLOCK_GATES, strict=True)
)
_CLOCK_BLOCK = 11


#: Heading numbers at the very start of a paragraph: ``1.``, ``1.1.``, ``1.1``, ``II.``, ``a)``.
_HEADING_RE = re.compile(
    r"^\s*(?:(?:[IVXLCDM]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s?[.):]|\d{1,2}(?:\.\d{1,2})+|\(\s?[a-zđ\d]{1,3}\s?\))"
    r"(?=\s|$)"
)

#: Phone numbers: a 0-prefixed area/operator code and groups of digits (9 to 11 digits in all).
_PHONE_RE = re.compile(r"(?:\(\s?0\d{2,4}\s?\)|(?<![\w.,])0\d{2,4})(?:[\s.]\d{1,4}){1,4}(?![\w])")

#: A bare period such as ``9 tháng`` (reporting period) unless a duration cue precedes it.
_PERIOD_MONTHS_RE = re.compile(r"(?<![\w.,])0?[369]\s+tháng(?![^\W\d_])", _I)
_DURATION_CUE_RE = re.compile(
    r"(?:trong|mất|kéo dài|thời hạn|thời gian|tập sự|sau|còn|khoảng|rút ngắn|là|hơn|vòng|"
    r"tối đa|tối thiểu|ít nhất|gần|trên|dưới|giảm|tăng|thêm|được|có)\s*$",
    _I,
)


def _blocked_mask(text: str) -> bytearray:
    """A per-character mask, 1 where a digit belongs to something that is not a figure."""
    mask = bytearray(len(text))

    def block(s: int, e: int) -> None:
        mask[s:e] = b"\x01" * (e - s)

    low = None if _GATE_UNSAFE_RE.search(text) else text.lower()
    for k, (rx, gate) in enumerate(_BLOCKS):
        if gate is not None:
            where = text if gate[0] == "text" else low
            if where is not None and not any(g in where for g in gate[1]):
                continue
        elif k == _CLOCK_BLOCK and not _CLOCK_GATE_RE.search(text):
            continue
        for m in rx.finditer(text):
            block(m.start(), m.end())
    m = _HEADING_RE.match(text)
    if m:
        block(m.start(), m.end())
    for m in _PHONE_RE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if 9 <= digits <= 11:
            block(m.start(), m.end())
    for m in _PERIOD_MONTHS_RE.finditer(text):
        if not _DURATION_CUE_RE.search(text, max(0, m.start() - 20), m.start()):
            block(m.start(), m.end())
    return mask


# ---------------------------------------------------------------------------------------------
# Pass 2: units and classification
# ---------------------------------------------------------------------------------------------

#: Counted nouns (measure words and common nouns) recognised after a number, longest first.
COUNT_UNITS: tuple[str, ...] = tuple(
    sorted(
        {
            "hồ sơ",
            "thủ tục hành chính",
            "thủ tục",
            "đơn vị",
            "cán bộ",
            "công chức",
            "viên chức",
            "người",
            "lượt",
            "văn bản",
            "cuộc",
            "lớp",
            "đợt",
            "doanh nghiệp",
            "dự án",
            "bậc",
            "điểm phần trăm",
            "điểm",
            "xã",
            "phường",
            "thị trấn",
            "huyện",
            "quận",
            "thị xã",
            "tỉnh",
            "thành phố",
            "sở",
            "ngành",
            "phòng",
            "cơ quan",
            "tổ chức",
            "hội nghị",
            "buổi",
            "đại biểu",
            "học viên",
            "hộ",
            "hộ gia đình",
            "tài khoản",
            "nhiệm vụ",
            "chỉ tiêu",
            "tiêu chí",
            "vụ",
            "vụ việc",
            "việc",
            "đơn",
            "phản ánh",
            "kiến nghị",
            "bản",
            "trang",
            "máy",
            "máy tính",
            "bộ",
            "thiết bị",
            "biên chế",
            "đoàn",
            "nhà đầu tư",
            "cá nhân",
            "công dân",
            "lao động",
            "khóa",
            "khoá",
            "chuyên đề",
            "tin",
            "bài",
            "tin bài",
            "mô hình",
            "sáng kiến",
            "đề tài",
            "thôn",
            "tổ dân phố",
            "ban",
            "quy trình",
            "giấy phép",
            "giấy chứng nhận",
            "chứng thư số",
            "chữ ký số",
            "cơ sở",
            "trường",
            "trường hợp",
            "hợp đồng",
            "cuộc gọi",
            "phiên",
            "câu hỏi",
            "phiếu",
            "ý kiến",
            "quyết định",
            "dịch vụ công",
            "dịch vụ",
            "cơ sở dữ liệu",
            "phần mềm",
            "hệ thống",
            "chỉ số",
            "lần",
            "vị trí việc làm",
            "vị trí",
            "phó",
            "lãnh đạo",
            "thành viên",
            "tổ",
            "nhóm",
            "đầu mối",
            "điểm cầu",
            "kiốt",
            "ki-ốt",
            "quầy",
            "bàn",
            "camera",
            "đường truyền",
            "cổng",
            "trang thông tin",
            "cụm",
            "khu",
            "khu công nghiệp",
            "ấp",
            "làng",
            "hội viên",
            "đảng viên",
            "hội",
            "văn phòng",
            "chi nhánh",
            "trung tâm",
            "bệnh viện",
            "trạm",
            "phòng ban",
            "thông báo",
            "công văn",
            "tờ trình",
            "báo cáo",
            "kế hoạch",
            "chương trình",
            "đề án",
            "nghị quyết",
            "chỉ thị",
            "thông tư",
            "nghị định",
            "vướng mắc",
            "sai sót",
            "lỗi",
            "tồn tại",
            "hạn chế",
            "kết luận",
            "sản phẩm",
            "giải pháp",
            "nội dung",
            "mục tiêu",
            "thủ tục tthc",
            "tthc",
            "đơn thư",
            "khiếu nại",
            "tố cáo",
            "tình huống",
            "bộ phận",
            "ngày công",
            "học sinh",
            "sinh viên",
            "bệnh nhân",
            "hecta",
            "ha",
            "km",
            "m2",
            "m²",
        },
        key=len,
        reverse=True,
    )
)
_COUNT_UNIT_RE = re.compile(r"\s?(" + "|".join(re.escape(u) for u in COUNT_UNITS) + r")(?![^\W\d_])", _I)

#: Words that cannot be the counted noun after a number (function words, verbs, time words).
_STOP_WORDS: frozenset[str] = frozenset(
    """và hoặc của cho với là đã đang sẽ được bị có không chưa trong tại trên dưới theo về từ đến tới
    so như mà thì nên để do vì nhưng này đó kia các những mỗi mọi cả rồi còn vẫn đều cũng lại ra vào
    lên xuống nữa thêm tăng giảm đạt vượt bằng gồm hơn trở tính kể trước sau khi nếu hay ở lúc ngày
    tháng năm giờ phút tuần quý tỷ tỉ triệu nghìn ngàn đồng phần chiếm tương khoảng gần thứ hạng
    x đ đ/ trở lên ngoài giữa qua bao ít nhiều nay đây ấy thuộc nhằm cùng chỉ rất đúng tức là nêu
    hết đầu cuối tổng số""".split()
)
_WORD_RE = re.compile(r"\s([^\W\d_]+)")

_PERCENT_RE = re.compile(r"\s?(%|phần trăm)(?![^\W\d_])", _I)
_MONEY_MULT_RE = re.compile(
    r"\s(tỷ|tỉ|triệu|nghìn|ngàn|trăm nghìn|trăm triệu)(?!\s+(?:lệ|trọng)\b)(?:\s+(đồng|usd|vnđ|vnd|đô la))?"
    r"(?![^\W\d_])",
    _I,
)
_MONEY_RE = re.compile(r"\s?(đồng|vnđ|vnd|usd|đ)(?![^\W\d_])", _I)
_DURATION_RE = re.compile(r"\s(ngày làm việc|ngày|tháng|năm|giờ|tuần|phút|giây|quý)(?![^\W\d_])", _I)
_DATE_CONT_RE = re.compile(r"\s*(?:\d|/\s*\d)")
_RATIO_RE = re.compile(r"\s?/\s?(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/]|[.,]\d)")
_INT_RE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_DECIMAL_RE = re.compile(r"\d+,\d+")
_DATE_CUE_RE = re.compile(
    r"(?:ngày|hôm|từ|đến|trước|sau|hạn|tới|vào|kể từ|đầu|cuối|giữa|mùng|mồng|lúc)\s*$", _I
)
_RANK_RE = re.compile(r"(?:xếp\s+hạng|xếp\s+thứ|đứng\s+thứ|hạng|vị\s+trí\s+thứ)\s*$", _I)
_LEVEL_RE = re.compile(r"(?:\bđạt|\bđạt\s+mức|\bở\s+mức|\bđạt\s+được)\s*$", _I)
_CLOCK_CUE_RE = re.compile(r"(?:lúc|vào lúc|trước|đến|tới|từ)\s*$", _I)
_CLOCK_AFTER_RE = re.compile(r"\s+(?:ngày|sáng|trưa|chiều|tối|đêm|hôm)\b", _I)

_CHANGE_RE = re.compile(
    r"(?:(?<=[\s(,;:–-])|^)(tăng\s+thêm|tăng|giảm\s+bớt|cắt\s+giảm|giảm|rút\s+ngắn|cao\s+hơn|thấp\s+hơn|"
    r"nhiều\s+hơn|ít\s+hơn|vượt|tinh\s+giản|thu\s+hẹp)"
    r"(?:\s+(?:so\s+với\s+)?(?:cùng\s+kỳ(?:\s+năm\s+(?:trước|ngoái|\d{4}))?|năm\s+trước|năm\s+ngoái|"
    r"quý\s+trước|kỳ\s+trước|tháng\s+trước|năm\s+\d{4}|kế\s+hoạch|chỉ\s+tiêu))?"
    r"(?:\s+(?:thêm|được|bớt|khoảng|gần|hơn|trên|xấp\s+xỉ|tổng\s+cộng))?\s+$",
    _I,
)
_NEGATIVE_VERBS = ("giảm", "cắt", "rút", "thấp", "ít", "tinh", "thu")
_EQUIV_RE = re.compile(r"(?:tương\s+đương|tương\s+ứng|tức\s+là|tức|bằng)\s+(?:với\s+)?$", _I)

_YEAR_VALUE_RE = re.compile(rf"{_YEAR}")


def _unit_after(text: str, pos: int, fallback: bool) -> tuple[str, int] | None:
    """The counted noun right after ``pos`` (known unit, else any content word if ``fallback``)."""
    m = _COUNT_UNIT_RE.match(text, pos)
    if m:
        return m.group(1).lower(), m.end()
    if fallback:
        w = _WORD_RE.match(text, pos)
        if w and _is_content_word(w.group(1)):
            w2 = _WORD_RE.match(text, w.end())
            if w2 and _is_content_word(w2.group(1)):  # most Vietnamese nouns have two syllables
                return f"{w.group(1)} {w2.group(1)}", w2.end()
            return w.group(1), w.end()
    return None


def _is_content_word(word: str) -> bool:
    return word.islower() and len(word) > 1 and word not in _STOP_WORDS


def _classify(text: str, m: re.Match[str], mask: bytearray) -> Figure | None:
    """Classify one number match, or return ``None`` when it is not a figure."""
    s, e = m.start(), m.end()
    raw = m.group()
    value, well_formed = _parse_number(raw)
    if not well_formed:  # "3,5.5.2.3": clause numbers or a typo, not a quantity
        return None
    left = text[max(0, s - 30) : s]

    # ratio: 15/15 đơn vị, 12/63 tỉnh, 27/30
    r = _RATIO_RE.match(text, e)
    if r:
        if mask[r.start(1)] or not (_INT_RE.fullmatch(raw) or _DECIMAL_RE.fullmatch(raw)):
            return None
        total = parse_number(r.group(1))
        unit = _unit_after(text, r.end(), fallback=True)
        if unit is None:
            if _DATE_CUE_RE.search(left) or value > total or total == 0:
                return None
            return Figure(text[s : r.end()], value, "", "ratio", s, r.end(), total=total)
        if _DATE_CUE_RE.search(left) and value <= 31 and total <= 12 and unit[0] not in COUNT_UNITS:
            return None
        return Figure(text[s : unit[1]], value, unit[0], "ratio", s, unit[1], total=total)

    p = _PERCENT_RE.match(text, e)
    if p:
        return Figure(text[s : p.end()], value, "%", "percent", s, p.end())

    mm = _MONEY_MULT_RE.match(text, e)
    if mm:
        mult = mm.group(1).lower()
        if mm.group(2):
            return Figure(text[s : mm.end()], value, f"{mult} {mm.group(2).lower()}", "money", s, mm.end())
        counted = _unit_after(text, mm.end(), fallback=False)
        if counted:  # 1,2 triệu lượt truy cập: a count in millions
            end = counted[1]
            return Figure(text[s:end], value, f"{mult} {counted[0]}", "count", s, end)
        return Figure(text[s : mm.end()], value, mult, "money", s, mm.end())
    mo = _MONEY_RE.match(text, e)
    if mo:
        return Figure(text[s : mo.end()], value, mo.group(1).lower(), "money", s, mo.end())

    d = _DURATION_RE.match(text, e)
    if d:
        if _DATE_CONT_RE.match(text, d.end()):  # 15 tháng 4, 17 giờ 00: a date or a time
            return None
        unit = d.group(1).lower()
        if unit == "giờ" and (_CLOCK_CUE_RE.search(left) or _CLOCK_AFTER_RE.match(text, d.end())):
            return None  # a time of day: lúc 8 giờ, trước 16 giờ ngày 20/12
        return Figure(text[s : d.end()], value, unit, "duration", s, d.end())

    if _RANK_RE.search(left):
        return Figure(raw, value, "", "other", s, e)

    is_year = len(raw) == 4 and _YEAR_VALUE_RE.fullmatch(raw) is not None
    unit = _unit_after(text, e, fallback=not is_year)
    if unit:
        return Figure(text[s : unit[1]], value, unit[0], "count", s, unit[1])

    if _LEVEL_RE.search(left) and not is_year:
        return Figure(raw, value, "", "other", s, e)
    return None


def _apply_change(text: str, fig: Figure, previous: Figure | None) -> Figure:
    """Turn ``fig`` into a signed ``change`` when a change verb (or an equivalence) precedes it."""
    if fig.kind not in ("percent", "count", "money", "duration", "other"):
        return fig
    window_start = max(0, fig.start - 60)
    left = text[window_start : fig.start]
    c = _CHANGE_RE.search(left)
    if c:
        verb = c.group(1).lower()
        sign = -1.0 if verb.startswith(_NEGATIVE_VERBS) else 1.0
        start = window_start + c.start(1)
        return Figure(
            text[start : fig.end],
            sign * fig.value,
            fig.unit,
            "change",
            start,
            fig.end,
            fig.total,
        )
    if (
        previous is not None
        and previous.kind == "change"
        and _EQUIV_RE.search(left)
        and ";" not in text[previous.end : fig.start]
    ):
        sign = -1.0 if previous.value < 0 else 1.0
        return Figure(fig.text, sign * fig.value, fig.unit, "change", fig.start, fig.end, fig.total)
    return fig


# ---------------------------------------------------------------------------------------------
# Pass 3: comparisons
# ---------------------------------------------------------------------------------------------

_TARGETS = (
    r"(?:\d+\s+tháng\s+(?:đầu|cuối)\s+|cuối\s+|đầu\s+)năm\s+\d{4}|cùng\s+thời\s+điểm(?:\s+năm\s+\d{4})?|"
    r"giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}|"
    r"cùng\s+kỳ|kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|dự\s+toán|đầu\s+nhiệm\s+kỳ|cuối\s+nhiệm\s+kỳ|"
    r"đầu\s+năm|đầu\s+kỳ|kỳ\s+trước|quý\s+trước|tháng\s+trước|năm\s+trước|năm\s+ngoái|"
    r"năm\s+\d{4}|quý\s+[IV]+(?:\s?/\s?\d{4}|\s+năm\s+\d{4})?|bình\s+quân(?:\s+chung)?|"
    r"trung\s+bình(?:\s+chung)?|cam\s+kết|quy\s+định|yêu\s+cầu"
)

#: Comparison phrases; the group ``target`` names what is compared with.
COMPARISON_RE = re.compile(
    rf"\bso\s+với\s+(?P<target>{_TARGETS})"
    rf"|(?<=%)\s*(?P<target2>kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|dự\s+toán)(?![^\W\d_])"
    rf"|\b(?:vượt|hoàn\s+thành\s+vượt)\s+(?:mức\s+)?(?P<target3>kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|dự\s+toán)"
    rf"|(?P<paren>\(\s*)(?P<target4>kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)\s*(?:giao\s*)?:?\s*\d"
    rf"|\b(?:cao\s+hơn|thấp\s+hơn|tăng|giảm|hơn)\s+(?P<target5>(?:cuối\s+|đầu\s+)?năm\s+\d{{4}}|cùng\s+kỳ|"
    rf"năm\s+trước|năm\s+ngoái|"
    rf"quý\s+trước|kỳ\s+trước|tháng\s+trước)"
    rf"|\b(?:đạt|vượt)(?:\s+và\s+vượt)?\s+[^,;.()]{{0,30}}?(?P<target6>chỉ\s+tiêu)"
    rf"|\b(?:cao|thấp)(?:\s+(?:hơn|xa|nhiều))?\s+(?:so\s+với\s+)?(?P<target7>kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)",
    _I,
)

_CLAUSE_END_RE = re.compile(r";|\.(?!\d)|\n|\?|!")
_WS_RE = re.compile(r"\s+")


_ROMAN_RE = re.compile(r"[IVX]+")


def _normalise_target(target: str) -> str:
    """Collapse spaces and lower-case, keeping Roman numerals (``quý II/2021``)."""
    words = _WS_RE.sub(" ", target.strip()).split(" ")
    return " ".join(w if _ROMAN_RE.match(w) else w.lower() for w in words)


#: Comparison groups that attach to the figure written just before them (``đạt 105% kế hoạch``,
#: ``(kế hoạch 95%)``, ``vượt chỉ tiêu``), rather than to the change figures of their clause.
_ATTACHED_GROUPS = frozenset({"target2", "target3", "target4", "target7"})


def _comparisons(text: str) -> list[tuple[int, int, str, bool]]:
    out: list[tuple[int, int, str, bool]] = []
    for m in COMPARISON_RE.finditer(text):
        name = next(f"target{k}" for k in ("", "2", "3", "4", "5", "6", "7") if m.group(f"target{k}"))
        start = m.start("paren") if m.group("paren") else m.start(name)
        out.append((start, m.end(), _normalise_target(m.group(name)), name in _ATTACHED_GROUPS))
    return out


def find_comparisons(text: str) -> list[tuple[int, int, str]]:
    """The comparison phrases in ``text`` as ``(start, end, target)``.

    ``start`` is where the compared-with object begins (``kế hoạch`` in ``đạt 105% kế hoạch``,
    the parenthesis in ``(kế hoạch 95%)``); ``target`` is its normalised text, e.g. ``"cùng kỳ"``.
    """
    return [(s, e, target) for s, e, target, _ in _comparisons(text)]


def has_target_comparison(text: str) -> bool:
    """Whether ``text`` compares a figure with a target, plan or earlier period."""
    return COMPARISON_RE.search(text) is not None


def _clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _CLAUSE_END_RE.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _mark_comparisons(text: str, figures: list[Figure]) -> None:
    if not figures:
        return
    comparisons = _comparisons(text)
    if not comparisons:
        return
    clauses = _clause_bounds(text)
    for cs, _ce, target, attached in comparisons:
        lo, hi = next((a, b) for a, b in clauses if a <= cs < b or (a <= cs and cs == b == len(text)))
        in_clause = [f for f in figures if f.start >= lo and f.end <= hi]
        changes = [f for f in in_clause if f.kind == "change"]
        if changes and not attached:
            chosen = changes
        else:
            before = [f for f in in_clause if f.start < cs]
            after = [f for f in in_clause if f.start >= cs]
            chosen = before[-1:] or after[:1]
        for f in chosen:
            if f.compared_with is None:
                f.compared_with = target


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def extract_figures(text: str) -> list[Figure]:
    """All quantitative figures in one paragraph's text, in order and non-overlapping.

    Args:
        text: the paragraph text (NFC Vietnamese).

    Returns:
        :class:`Figure` objects whose ``start``/``end`` index into ``text``.
    """
    if not text or not any(map(str.isdigit, text)):
        return []
    mask = _blocked_mask(text)
    figures: list[Figure] = []
    last_end = 0
    for m in NUM_RE.finditer(text):
        if m.start() < last_end or mask[m.start()] or mask[m.end() - 1]:
            continue
        fig = _classify(text, m, mask)
        if fig is None:
            continue
        fig = _apply_change(text, fig, figures[-1] if figures else None)
        if fig.start < last_end:  # a change verb reaching back over the previous figure
            continue
        figures.append(fig)
        last_end = fig.end
    _mark_comparisons(text, figures)
    return figures


def add_figures(doc: Document) -> Document:
    """Set ``paragraph.figures`` for every paragraph of ``doc`` (headings too) and return ``doc``."""
    for paragraph in doc.paragraphs:
        paragraph.figures = extract_figures(paragraph.text)
    return doc
