"""The built-in per-article stages, registered by name for pipeline configs.

Each stage wraps a pure function of its module; resources (models, gazetteers) are loaded
once, lazily, when the stage first runs, never at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..pipeline import Doc, register


class LanguageStage:
    """Detect each article's language (the input's ``lang`` is only a hint)."""

    name, version = "language", "1"
    needs = frozenset({"article.text"})
    provides = frozenset({"analysis.lang"})

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        from .language import detect_language

        out = []
        for doc in docs:
            title = doc.article.title or ""
            lang, score = detect_language(
                f"{title}\n{doc.article.text}", hint=doc.article.lang_hint
            )
            out.append(replace(doc, analysis=replace(doc.analysis, lang=lang, lang_score=score)))
        return out


class EntitiesStage:
    """Mentions of people, organizations and places.

    Gazetteer first, then the language's statistical recognizer (natasha for Russian, a CRF
    where one ships), names introduced by titles, and name-like capitalized runs; unknown
    names carry a cross-script key (see ``analyze.entities``). Also the gazetteer posts people
    are named in ("Secretary of the Security Council Sergei Shoigu").
    """

    # 2: statistical NER, titles, no generic capitalized runs; 3: reads Article.document;
    # 4: stems end before a vowel; 5: country names that are words in the text are not
    name, version = "entities", "15"
    needs = frozenset({"article.text", "analysis.lang"})
    provides = frozenset({"analysis.mentions", "analysis.offices"})

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        from ..resources import default_gazetteer
        from .entities import extract_mentions, person_offices
        from .ner import load_recognizer

        gazetteer = default_gazetteer()
        out = []
        for doc in docs:
            lang = doc.analysis.lang
            mentions = extract_mentions(
                doc.article.document,
                lang=lang,
                gazetteer=gazetteer,
                recognizer=load_recognizer(lang),
            )
            offices = person_offices(doc.article.document, mentions, gazetteer)
            analysis = replace(doc.analysis, mentions=tuple(mentions), offices=offices)
            out.append(replace(doc, analysis=analysis))
        return out


class FocusStage:
    """What the headline and lead say the report is about: a meeting between two parties (a
    sideline bilateral), who meets (defence ministers, heads of state, ...), which
    organization convenes it, and where."""

    # 2: meeting formats and conveners; 3: place; 8: the parties of a two-party meeting
    name, version = "focus", "8"
    needs = frozenset({"article.text", "analysis.lang", "analysis.mentions"})
    provides = frozenset(
        {"analysis.parties", "analysis.formats", "analysis.conveners", "analysis.place"}
    )

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        from ..resources import gazetteer_kinds
        from .focus import bilateral_parties, conveners, lead_place, meeting_formats

        kinds = gazetteer_kinds()
        out = []
        for doc in docs:
            text, title, lang = doc.article.text, doc.article.title, doc.analysis.lang
            mentions = doc.analysis.mentions
            place = lead_place(doc.article.document, len(text), mentions, kinds)
            found = replace(
                doc.analysis,
                parties=bilateral_parties(text, title, mentions, lang=lang),
                formats=meeting_formats(text, title, lang=lang),
                conveners=conveners(text, mentions, kinds),
                place=place.key if place else None,
            )
            out.append(replace(doc, analysis=found))
        return out


class DatesStage:
    """Dates in the text, relative ones resolved, the event date they imply, and how long
    the text says the happening lasts."""

    # 2: the event date says where it came from; 3: reads Article.document, and sentences
    # about other editions do not vote; 4: a day with a borrowed year counts as day and
    # month; 5: duration; 7: photo captions do not vote
    name, version = "dates", "7"
    needs = frozenset({"article.text", "article.published", "analysis.lang", "analysis.editions"})
    provides = frozenset({"analysis.dates", "analysis.event_date", "analysis.duration"})

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        from .dates import extract_dates, infer_event_date
        from .durations import stated_duration
        from .editions import other_edition_sentences
        from .normalize import photo_captions

        out = []
        for doc in docs:
            dates = extract_dates(
                doc.article.document, lang=doc.analysis.lang, published=doc.article.published
            )
            apart = [
                *other_edition_sentences(doc.article.document, doc.analysis.editions),
                *photo_captions(doc.article.document),
            ]
            event_date, source = infer_event_date(dates, doc.article.published, exclude=apart)
            analysis = replace(
                doc.analysis,
                dates=dates,
                event_date=event_date,
                event_date_source=source,
                duration=stated_duration(doc.article.document, lang=doc.analysis.lang),
            )
            out.append(replace(doc, analysis=analysis))
        return out


class _TextStage:
    """A stage that sets one analysis field from the article's text and language."""

    name: str
    version: str
    field: str
    needs = frozenset({"article.text", "analysis.lang"})
    provides: frozenset[str]

    def extract(self, doc: Doc) -> Any:
        raise NotImplementedError

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        return [
            replace(doc, analysis=replace(doc.analysis, **{self.field: self.extract(doc)}))
            for doc in docs
        ]


