"""Reports of two-party meetings (sideline bilaterals) versus reports of the meeting itself."""

import pytest

from newsweave.analyze.focus import bilateral_parties, conveners, lead_place, meeting_formats
from newsweave.model import Article, Mention


def _people(text: str, *names: str) -> list[Mention]:
    out = []
    for name in names:
        start = text.index(name)
        out.append(Mention(start, start + len(name), name, "PER", f"k:{name.lower()}"))
    return out


@pytest.mark.parametrize(
    ("lang", "title", "names"),
    [
        (
            "en",
            "Ahmadian meets Shoigu on the sidelines of the Moscow forum",
            ("Ahmadian", "Shoigu"),
        ),
        ("pt", "Silva e Petrov se reúnem em Brasília", ("Silva", "Petrov")),
        ("tr", "Kaya ve Petrov Ankara'da görüşecek", ("Kaya", "Petrov")),
        ("fa", "دیدار احمدیان و شویگو در مسکو", ("احمدیان", "شویگو")),
        ("zh", "王毅会见绍伊古", ("王毅", "绍伊古")),
        # consultations between two envoys are their own meeting, even with a plain verb
        ("en", "Petrov and Chinese minister Li will discuss security in Moscow", ("Petrov", "Li")),
        ("zh", "王毅同绍伊古举行战略安全磋商", ("王毅", "绍伊古")),
        ("ru", "Петров и Ли провели консультации по безопасности", ("Петров", "Ли")),
    ],
)
def test_two_people_meeting_in_the_headline(lang: str, title: str, names: tuple[str, ...]) -> None:
    text = "Body text of the report without names."
    mentions = _people(title, *names)
    assert bilateral_parties(text, title, mentions, lang=lang) == tuple(
        sorted(f"k:{name.lower()}" for name in names)
    )


def test_one_person_and_a_counterpart() -> None:
    text = (
        "MOSCOW. The security council secretary Petrov will meet his Chinese counterpart on Monday."
    )
    assert bilateral_parties(text, None, _people(text, "Petrov"), lang="en")
    plural = "MOSCOW. Petrov will meet his counterparts from twenty countries on Monday."
    assert not bilateral_parties(plural, None, _people(plural, "Petrov"), lang="en")


def test_a_host_meeting_many_is_not_bilateral() -> None:
    title = "President Petrov holds a meeting with the security council secretaries of the bloc"
    assert not bilateral_parties(
        "The meeting lasted two hours.", title, _people(title, "Petrov"), lang="en"
    )
    # two people, but no meeting word: a speech
    text = "Petrov praised Ivanova's report at the plenary."
    assert not bilateral_parties(text, None, _people(text, "Petrov", "Ivanova"), lang="en")


def test_a_lead_of_one_long_sentence_takes_the_next() -> None:
    opening = (
        "During the thirteenth international security summit held in the capital this week, "
        "the secretary of the security council announced plans to resume five-party "
        "consultations with four partners from the region, as well as new projects in energy, "
        "transport, agriculture, education and health that the sides began last year."
    )
    assert len(opening) > 300
    text = f"{opening}\nPetrov said this at his meeting with the defence council secretary Ruiz.\n"
    people = _people(text, "Petrov", "Ruiz")
    assert bilateral_parties(text, None, people, lang="en")
    # with a short first sentence, the lead ends at its characters as before
    text = "The summit opened. " + "It heard speeches. " * 15 + "Petrov met Ruiz later."
    assert not bilateral_parties(text, None, _people(text, "Petrov", "Ruiz"), lang="en")


def test_a_photo_caption_is_not_the_lead() -> None:
    text = (
        "Security advisers of the bloc meet in Delhi today.\n"
        "Minister Petrov meets adviser Rao, March 24, 2017. (Ministry photo by J. Carr)\n"
        "The meeting will discuss terrorism."
    )
    assert not bilateral_parties(text, None, _people(text, "Petrov", "Rao"), lang="en")


