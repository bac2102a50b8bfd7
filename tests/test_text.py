import unicodedata

from cchc_nlp.text import is_vietnamese_syllable, normalize, unify_tone_placement, vietnamese_score


def test_new_style_tone_placement_is_unified_to_old_style():
    assert unify_tone_placement("hoà thuỷ khoẻ Hoà") == "hòa thủy khỏe Hòa"


def test_both_spellings_compare_equal_after_normalize():
    assert normalize("Uỷ ban nhân dân, hoá đơn") == normalize("Ủy ban nhân dân, hóa đơn")


def test_qu_and_closed_syllables_are_untouched():
    assert unify_tone_placement("quý quỳ hoàn thuyền") == "quý quỳ hoàn thuyền"


def test_normalize_makes_nfc_and_cleans_spaces():
    decomposed = unicodedata.normalize("NFD", "Cải  cách\u00a0hành chính\u200b")
    out = normalize(decomposed)
    assert out == "Cải cách hành chính"
    assert unicodedata.is_normalized("NFC", out)


def test_icelandic_eth_becomes_vietnamese_d():
    assert normalize("\u00d0ảng") == "Đảng"


def test_syllable_scoring_separates_vietnamese_from_mojibake():
    assert is_vietnamese_syllable("nghiêng")
    assert not is_vietnamese_syllable("strength")
    assert vietnamese_score("Sở Tư pháp đã hoàn thành kế hoạch") > 0.9
    good = "Sở Tư pháp đã hoàn thành kế hoạch"
    mojibake = good.encode("utf-8").decode("cp1252", errors="replace")
    assert vietnamese_score(good) > vietnamese_score(mojibake) + 0.4