class EditionsStage(_TextStage):
    """Edition numbers of meeting series ("13th", "XIII", "سیزدهمین")."""

    name, version, field = "editions", "3", "editions"  # 2: reads Article.document
    provides = frozenset({"analysis.editions"})

    def extract(self, doc: Doc) -> Any:
        from .editions import extract_editions

        return extract_editions(doc.article.document, lang=doc.analysis.lang)


class NumbersStage(_TextStage):
    """Distinctive numbers in the text, a language-independent link between reports."""

    name, version, field = "numbers", "2", "numbers"  # 2: reads Article.document
    needs = frozenset({"article.text"})
    provides = frozenset({"analysis.numbers"})

    def extract(self, doc: Doc) -> Any:
        from .numbers import distinctive_numbers

        return distinctive_numbers(doc.article.document)


class FiguresStage(_TextStage):
    """Reported counts with qualifier and canonical kind ("more than 129 delegations")."""

    # 2: reads Article.document; 3: ministers or leaders of N countries count N
    name, version, field = "figures", "4", "figures"
    provides = frozenset({"analysis.figures"})

    def extract(self, doc: Doc) -> Any:
        from .figures import extract_figures

        return extract_figures(doc.article.document, lang=doc.analysis.lang)


class CitationsStage(_TextStage):
    """Attributions to other sources ("according to TASS", "به گزارش ایرنا")."""

    name, version, field = "citations", "2", "citations"  # 2: reads Article.document
    provides = frozenset({"analysis.citations"})

    def extract(self, doc: Doc) -> Any:
        from .citations import extract_citations

        return extract_citations(doc.article.document, lang=doc.analysis.lang)


class TopicsStage(_TextStage):
    """Topics from the versioned multilingual taxonomy (terrorism, drugs, cybersecurity...)."""

    name, version, field = "topics", "1", "topics"
    provides = frozenset({"analysis.topics"})

    def extract(self, doc: Doc) -> Any:
        from .topics import tag_topics

        # Headlines often carry the topic ("...to fight terrorism") that the lead takes for granted.
        return tag_topics(doc.article.document, lang=doc.analysis.lang)


class EmbedStage:
    """Multilingual embedding of title and lead (multilingual-e5-small, bundled)."""

    name = "embed"
    needs = frozenset({"article.text"})
    provides = frozenset({"embedding"})

    def __init__(self) -> None:
        from .embed import E5Embedder

        self.embedder = E5Embedder()
        self.version = self.embedder.name

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        from .embed import embedding_text

        pending = [doc for doc in docs if doc.embedding is None]
        vectors = self.embedder.passages([embedding_text(doc.article) for doc in pending])
        by_id = {doc.article.id: vec for doc, vec in zip(pending, vectors, strict=True)}
        return [
            doc if doc.embedding is not None else replace(doc, embedding=by_id[doc.article.id])
            for doc in docs
        ]


register("language")(LanguageStage)
register("entities")(EntitiesStage)
register("focus")(FocusStage)
register("dates")(DatesStage)
register("editions")(EditionsStage)
register("numbers")(NumbersStage)
register("figures")(FiguresStage)
register("citations")(CitationsStage)
register("topics")(TopicsStage)
register("embed")(EmbedStage)

DEFAULT_STAGES = (
    "language",
    "entities",
    "focus",
    "editions",
    "dates",
    "numbers",
    "figures",
    "citations",
    "topics",
    "embed",
)
