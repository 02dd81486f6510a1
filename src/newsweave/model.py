"""Core records of newsweave.

Records are frozen and slotted: stages return new records instead of mutating their input, and
every record can be stored and reloaded without loss (``to_dict``/``from_dict`` live in the
store, not here). Offsets are character offsets into ``Article.document``: the normalized
text, then the title when the text lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityType = Literal["PER", "ORG", "LOC", "EVT"]
Qualifier = Literal["exact", "more_than", "at_least", "about", "up_to", "less_than"]
Granularity = Literal["day", "month", "monthday"]  # monthday: year unknown


# A title whose opening is found in the text is already part of it.
_TITLE_PROBE = 60


@dataclass(frozen=True, slots=True)
class Article:
    """One report as read from the input, after text normalization."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    domain: str | None = None
    lang_hint: str | None = None
    published: date | None = None
    origin: str | None = None  # file (and line) the article was read from

    @property
    def document(self) -> str:
        """What the analysis stages read, and what their offsets point into.

        The text, followed by the title when the text does not already hold it: titles carry
        the edition ("Ninth Moscow Conference"), the place and the people, and many pages
        print them apart from the body. Appending keeps every offset into ``text`` valid;
        offsets past its end fall in the title.
        """
        title = (self.title or "").strip()
        if not title or title[:_TITLE_PROBE] in self.text:
            return self.text
        return f"{self.text}\n\n{title}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming a person, organization, place or event."""

    start: int
    end: int
    text: str
    type: EntityType
    key: str  # gazetteer id ("per:sergei-shoigu") or a cross-script name key ("k:sgy")
    source: str = "gazetteer"  # which recognizer found it


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in the text, resolved to a calendar day (or month/year)."""

    start: int
    end: int
    text: str
    value: date
    granularity: Granularity = "day"
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition number of a meeting series ("13th", "XIII", "тринадцатая")."""

    start: int
    end: int
    text: str
    number: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported count: a number, its qualifier and the canonical kind of what is counted."""

    start: int
    end: int
    text: str
    value: int
    kind: str
    qualifier: Qualifier = "exact"
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass(frozen=True, slots=True)
class Citation:
    """An attribution to another source: "according to TASS", "به گزارش ایرنا"."""

    start: int
    end: int
    text: str
    source: str  # canonical source key, e.g. "org:tass"


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the per-article stages found in one article."""

    article_id: str
    lang: str = "und"
    lang_score: float = 0.0
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    editions: tuple[Edition, ...] = ()
    figures: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    topics: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()  # distinctive numbers stated (not years)
    event_date: date | None = None  # best guess of when the reported happening took place
    event_date_source: str = "none"  # how it was found (see analyze.dates.DATE_SOURCES)
    duration: int | None = None  # days it says the happening lasts (analyze.durations)
    # the people of a two-party meeting the headline or lead tells of (analyze.focus)
    parties: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # who the headline and lead say meets (analyze.focus)
    conveners: tuple[str, ...] = ()  # organizations the headline and lead name most (focus)
    place: str | None = None  # the city or venue the headline and lead put it in (focus)
    # Offices people are named in, as "person@org" of the gazetteer's roles (entities)
    offices: tuple[str, ...] = ()
    boilerplate_removed: int = 0


@dataclass(frozen=True, slots=True)
class LearnedAlias:
    """An entity key found to name the same entity as another (see ``link.aliases``)."""

    alias: str  # the key that names the same entity
    entity: str  # the key it resolves to
    rule: str  # "variant" | "surname"
    event_id: str  # the event whose reports gave the evidence
    evidence: str  # the two spellings, as skeletons


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an article belongs to an event: the signals and their scores."""

    article_id: str
    event_id: str
    score: float
    signals: dict[str, float | str] = field(default_factory=dict)
    linked_to: str | None = None  # the member article that gave the strongest link


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world happening: one meeting, same dates, same place."""

    id: str
    title: str
    start: date | None
    end: date | None
    languages: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    lang: str
    count: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person, organization or place and the ways it was written."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[Alias, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's value for one kind of figure in one event."""

    kind: str
    value: int
    qualifier: Qualifier
    article_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateClaim:
    """When one report says the event took place, and whether that fits the event's dates.

    ``basis`` is how the report's date was found (``analyze.dates.DATE_SOURCES``): from its
    text ("text", "text_only", "monthday": day and month, no year; "month_only"), or its
    publication date when the text names none ("published": no sentence, offsets -1).
    """

    article_id: str
    value: date
    granularity: Granularity
    basis: str
    sentence: str
    start: int
    end: int
    agrees: bool  # within CONSENSUS_DAYS of the event's dates (or the event has none)


@dataclass(frozen=True, slots=True)
class PlaceClaim:
    """Where one report puts the event: the city or venue its headline or lead names first."""

    article_id: str
    place: str  # entity key
    sentence: str
    start: int
    end: int
    agrees: bool  # the event's place (or the event has none)


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Claims about the same thing that no single true value can satisfy."""

    event_id: str
    kind: str
    sides: tuple[tuple[str, tuple[str, ...]], ...]  # (value as said, article ids)
    note: str = ""


@dataclass(frozen=True, slots=True)
class IngestIssue:
    """An input item that was skipped, and why."""

    origin: str
    code: str
    message: str
