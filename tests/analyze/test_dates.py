"""Date mentions and event-date inference on hand-written sentences in many languages."""

from datetime import date

import pytest

from newsweave.analyze.dates import extract_dates, infer_event_date
from newsweave.analyze.normalize import photo_captions
from newsweave.model import DateMention

PUB = date(2025, 5, 29)  # a Thursday

CASES = [
    # (lang, text, published, expected values in order)
    ("en", "Ministers met on 27 May 2025 in Geneva.", None, ["2025-05-27"]),
    ("en", "The forum closed on May 28, 2025, officials said.", None, ["2025-05-28"]),
    ("en", "Talks are planned for 27-28 May 2025.", None, ["2025-05-27", "2025-05-28"]),
    ("en", "date 2025-12-03 Delegations arrived by train.", None, ["2025-12-03"]),
    ("en", "The report is dated 27.05.2025 and was leaked.", None, ["2025-05-27"]),
    ("en", "A copy stamped 27/05/2025 circulated.", None, ["2025-05-27"]),
    ("en", "The May 2025 session was short.", None, ["2025-05-01"]),
    ("en", "Delegates met yesterday (Wednesday) in a closed room.", PUB, ["2025-05-28"]),
    ("en", "The envoys spoke on Monday about grain.", PUB, ["2025-05-26"]),
    ("en", "Officials arrived on June 2 for the talks.", PUB, ["2025-06-02"]),
    ("en", "A sequel is set for 3 January, organisers said.", date(2024, 12, 20), ["2025-01-03"]),
    ("ru", "Переговоры прошли 27 мая 2025 года в Минске.", None, ["2025-05-27"]),
    ("ru", "Заседание намечено на июнь, а в мае 2025 года был доклад.", None, ["2025-05-01"]),
    ("ru", "Министры встретились вчера в Казани.", PUB, ["2025-05-28"]),
    ("ru", "Делегация прибыла в среду.", PUB, ["2025-05-28"]),
    ("fr", "Les experts se retrouvent le 28 mai à Lyon.", PUB, ["2025-05-28"]),
    ("es", "La cita fue el 27 de mayo de 2025 en Quito.", None, ["2025-05-27"]),
    ("es", "Los cancilleres firmaron ayer el acuerdo.", PUB, ["2025-05-28"]),
    ("de", "Das Gremium tagte am 27. Mai 2025 in Bonn.", None, ["2025-05-27"]),
    ("zh", "双方于2025年5月27日在北京举行会谈。", None, ["2025-05-27"]),
    ("zh", "代表团5月27日抵达上海。", PUB, ["2025-05-27"]),
    ("zh", "峰会将于8月31日至9月1日举行。", date(2025, 8, 20), ["2025-08-31", "2025-09-01"]),
    ("ja", "代表団は昨日、東京に到着した。", PUB, ["2025-05-28"]),
    ("ko", "회의는 2025년 5월 27일 서울에서 열렸다.", None, ["2025-05-27"]),
    ("vi", "Phái đoàn đến Hà Nội ngày 27/5/2025.", None, ["2025-05-27"]),
    ("vi", "Hội nghị khai mạc 27 tháng 5 năm 2025.", None, ["2025-05-27"]),
    ("fa", "این نشست در ۷ خرداد ۱۴۰۴ برگزار شد.", None, ["2025-05-28"]),
    ("fa", "هیئت ها در ۲۷ مه ۲۰۲۵ دیدار کردند.", None, ["2025-05-27"]),
    ("fa", "وزیران روز چهارشنبه دیدار کردند.", PUB, ["2025-05-28"]),
    ("ar", "عقد الاجتماع في ٢٧ أيار/مايو ٢٠٢٥ في عمان.", None, ["2025-05-27"]),
    ("ar", "وصل الوفد أمس إلى القاهرة.", PUB, ["2025-05-28"]),
    ("ar", "تعقد الجلسات بين 27 و29 مايو الجاري.", date(2025, 5, 20), ["2025-05-27", "2025-05-29"]),
    ("tr", "Heyet dün Ankara'ya ulaştı.", PUB, ["2025-05-28"]),
    ("kk", "Кездесу 2025 жылғы 27 мамырда өтті.", None, ["2025-05-27"]),
    ("hi", "बैठक 27 मई 2025 को हुई।", None, ["2025-05-27"]),
    ("id", "Gempa terjadi Senin (21/11) siang.", date(2022, 11, 21), ["2022-11-21"]),
    # languages of the wider corpus beyond dev; Serbian and Bosnian months in the genitive
    ("it", "Il vertice si è aperto ieri a Mosca.", PUB, ["2025-05-28"]),
    ("hr", "Sastanak je počeo jučer, 27. svibnja 2025.", PUB, ["2025-05-28", "2025-05-27"]),
    ("sr", "Састанак је почео 27. маја 2025.", None, ["2025-05-27"]),
    ("bs", "Sastanak je počeo 27. maja 2025.", None, ["2025-05-27"]),
    ("pl", "Spotkanie rozpoczęło się wczoraj.", PUB, ["2025-05-28"]),
    ("uk", "Зустріч розпочалася вчора.", PUB, ["2025-05-28"]),
]


@pytest.mark.parametrize(("lang", "text", "published", "expected"), CASES)
def test_extract_dates(lang: str, text: str, published: date | None, expected: list[str]) -> None:
    found = extract_dates(text, lang=lang, published=published)
    assert [d.value.isoformat() for d in found] == expected


