"""Edition numbers of meeting series, and the ordinals that must not count as editions."""

import pytest

from newsweave.analyze.editions import extract_editions

POSITIVE = [
    ("en", "Delegates gathered for the 13th international meeting on security.", 13),
    ("en", "It was the thirteenth meeting of the council secretaries.", 13),
    ("en", "The XIII Moscow Conference on Security opened on time.", 13),
    ("en", "Organisers said the X Moscow Conference drew many guests.", 10),
    ("ru", "Открылась 13-я международная встреча по безопасности.", 13),
    ("ru", "Участники тринадцатой встречи обсудили терроризм.", 13),
    ("ru", "XIII Московская конференция собрала министров.", 13),
    ("fa", "سیزدهمین نشست بین المللی امنیتی آغاز شد.", 13),
    ("fa", "نشست ۱۳مین دوره برگزار شد.", 13),
    ("ar", "انطلق الاجتماع الدولي الثالث عشر في العاصمة.", 13),
    ("ar", "افتتحت الدورة الـ13 للمنتدى في المدينة.", 13),
    ("ar", "عقدت الدورة التاسعة للمؤتمر بحضور الوزراء.", 9),
    ("zh", "第十三届国际安全会议在莫斯科开幕。", 13),
    ("zh", "双方举行第二十轮战略安全磋商。", 20),
    ("zh", "第20次会议如期举行。", 20),
    ("ro", "A început a 13-a conferință internațională.", 13),
    ("es", "Comenzó la 13ª reunión de alto nivel.", 13),
    ("pt", "Termina a XIII cúpula regional.", 13),
    ("fr", "La treizième réunion s'ouvre à Paris.", 13),
    ("fr", "Le 13e sommet régional commence.", 13),
    ("de", "Das 13. Treffen der Berater beginnt.", 13),
    ("de", "Die elfte internationale Sicherheitskonferenz fand statt.", 11),
    ("de", "Zum dreizehnten Treffen kamen Gäste.", 13),
    ("tr", "13. Uluslararası Güvenlik Toplantısı başladı.", 13),
    ("vi", "Hội nghị quốc tế lần thứ 13 khai mạc.", 13),
    ("kk", "13-ші халықаралық кездесу басталды.", 13),
    ("hi", "13वें अंतरराष्ट्रीय सम्मेलन की शुरुआत हुई।", 13),
    ("ko", "제13차 국제안보회의가 열렸다.", 13),
    ("ja", "第13回国際会議が開かれた。", 13),
    ("id", "Pertemuan ke-13 digelar pekan ini.", 13),
    ("sv", "Den 13:e internationella konferensen öppnade.", 13),
    ("it", "Si è aperta la tredicesima riunione internazionale.", 13),
    ("it", "Al 13° incontro internazionale partecipano molti Paesi.", 13),
    ("sr", "У Москви је почео 13. међународни састанак.", 13),
    ("hr", "Počeo je 13. međunarodni sastanak.", 13),
    ("pl", "Rozpoczęło się XIII Międzynarodowe Spotkanie.", 13),
    ("uk", "Розпочалася 13-та Міжнародна зустріч.", 13),
]


@pytest.mark.parametrize(("lang", "text", "number"), POSITIVE)
def test_edition_found(lang: str, text: str, number: int) -> None:
    assert [e.number for e in extract_editions(text, lang=lang)] == [number]


NEGATIVE = [
    ("en", "Security in the 21st century was the theme of the meeting."),
    ("en", "The meeting marked the 80th anniversary of the treaty."),
    ("en", "The meeting is set for the 13th of May."),
    ("en", "The summit opens on May 13th in the capital."),
    ("en", "King Charles III did not attend the summit."),
    ("en", "He wrote on X that the summit went well."),
    ("en", "The first deputy minister later spoke about the meeting agenda."),
    ("en", "Officials from 13 countries attended the meeting."),
    ("en", "The 13th amendment was debated in parliament."),
    ("ru", "Встреча прошла в канун 80-летия Победы."),
    ("ru", "XXI век ставит новые задачи перед конференцией."),
    ("ru", "Встреча состоится 13-го мая в столице."),
    ("fa", "هشتادمین سالگرد پیروزی در نشست گرامی داشته شد."),
    ("ar", "قضايا القرن الحادي والعشرين على جدول المؤتمر."),
    ("ar", "يعقد المؤتمر في الـ26 من الشهر المقبل."),
    ("ar", "عقد الاجتماع في كانون الأول الماضي."),
    ("ar", "هذه المرة الرابعة التي تعقد فيها القمة هنا."),
    ("zh", "第二天会议继续进行。"),
    ("de", "Am 13. Mai fand das Treffen statt."),
    # Italian "secondo" is also "according to", "prima" "before"
    ("it", "Secondo la TASS, la riunione si è aperta."),
    ("it", "Prima della riunione il primo ministro ha parlato."),
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVE)
def test_no_edition(lang: str, text: str) -> None:
    assert extract_editions(text, lang=lang) == ()


def test_span_points_into_the_text() -> None:
    text = "Delegates gathered for the 13th international meeting."
    (e,) = extract_editions(text, lang="en")
    assert text[e.start : e.end] == e.text == "13th"


def test_sentences_about_another_edition_are_found() -> None:
    from newsweave.analyze.editions import main_edition, other_edition_sentences

    text = (
        "The ninth conference on security opened today with 600 guests. "
        "The ninth conference runs for two days. "
        "The eighth conference, held in April, gathered 100 countries. "
        "Ministers spoke about terrorism."
    )
    editions = extract_editions(text, lang="en")
    assert main_edition(editions) == 9
    spans = other_edition_sentences(text, editions)
    assert [text[a:b].strip() for a, b in spans] == [
        "The eighth conference, held in April, gathered 100 countries."
    ]


def test_no_main_edition_no_scoping() -> None:
    from newsweave.analyze.editions import main_edition, other_edition_sentences

    text = "The eighth conference was smaller than the ninth conference."
    editions = extract_editions(text, lang="en")
    assert main_edition(editions) is None  # one each: a tie says nothing
    assert other_edition_sentences(text, editions) == []
