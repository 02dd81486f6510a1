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


def test_stem_regex_word_starts_whole_words_and_glued_scripts() -> None:
    from newsweave.analyze.normalize import fold_for_matching, stem_regex

    rx = stem_regex(["meet", "counterpart$", "التقى", "会见"])
    assert rx.search(fold_for_matching("They MEET today"))
    assert not rx.search("summeet")  # not at a word start
    assert rx.search("his counterpart.") and not rx.search("his counterparts")
    assert rx.search(fold_for_matching("والتقى الوزير"))  # Arabic clitic glued in front
    assert rx.search("王毅会见绍伊古")


def test_devanagari_nasals_fold_to_one_spelling() -> None:
    # anusvara, nasal + virama and chandrabindu spell the same sound: दुशांबे = दुशान्बे
    assert fold_for_matching("दुशान्बे") == fold_for_matching("दुशांबे")
    assert fold_for_matching("हिन्दी") == fold_for_matching("हिंदी")
    assert fold_for_matching("चाँद") == fold_for_matching("चांद")
    assert fold_for_matching("न्यू") != fold_for_matching("ंयू")  # before a vowel sign: no nasal
