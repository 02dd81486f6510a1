"""Topic tags from the multilingual taxonomy."""

import pytest

from newsweave.analyze.topics import tag_topics, topic_counts, topics_table

CASES = [
    ("en", "Ministers discussed counter-terrorism cooperation.", {"terrorism"}),
    (
        "en",
        "The criminal use of information and communication technologies is rising.",
        {"cybersecurity"},
    ),
    (
        "en",
        "They agreed to fight drug trafficking and illegal arms trafficking.",
        {"drugs", "arms_trafficking"},
    ),
    (
        "ru",
        "Стороны обсудили противодействие экстремизму и отмыванию доходов.",
        {"extremism", "money_laundering"},
    ),
    (
        "ru",
        "Речь шла о военного сотрудничества и информационной безопасности.",
        {"military_cooperation", "information_security"},
    ),
    ("fa", "همکاری نظامی و مقابله با مواد مخدر بررسی شد.", {"military_cooperation", "drugs"}),
    ("ar", "بحث الجانبان مكافحة الإرهاب وغسل الأموال.", {"terrorism", "money_laundering"}),
    ("zh", "双方讨论了网络安全和洗钱问题。", {"cybersecurity", "money_laundering"}),
    (
        "vi",
        "Hai bên thảo luận về an ninh mạng và di cư bất hợp pháp.",
        {"cybersecurity", "migration"},
    ),
    ("es", "Se habló de la lucha contra el narcotráfico y el terrorismo.", {"drugs", "terrorism"}),
    ("tr", "Terörle mücadele ve siber güvenlik ele alındı.", {"terrorism", "cybersecurity"}),
    ("de", "Es ging um Geldwäsche und Migration.", {"money_laundering", "migration"}),
    (
        "kk",
        "Тараптар терроризмге қарсы күрес пен есірткі мәселесін талқылады.",
        {"terrorism", "drugs"},
    ),
    ("hi", "बैठक में आतंकवाद और साइबर सुरक्षा पर चर्चा हुई।", {"terrorism", "cybersecurity"}),
    ("ru", "Обсуждались биологические угрозы.", {"biological_threats"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_topics(lang: str, text: str, expected: set[str]) -> None:
    assert set(tag_topics(text, lang=lang)) == expected


def test_no_topic_in_unrelated_text() -> None:
    assert tag_topics("The football club won the league after a long conflict.", lang="en") == ()


def test_stems_start_words() -> None:
    # "ict" style short stems must not match inside longer words.
    assert "cybersecurity" not in tag_topics("The conflict is strict.", lang="en")


def test_sorted_by_hits() -> None:
    text = "Terrorism, terrorists and terror financing; also cyber threats."
    tags = tag_topics(text, lang="en")
    assert tags[0] == "terrorism"
    assert topic_counts(text)["terrorism"] >= 3


def test_table_is_versioned_and_covers_languages() -> None:
    table = topics_table()
    for topic in ("terrorism", "cybersecurity", "drugs", "military_cooperation"):
        assert {"en", "ru", "fa", "ar", "zh", "vi", "es", "hi"} <= set(table[topic])