@pytest.mark.parametrize(
    ("lang", "title", "text", "formats"),
    [
        ("en", "SCO defence ministers meet in Astana", "The ministers discussed drills.", ("defence",)),
        ("ru", "В Астане прошло совещание министров обороны ШОС", "Обсуждены учения.", ("defence",)),
        ("ru", None, "Встреча секретарей советов безопасности государств СНГ прошла в Москве.", ("security",)),
        ("ar", "اجتماع وزراء خارجية منظمة شنغهاي", "بحث الوزراء التعاون.", ("foreign",)),
        ("zh", "上合组织峰会在天津开幕", "各国领导人出席。", ("leaders",)),
        ("tr", "Dışişleri Bakanları toplandı", "Bakanlar görüştü.", ("foreign",)),
        ("vi", "Hội nghị Bộ trưởng Quốc phòng SCO", "Các bộ trưởng thảo luận.", ("defence",)),
        ("it", "Riunione dei ministri della Difesa della SCO", "Si è discusso.", ("defence",)),
        ("sr", "Састанак секретара савета безбедности ЗНД", "Разговор.", ("security",)),
        ("hr", "Sastanak visokih predstavnika za sigurnost", "Razgovor.", ("security",)),
        ("pl", "Spotkanie ministrów spraw zagranicznych SzOW", "Rozmowy.", ("foreign",)),
        # news calls many a meeting a summit: one of security is no meeting of heads of state
        ("es", "Culmina cumbre de seguridad en Moscú", "Hablaron de terrorismo.", ()),
        ("en", "Moscow security summit opens", "Delegates arrived.", ()),
        ("zh", "安全峰会在莫斯科开幕", "代表抵达。", ()),
        ("ru", "Саммит Организации Договора о коллективной безопасности прошел в Бишкеке", "Главы государств встретились.", ("leaders",)),
        # a person's title is not a meeting of such officials
        ("en", "Defence Minister Petrov visits Minsk", "He met students.", ()),
    ],
)  # fmt: skip
def test_who_meets(lang: str, title: str | None, text: str, formats: tuple[str, ...]) -> None:
    assert meeting_formats(text, title, lang=lang) == formats


def test_a_joint_session_names_several_formats() -> None:
    text = "A joint session of the CSTO foreign ministers, defence ministers and security council secretaries opened."
    assert meeting_formats(text, None, lang="en") == ("security", "defence", "foreign")


def test_the_convener_is_the_organization_of_the_headline_and_lead() -> None:
    kinds = {"org:sco": "intergovernmental_org", "org:asean": "intergovernmental_org",
             "org:arab-league": "intergovernmental_org", "loc:astana": "city"}  # fmt: skip
    text = (
        "The SCO security council secretaries met in Astana on Tuesday."
        + " The talks covered terrorism and drug trafficking in the region." * 5
        + " Guests came from ASEAN, the Arab League and ASEAN again."
    )
    mentions = [
        Mention(text.index(name, start), text.index(name, start) + len(name), name, "ORG", key)
        for name, key, start in [
            ("SCO", "org:sco", 0), ("Astana", "loc:astana", 0), ("ASEAN", "org:asean", 0),
            ("Arab League", "org:arab-league", 0), ("ASEAN", "org:asean", text.index("again") - 8),
        ]
    ]  # fmt: skip
    assert conveners(text, mentions, kinds) == ("org:sco",)
    # the title, appended after the text (Article.document), counts as lead
    extra = Mention(len(text) + 2, len(text) + 7, "ASEAN", "ORG", "org:asean")
    assert conveners(text, [*mentions, extra], kinds) == ("org:asean", "org:sco")


def test_organizations_listed_together_are_participants_not_conveners() -> None:
    kinds = {key: "intergovernmental_org" for key in ("org:brics", "org:sco", "org:au", "org:csto")}
    text = "The meeting gathered delegations from BRICS, the SCO and the AU. The CSTO hosted it."
    mentions = [
        Mention(text.index(name), text.index(name) + len(name), name, "ORG", key)
        for name, key in [("BRICS", "org:brics"), ("SCO", "org:sco"), ("AU", "org:au"), ("CSTO", "org:csto")]
    ]  # fmt: skip
    assert conveners(text, mentions, kinds) == ("org:csto",)


def test_the_place_is_the_city_the_headline_or_lead_names_first_datelines_left_out() -> None:
    kinds = {"loc:moscow": "city", "loc:minsk": "city", "loc:kremlin": "venue",
             "loc:belarus": "country"}  # fmt: skip

    def place(text: str, title: str | None, names: dict[str, str]) -> str | None:
        article = Article(id="a", text=text, title=title)
        document = article.document
        mentions = [
            Mention(document.index(n), document.index(n) + len(n), n, "LOC", key)
            for n, key in names.items()
        ]
        found = lead_place(document, len(text), mentions, kinds)
        return found.key if found else None

    filed = "MOSCOW, May 5 (TASS) - Secretaries met in Minsk, Belarus."
    assert place(filed, None, {"MOSCOW": "loc:moscow", "Minsk": "loc:minsk"}) == "loc:minsk"
    # the headline comes before the body
    body = "Secretaries met in Minsk on Tuesday."
    assert place(
        body, "Talks in the Kremlin", {"Minsk": "loc:minsk", "Kremlin": "loc:kremlin"}
    ) == ("loc:kremlin")
    # a country is no city; a city past the lead is background
    assert place("Secretaries met in Belarus.", None, {"Belarus": "loc:belarus"}) is None
    late = "Secretaries met on Tuesday." + " They talked." * 40 + " Last year: Moscow."
    assert place(late, None, {"Moscow": "loc:moscow"}) is None
