"""Vietnamese text typed in the pre-Unicode encodings TCVN3 (ABC) and VNI-Windows.

Before Unicode, Vietnamese offices typed with 8-bit fonts: the TCVN3 fonts (``.VnTime``,
``.VnArial``, ``.VnTimeH`` …) put each accented small letter on one byte (``®`` is ``đ``,
``¸`` is ``á``), and the VNI fonts (``VNI-Times``, ``VNI-Helve`` …) draw a base letter
followed by a mark byte (``ñ`` is ``đ``, ``aù`` is ``á``). Files keep those bytes, so the
text reads as Latin-1 gibberish (``B¸o c¸o``, ``Baùo caùo``) until it is mapped back.

The mapping tables ship as data (``data/legacy_vietnamese.json``, keyed by byte values).
:func:`detect_legacy` recognises the encoding by font name or, without fonts, by the
shape of the text (VNI marks sit right after their base letters) and by how many more
valid Vietnamese syllables the conversion yields than the text as it stands;
:func:`to_unicode` converts; :func:`from_unicode` is the inverse, used to build test input.

TCVN3 has bytes for the capitals ``Ă Â Ê Ô Ơ Ư Đ`` only. Accented capitals were typed in
the all-caps fonts (names ending in ``H``, such as ``.VnTimeH``), which draw the
small-letter bytes as capitals: ``CéNG HOµ`` in ``.VnTimeH`` shows ``CỘNG HOÀ``. A run in
such a font is converted with ``capitals=True``; without font information, a word whose
plain letters are all capitals is read as a capitalised word.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from .text import vietnamese_score

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni")

# A conversion must beat the raw text by this much (vietnamese_score units) and reach
# MIN_SCORE to count as detected; scoring needs MIN_CHANGED legacy characters. VNI is
# considered only when it explains VNI_COVERAGE of the non-ASCII characters.
MARGIN = 0.2
MIN_SCORE = 0.6
MIN_CHANGED = 3
VNI_COVERAGE = 0.9
_SAMPLE = 20000


@dataclass(frozen=True)
class _Tables:
    tcvn3_decode: dict[int, str]  # code point -> Unicode (for str.translate)
    tcvn3_encode: dict[str, str]
    tcvn3_small: frozenset[str]  # legacy characters of accented small letters
    tcvn3_capital: frozenset[str]  # legacy characters of the seven capitals
    vni_decode: dict[str, str]  # one or two legacy characters -> Unicode
    vni_encode: dict[str, str]
    vni_re: re.Pattern[str]


def _chars(hex_bytes: str) -> str:
    """Legacy byte sequence (hex) as the characters Windows software reads it as (cp1252)."""
    return bytes.fromhex(hex_bytes).decode("cp1252")


@cache
def _tables() -> _Tables:
    raw = json.loads(resources.files("cchc_nlp").joinpath("data/legacy_vietnamese.json").read_text("utf-8"))
    tcvn3 = {_chars(k): v for k, v in raw["tcvn3"].items()}
    tcvn3_encode = {v: k for k, v in tcvn3.items()}
    # the all-caps fonts reuse the small-letter bytes for accented capitals
    for legacy, uni in tcvn3.items():
        if uni.islower() and uni.upper() not in tcvn3_encode:
            tcvn3_encode[uni.upper()] = legacy
    vni = {_chars(k): v for k, v in raw["vni"].items()}
    vni_encode = {v: k for k, v in vni.items()}
    vni_decode = dict(vni)
    # tolerate a capital base letter with a small mark and the reverse: the base decides the case
    for seq, uni in vni.items():
        if len(seq) == 2:
            for mark in (seq[1].lower(), seq[1].upper()):
                vni_decode.setdefault(seq[0] + mark, uni)
    keys = sorted(vni_decode, key=len, reverse=True)
    return _Tables(
        tcvn3_decode={ord(k): v for k, v in tcvn3.items()},
        tcvn3_encode=tcvn3_encode,
        tcvn3_small=frozenset(k for k, v in tcvn3.items() if v.islower()),
        tcvn3_capital=frozenset(k for k, v in tcvn3.items() if v.isupper()),
        vni_decode=vni_decode,
        vni_encode=vni_encode,
        vni_re=re.compile("|".join(map(re.escape, keys))),
    )


# ---------------------------------------------------------------- fonts

@cache
def legacy_font(name: str | None) -> tuple[Encoding, bool] | None:
    """The legacy encoding a font name stands for, and whether it is an all-caps font.

    ``.VnTime`` → ``("tcvn3", False)``, ``.VnTimeH`` → ``("tcvn3", True)``,
    ``VNI-Times`` → ``("vni", False)``; a Unicode font (or ``None``) → ``None``.
    """
    if not name:
        return None
    n = name.strip()
    low = n.lower()
    if low.startswith(".vn"):
        return "tcvn3", n.endswith("H")  # .VnTimeH, .VnArialH …: the all-caps fonts
    if low.startswith(("vni-", "vni ")):
        return "vni", False
    return None


# ---------------------------------------------------------------- conversion

_TOKEN_RE = re.compile(r"\S+")
_BLOCK_RE = re.compile(r"(\n|\t| {2,}| \| )")


def _tcvn3_to_unicode(text: str, capitals: bool | None) -> str:
    t = _tables()
    if capitals is not None:
        converted = text.translate(t.tcvn3_decode)
        return converted.upper() if capitals else converted
    out: list[str] = []
    # a line may hold several blocks side by side (a header typed with tabs, a table row)
    for block in _BLOCK_RE.split(text):
        caps_block = _caps_line(_TOKEN_RE.findall(block), t)
        out.append(_TOKEN_RE.sub(lambda m, caps=caps_block: _tcvn3_word(m.group(0), caps, t), block))
    return "".join(out)


def _evidence(word: str, t: _Tables) -> tuple[int, int, bool]:
    """(capital letters, small plain letters, has an accented-small-letter byte)."""
    upper = sum(1 for c in word if ("A" <= c <= "Z") or c in t.tcvn3_capital)
    lower = sum(1 for c in word if "a" <= c <= "z")
    return upper, lower, any(c in t.tcvn3_small for c in word)


_ROMAN_RE = re.compile(r"^[IVXLC]+[.):]*$")


def _caps_line(words: list[str], t: _Tables) -> bool:
    """Whether a stretch of text is typed in capitals: more words are plainly capitalised
    (two capitals or more, no small plain letter) than hold a small plain letter. Numbers,
    codes such as ``118/BC-UBND`` and Roman heading numbers do not count."""
    caps = mixed = 0
    for w in words:
        if any(c.isdigit() for c in w) or _ROMAN_RE.match(w):
            continue
        upper, lower, _ = _evidence(w, t)
        if lower:
            mixed += 1
        elif upper >= 2:
            caps += 1
    return caps > mixed


def _tcvn3_word(word: str, caps_line: bool, t: _Tables) -> str:
    converted = word.translate(t.tcvn3_decode)
    upper, lower, small = _evidence(word, t)
    if not small or lower:
        return converted
    # a capital after an accented small letter only happens in a word typed in capitals
    first_small = next(i for i, c in enumerate(word) if c in t.tcvn3_small)
    capital_after = any(("A" <= c <= "Z") or c in t.tcvn3_capital for c in word[first_small:])
    if upper >= 2 or capital_after or (upper >= 1 and caps_line):
        return converted.upper()
    return converted


def to_unicode(text: str, encoding: Encoding, *, capitals: bool | None = None) -> str:
    """Convert ``text`` typed in a legacy ``encoding`` (``"tcvn3"`` or ``"vni"``) to Unicode (NFC).

    ``text`` holds the legacy bytes as Windows software reads them (cp1252 characters), as
    they appear in a .docx run or a decoded .txt file. ``capitals`` says what font the text
    was shown in: ``True`` an all-caps font (``.VnTimeH``: every letter becomes a capital),
    ``False`` a regular font (the table alone), ``None`` unknown (TCVN3 words typed in
    capitals get accented capitals, see the module notes).
    """
    if encoding == "tcvn3":
        result = _tcvn3_to_unicode(text, capitals)
    elif encoding == "vni":
        t = _tables()
        result = t.vni_re.sub(lambda m: t.vni_decode[m.group(0)], text)
        if capitals:
            result = result.upper()
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r} (expected 'tcvn3' or 'vni')")
    return unicodedata.normalize("NFC", result)


def from_unicode(text: str, encoding: Encoding) -> str:
    """Write Unicode ``text`` in a legacy ``encoding``, as cp1252 characters (the inverse of :func:`to_unicode`).

    In TCVN3, accented capitals take the bytes of their small letters (the all-caps font
    convention), so only all-caps words and capitals without accents read back unchanged.
    """
    t = _tables()
    table = {"tcvn3": t.tcvn3_encode, "vni": t.vni_encode}.get(encoding)
    if table is None:
        raise ValueError(f"unknown legacy encoding {encoding!r} (expected 'tcvn3' or 'vni')")
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


# ---------------------------------------------------------------- detection

_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _modern_letters(text: str) -> int:
    """Letters and combining marks no 8-bit legacy file can hold (beyond cp1252), such as ``ơ``, ``ư``, ``ạ``."""
    return sum(
        1 for c in text if ord(c) > 0xFF and (c.isalpha() or unicodedata.combining(c)) and c not in _CP1252_EXTRA
    )


def _changed(text: str, encoding: Encoding) -> int:
    t = _tables()
    if encoding == "tcvn3":
        return sum(1 for c in text if ord(c) in t.tcvn3_decode)
    return len(t.vni_re.findall(text))


def _vni_coverage(text: str) -> float:
    """Share of the text's legacy-range characters (U+00A0–U+00FF) that VNI explains: a mark
    right after its base letter, or one of VNI's single-byte letters.

    Almost every non-ASCII character of VNI text is explained; in TCVN3 text most are
    accented letters after a consonant, which VNI cannot explain. The syllable score alone
    cannot tell the two apart, as the TCVN3 table turns VNI text into plausible syllables."""
    high = sum(1 for c in text if 0xA0 <= ord(c) <= 0xFF)
    if not high:
        return 0.0
    explained = sum(1 for m in _tables().vni_re.finditer(text) for c in m.group(0) if 0xA0 <= ord(c) <= 0xFF)
    return explained / high


def detect_legacy(text: str, fonts: Iterable[str | None] = ()) -> Encoding | None:
    """``"tcvn3"``, ``"vni"`` or ``None``: the legacy encoding ``text`` is typed in.

    A TCVN3 or VNI font among ``fonts`` decides. Otherwise the text is converted and the
    conversion must yield clearly more valid Vietnamese syllables than the text as it
    stands (and a good share overall). The table tried is VNI when VNI explains nearly
    every non-ASCII character (see :func:`_vni_coverage`), TCVN3 otherwise. Text
    holding letters no legacy file can hold (``ơ``, ``ư``, ``ạ`` …) is modern and never
    converted.
    """
    for font in fonts:
        found = legacy_font(font)
        if found is not None:
            return found[0]
    sample = text[:_SAMPLE]
    non_ascii = sum(1 for c in sample if ord(c) > 0x7F)
    if non_ascii < MIN_CHANGED or _modern_letters(sample) > max(2, non_ascii // 50):
        return None
    enc: Encoding = "vni" if _vni_coverage(sample) >= VNI_COVERAGE else "tcvn3"
    threshold = max(MIN_SCORE, vietnamese_score(sample) + MARGIN)
    if _changed(sample, enc) >= MIN_CHANGED and vietnamese_score(to_unicode(sample, enc)) >= threshold:
        return enc
    return None


def convert_font_text(text: str, font: str | None) -> str:
    """Text of a run shown in ``font``: converted to Unicode when the font is a TCVN3 or VNI font.

    A run that already holds letters no legacy font has (``ơ``, ``ư``, ``ạ`` …) was typed in
    Unicode despite its font name and is returned unchanged.
    """
    found = legacy_font(font)
    if found is None or not text or _modern_letters(text):
        return text
    return to_unicode(text, found[0], capitals=found[1])


def fix_legacy_text(text: str) -> str:
    """``text`` converted to Unicode if it scores as TCVN3 or VNI, otherwise unchanged."""
    encoding = detect_legacy(text)
    return text if encoding is None else to_unicode(text, encoding)
