from __future__ import annotations

from newsweave.analyze.normalize import fold_for_matching, normalize_text


def test_persian_letter_variants_and_zero_width_are_normalized() -> None:
    arabic_keyboard = "پوتين\u200cو شويگو در كرملين"
    assert normalize_text(arabic_keyboard) == "پوتینو شویگو در کرملین"


def test_arabic_text_keeps_arabic_letters() -> None:
    assert normalize_text("شويغو في موسكو", lang="ar") == "شويغو في موسكو"


def test_nfc_and_spaces() -> None:
    assert normalize_text("S\u0327oigu\u00a0 a\n\n\n\nb") == "Şoigu  a\n\nb"


def test_fold_ignores_case_and_marks() -> None:
    assert fold_for_matching("Șoigu") == fold_for_matching("șoigu") == "soigu"
    assert fold_for_matching("Ёлка") == "елка"
