"""Attributions to news sources, their canonical keys, and mentions that are not citations."""

import pytest

from newsweave.analyze.citations import extract_citations, source_of_domain, source_slug

CASES = [
    ("en", "The talks went well, according to TASS.", ["src:tass"]),
    ("en", "TASS reported that the forum had opened.", ["src:tass"]),
    ("en", "The envoy spoke on Friday, citing RIA Novosti.", ["src:ria"]),
    ("en", "He said so, according to TASS and RIA Novosti.", ["src:tass", "src:ria"]),
    ("vi", "Toàn cảnh phiên họp. (Ảnh: Minh Anh/VNA)", ["src:vna"]),
    ("vi", "Các đại biểu dự họp (TTXVN/Vietnam+)", ["src:vna", "src:vna"]),
    ("ro", "Sursă: https://www.vietnamplus.vn/some-story-123.vnp", ["src:vna"]),
    ("en", "Source: Ria", ["src:ria"]),
    ("fa", "به گزارش ایرنا، نشست امروز آغاز شد.", ["src:irna"]),
    ("fa", "خبرگزاری «تاس» در این باره گزارش داد که نشست آغاز شد.", ["src:tass"]),
    ("ru", "Встреча началась утром, передает ТАСС.", ["src:tass"]),
    ("ru", "Как сообщает РИА Новости, переговоры завершились.", ["src:ria"]),
    ("ru", "Об этом сообщили со ссылкой на Интерфакс.", ["src:interfax"]),
    ("ar", "وذلك نقلا عن وكالة سبوتنيك.", ["src:sputnik"]),
    ("zh", "据新华社报道，会议于周二开幕。", ["src:xinhua"]),
    ("zh", "新华社北京5月27日电 会议开幕。", ["src:xinhua"]),
    ("vi", "Theo TTXVN, hội nghị đã bế mạc.", ["src:vna"]),
    ("pt", "O encontro terminou, segundo a Agência Brasil.", ["src:agencia-brasil"]),
    ("es", "La cumbre empezó ayer, según EFE.", ["src:efe"]),
    ("fr", "La réunion s'est tenue mardi, selon l'AFP.", ["src:afp"]),
    ("de", "Die Gespräche dauerten lange, laut dpa.", ["src:dpa"]),
    ("en", "MINSK, November 17 (BelTA) - The ministers met.", ["src:belta"]),
    ("tr", "Anadolu Ajansı'nın haberine göre toplantı başladı.", ["src:anadolu"]),
    ("en", "MOSCOW, May 27. /TASS/. The meeting opened.", ["src:tass"]),
    ("en", "The Kremlin said the talks were useful.", ["src:kremlin"]),
    ("ru", "Как сообщило агентство «Регнум», встреча прошла.", ["src:регнум"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_citations(lang: str, text: str, expected: list[str]) -> None:
    assert [c.source for c in extract_citations(text, lang=lang)] == expected


NOT_CITATIONS = [
    ("en", "Putin arrived at the Kremlin in the morning."),
    ("de", "Mehr Gäste als erwartet kamen."),
    ("en", "The trend is clear to everyone."),
    ("fa", "او در خلیج فارس سفر کرد."),
    ("zh", "来源: sp20241102"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_CITATIONS)
def test_not_citations(lang: str, text: str) -> None:
    assert extract_citations(text, lang=lang) == ()


def test_span_includes_cue_and_matches_text() -> None:
    text = "Talks resumed, as reported by TASS."
    (c,) = extract_citations(text, lang="en")
    assert c.text == "reported by TASS"
    assert text[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("domain", "key"),
    [
        ("tass.com", "src:tass"),
        ("www.tass.ru", "src:tass"),
        ("en.irna.ir", "src:irna"),
        ("https://www.vietnamplus.vn/story", "src:vna"),
        ("kremlin.ru", "src:kremlin"),
        ("example.org", None),
        (None, None),
        ("", None),
    ],
)
def test_source_of_domain(domain: str | None, key: str | None) -> None:
    assert source_of_domain(domain) == key


def test_slug_of_unknown_source() -> None:
    assert source_slug("«Some Agency»") == "src:some-agency"