def test_relative_dates_are_flagged_and_span_the_bracketed_weekday() -> None:
    text = "Delegates met yesterday (Wednesday) in a closed room."
    (d,) = extract_dates(text, lang="en", published=PUB)
    assert d.relative and d.text == "yesterday (Wednesday)"


def test_relative_dates_need_a_publication_date() -> None:
    assert extract_dates("They met yesterday and again on Friday.", lang="en", published=None) == ()


def test_month_only_has_month_granularity() -> None:
    (d,) = extract_dates("The May 2025 session was short.", lang="en", published=None)
    assert d.granularity == "month"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Officials may 5 countries invite, and may say no."),
        ("en", "In 2024 the budget grew by 12 percent."),
        ("ru", "Об этом говорили в мае."),
    ],
)
def test_no_false_dates(lang: str, text: str) -> None:
    assert extract_dates(text, lang=lang, published=None) == ()


def test_year_borrowed_from_another_date_in_the_text() -> None:
    text = "Signed on 3 March 2024; the talks had started on 28 February."
    values = [d.value for d in extract_dates(text, lang="en", published=None)]
    assert values == [date(2024, 3, 3), date(2024, 2, 28)]


def test_weekday_next_to_a_date_is_not_counted_twice() -> None:
    found = extract_dates("В среду, 28 мая, прошла встреча.", lang="ru", published=PUB)
    assert [d.value for d in found] == [date(2025, 5, 28)]


def _m(
    value: date, *, relative: bool = False, granularity: str = "day", text: str = "x 2025"
) -> DateMention:
    return DateMention(0, 1, text, value, granularity, relative)  # type: ignore[arg-type]


def test_infer_prefers_frequent_date_near_publication() -> None:
    dates = [
        _m(date(2025, 5, 27)),
        _m(date(2025, 5, 27)),
        _m(date(2025, 5, 28)),
        _m(date(2019, 1, 1)),
    ]
    assert infer_event_date(dates, date(2025, 5, 29))[0] == date(2025, 5, 27)


def test_infer_accepts_a_preview_of_a_future_meeting() -> None:
    dates = [_m(date(2025, 5, 12)), _m(date(2025, 5, 27))]
    assert infer_event_date(dates, date(2025, 5, 12))[0] == date(2025, 5, 27)


def test_infer_falls_back_to_publication() -> None:
    value, reason = infer_event_date([_m(date(2017, 4, 26))], date(2025, 5, 29))
    assert value == date(2025, 5, 29) and reason == "published"


def test_infer_without_publication_uses_explicit_years_then_months() -> None:
    assert infer_event_date([_m(date(2023, 7, 24))], None)[0] == date(2023, 7, 24)
    month = _m(date(2023, 7, 1), granularity="month")
    value, reason = infer_event_date([month], None)
    assert value == date(2023, 7, 1) and reason == "month_only"
    assert infer_event_date([], None)[0] is None


def test_day_without_any_year_is_kept_as_monthday() -> None:
    from newsweave.analyze.dates import PLACEHOLDER_YEAR

    (d,) = extract_dates("The summit on 28 May will be long.", lang="en", published=None)
    assert d.granularity == "monthday" and d.value == date(PLACEHOLDER_YEAR, 5, 28)
    assert infer_event_date((d,), None) == (date(PLACEHOLDER_YEAR, 5, 28), "monthday")


def test_a_borrowed_year_leaves_day_and_month_before_a_background_month() -> None:
    # regression: an undated report of a 24-25 July meeting took the background "June 2022"
    # as its event date; the meeting's days lent that year and then counted for nothing
    from newsweave.analyze.dates import PLACEHOLDER_YEAR

    text = "Patrushev will attend the meeting on 24-25 July. The group was founded in June 2022."
    dates = extract_dates(text, lang="en", published=None)
    assert infer_event_date(dates, None) == (date(PLACEHOLDER_YEAR, 7, 24), "monthday")


def test_dates_of_other_editions_do_not_vote() -> None:
    from newsweave.analyze.editions import extract_editions, other_edition_sentences

    text = (
        "The ninth conference on security opened on 23 June 2021. "
        "The ninth conference ends tomorrow. "
        "The eighth conference opened on 23 April 2020, and on 23 April 2020 it drew 100 countries."
    )
    dates = extract_dates(text, lang="en", published=None)
    other = other_edition_sentences(text, extract_editions(text, lang="en"))
    assert infer_event_date(dates, None)[0] == date(2020, 4, 23)  # outvoted without scoping
    assert infer_event_date(dates, None, exclude=other)[0] == date(2021, 6, 23)


def test_the_date_of_a_photo_caption_is_no_date_of_the_event() -> None:
    text = (
        "The security advisers of the bloc meet in Delhi today.\n"
        "Minister Petrov meets adviser Rao, March 24, 2017. (Ministry photo by J. Carr)\n"
        "The meeting will discuss terrorism.\n"
        "(Foto: Quang Vinh/VNA) Delegates on 5 May 2019.\n"
    )
    captions = photo_captions(text)
    assert [text[a:b].split(" ")[0] for a, b in captions] == ["Minister", "(Foto:"]
    dates = extract_dates(text, lang="en", published=None)
    assert {d.value for d in dates} == {date(2017, 3, 24), date(2019, 5, 5)}
    assert infer_event_date(dates, None, exclude=captions) == (None, "none")
    # a line that only mentions photographs is no caption
    assert photo_captions("Photographers gathered on 24 March 2017.") == []
