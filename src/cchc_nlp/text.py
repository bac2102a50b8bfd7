"""Vietnamese text normalisation: NFC, one tone placement, clean white space.

Vietnamese has two conventions for the tone mark on ``oa``, ``oe`` and ``uy`` at the end
of a syllable: ``hoà``/``hòa``, ``khoẻ``/``khỏe``, ``thuỷ``/``thủy``. Administrative
documents mostly use the second ("old") style, so :func:`normalize` rewrites the first
into it; the two spellings of a word then compare equal everywhere in the library.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _build_tone_map() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in _PAIRS:
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                new = f + unicodedata.normalize("NFC", s + tone)
                old = unicodedata.normalize("NFC", f + tone) + s
                table[new] = old
    return table


_TONE_MAP = _build_tone_map()
_TONE_RE = re.compile(
    r"(?<![qQ\w])(?:[hHkKtTxXlLnNgGđĐcCsSvVmMbBpPrRdD]|[tTnNkKgGpP][hHrR]|[nN][gG][hH]?|[qQ][uU])?"
    r"(" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?!\w)"
)
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: White space :data:`_SPACE_RE` would change: anything but a plain space (a run of plain spaces is found with ``in``).
_ODD_SPACE_RE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
#: A new-style ending at the end of a word: without one, :func:`unify_tone_placement` changes nothing.
_TONE_GATE_RE = re.compile(r"(?:" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?!\w)")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def unify_tone_placement(text: str) -> str:
    """Rewrite ``oà/oé/uỷ``-style syllable endings to ``òa/óe/ủy`` (``hoà`` → ``hòa``).

    ``quý``/``quỳ`` are untouched (``u`` belongs to ``qu``), as are syllables with a final
    consonant (``hoàn``), where both conventions agree.
    """

    def repl(m: re.Match[str]) -> str:
        whole = m.group(0)
        pair = m.group(1)
        if whole[:2].lower() == "qu" and pair[0] in "uU":
            return whole
        return whole[: -len(pair)] + _TONE_MAP[pair]

    if _TONE_GATE_RE.search(text) is None:  # the cheap scan: most texts have nothing to rewrite
        return text
    return _TONE_RE.sub(repl, text)


def normalize(text: str) -> str:
    """NFC, one tone placement, no zero-width or control characters, single spaces.

    Line breaks are kept (a table cell may hold several lines); each line is stripped.
    Icelandic ``Ð/ð`` (often typed for ``Đ/đ``) becomes ``Đ/đ``.
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    text = (
        text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").replace("\r\n", "\n").replace("\r", "\n")
    )
    if "  " in text or _ODD_SPACE_RE.search(text):  # else every run is one plain space already
        text = _SPACE_RE.sub(" ", text)
    text = unify_tone_placement(text)
    if "\n" in text:
        return "\n".join(line.strip() for line in text.split("\n")).strip()
    return text.strip()


_VOWELS = "aăâeêioôơuưy"
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơưfjwz")
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ng|nh|ch|[cmnpt]|[iyou])?$"
)


def strip_tones(syllable: str) -> str:
    """Remove the five tone marks but keep vowel quality (``ượ`` → ``ươ``)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", kept)


def is_vietnamese_syllable(token: str) -> bool:
    """Whether ``token`` is spelled like a Vietnamese syllable (used to score decodings)."""
    t = strip_tones(token.lower())
    if any(c not in _LETTERS for c in t):
        return False
    if not t or len(t) > 7 or not any(c in _VOWELS for c in t):
        return False
    return bool(_SYLLABLE_RE.match(t))


_WORD_RE = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> float:
    """Share of alphabetic tokens in ``text`` that are valid Vietnamese syllables,
    weighted up for tokens carrying Vietnamese-only letters or tone marks."""
    words = _WORD_RE.findall(unicodedata.normalize("NFC", text[:20000]))
    if not words:
        return 0.0
    good = 0.0
    for w in words:
        if is_vietnamese_syllable(w):
            good += 1.0 if w.isascii() else 1.5
    return good / len(words)
