"""Where the shell (readers, store) meets the core (stages, clustering).

The CLI, the REST API and the Python API all call these functions, so they behave alike.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from . import queries
from .analyze.citations import source_of_domain
from .analyze.editions import main_edition
from .analyze.embed import MODEL_NAME
from .analyze.stages import DEFAULT_STAGES
from .ingest.dedup import find_duplicates
from .ingest.readers import MAX_FILE_BYTES, expand_paths, make_article, read_paths
from .link.aliases import learn_aliases, with_learned
from .link.candidates import CandidateIndex, for_store
from .link.claims import discrepancies, event_claims, weekday_discrepancies
from .link.corrections import Constraints, build_constraints, remap_mentions
from .link.events import VERSION as EVENTS_VERSION
from .link.events import (
    DateKind,
    Features,
    PairContext,
    PairModel,
    assign,
    baseline_of,
    idf_weights,
    near_misses,
)
from .link.sources import independent_origins, source_links
from .link.summary import TRUSTED_SOURCES, event_details, summarize_event, year_by_edition
from .model import Analysis, Article, Discrepancy, Entity, Event, IngestIssue, Membership
from .pipeline import Doc, Pipeline, build_pipeline
from .records import Records
from .resources import (
    default_gazetteer,
    entity_countries,
    gazetteer_kinds,
    office_terms,
    series_conveners,
)
from .store import Store, open_store
from .store.sqlite import content_hash

log = logging.getLogger(__name__)

BATCH_SIZE = 32
CONTEXT_DAYS = 30
# Above this many articles, clustering and duplicate detection take their candidates from
# the nearest-neighbour index (link/candidates.py) instead of scanning the date window, so
# adding a report costs the same on a store of millions; below it results stay exact.
INDEX_THRESHOLD = 5_000
CANDIDATES_K = 32  # nearest reports of one new report within ±CONTEXT_DAYS
UNDATED_K = 8  # and nearest undated reports, which may belong anywhere
DUPLICATE_K = 16
NEAR_MISS_POOL = 100  # reports most similar to an event weighed as its near misses
EVENT_CONTEXT = 200  # at most this many members of a candidate's event join the context
EMBED_DIM = 384  # multilingual-e5-small

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim with its event, flat for tables and DataFrames."""

    event_id: str
    kind: str
    value: int
    qualifier: str
    article_id: str
    sentence: str
    start: int
    end: int


@dataclass
class IngestResult:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[IngestIssue] = field(default_factory=list)
    failures: int = 0
    duplicates: int = 0
    events_touched: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class Workspace:
    """A store plus the pipeline that fills it."""

    def __init__(
        self,
        store: Store,
        *,
        stages: Sequence[str] = DEFAULT_STAGES,
        event_model: PairModel | None = None,
    ) -> None:
        self.store = store
        self._stage_names = tuple(stages)
        self._pipeline: Pipeline | None = None
        self._event_model = event_model
        self._searcher: Any = None
        self._candidates: CandidateIndex | None = None

    @classmethod
    def open(cls, db: str, *, read_only: bool = False, **kwargs: Any) -> Workspace:
        return cls(open_store(db, read_only=read_only), **kwargs)

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = build_pipeline(self._stage_names)
        return self._pipeline

    def use_pipeline(self, pipeline: Any) -> None:
        """Run the per-article stages with another pipeline (e.g. a ``DistributedPipeline``)."""
        self._pipeline = pipeline

    @property
    def event_model(self) -> PairModel:
        if self._event_model is None:
            from .resources import default_event_model

            self._event_model = default_event_model()
        return self._event_model

    def close(self) -> None:
        self.store.close()

    # --- ingest ------------------------------------------------------------------------

    def ingest(
        self,
        sources: Iterable[str] | Iterable[dict[str, Any]],
        *,
        progress: Progress | None = None,
        max_file_bytes: int = MAX_FILE_BYTES,
    ) -> IngestResult:
        """Read, analyze, store and cluster. Re-running the same input adds nothing.

        Paths are checked before any work starts, so a typo fails fast instead of halfway.
        """
        sources = list(sources)
        list(expand_paths([s for s in sources if isinstance(s, str)]))
        result = IngestResult()
        changed: list[str] = []
        for batch in _batches(self._items(sources, max_file_bytes), BATCH_SIZE):
            articles = [item for item in batch if isinstance(item, Article)]
            result.issues += [item for item in batch if isinstance(item, IngestIssue)]
            result.read += len(articles)
            articles = _first_of_each_id(articles, result.issues)
            known = self.store.known_hashes([a.id for a in articles])
            todo = [a for a in articles if known.get(a.id) != content_hash(a)]
            result.unchanged += len(articles) - len(todo)
            result.updated += sum(1 for a in todo if a.id in known)
            result.added += sum(1 for a in todo if a.id not in known)
            if todo:
                changed += self._analyze(todo, result)
            if progress:
                progress(len(batch))
        if result.issues:
            self.store.put_issues(result.issues)
        self._link(changed, result)
        return result

    def reanalyze(
        self, *, everything: bool = False, progress: Progress | None = None
    ) -> IngestResult:
        """Analyze stored reports again with the current stages, and place them anew.

        A new version of newsweave finds other things (each stage has a version, stored with
        every analysis); what is stored keeps what the old stages found until it is analyzed
        again. Only reports analyzed by other stage versions are redone, unless
        ``everything``. Analyst corrections are kept and applied as in any run.
        """
        current = self.pipeline.versions
        stale = [
            article_id
            for article_id, versions in self.store.analysis_versions().items()
            if everything or versions != current
        ]
        result = IngestResult()
        changed: list[str] = []
        for batch in _batches(stale, BATCH_SIZE):
            articles = self.store.articles(batch)
            result.read += len(articles)
            result.updated += len(articles)
            changed += self._analyze(articles, result)
            if progress:
                progress(len(batch))
        self._link(changed, result)
        return result

    def _analyze(self, articles: list[Article], result: IngestResult) -> list[str]:
        """Run the stages over ``articles`` and store what they found, all or nothing."""
        report = self.pipeline.run([Doc.of(a) for a in articles])
        for stage, seconds in report.seconds.items():
            result.seconds[stage] = result.seconds.get(stage, 0.0) + seconds
        constraints = self.constraints()
        self.store.put_analyzed(
            [(d.article, d.analysis, d.embedding) for d in report.docs],
            versions=self.pipeline.versions,
            model=MODEL_NAME,
            remap=lambda mentions: remap_mentions(mentions, constraints),
        )
        if report.failures:
            result.failures += len(report.failures)
            self.store.put_failures(
                [(f.article_id, f.stage, f.code, f.message) for f in report.failures]
            )
        return [a.id for a in articles]

    def _link(self, changed: list[str], result: IngestResult) -> None:
        # Reports stored by a run killed before it clustered them are placed now.
        known = set(changed)
        changed = [*changed, *(i for i in self.store.unplaced_article_ids() if i not in known)]
        if changed:
            started = time.perf_counter()
            result.duplicates = self._link_duplicates(changed)
            result.events_touched = self._cluster(changed)
            result.seconds["link"] = time.perf_counter() - started

    def _items(
        self, sources: Iterable[str] | Iterable[dict[str, Any]], max_file_bytes: int
    ) -> Iterator[Article | IngestIssue]:
        for index, source in enumerate(sources):
            if isinstance(source, dict):
                try:
                    yield make_article(source, origin=f"record#{index}")
                except Exception as exc:  # a bad record is reported, never fatal
                    yield IngestIssue(
                        f"record#{index}", getattr(exc, "code", "bad_record"), str(exc)
                    )
            else:
                yield from read_paths([source], max_file_bytes=max_file_bytes)

    def _link_duplicates(self, changed: Sequence[str]) -> int:
        if self._indexed():
            # Only the nearest stored reports of each new one are compared, not the store.
            vectors = self.store.embeddings(changed, model=MODEL_NAME)
            dates = self.store.article_dates(changed)
            index = self.candidate_index()
            near = set(changed)
            for article_id, vector in vectors.items():
                near.update(
                    index.candidates(
                        vector,
                        dates.get(article_id),
                        k=DUPLICATE_K,
                        window_days=CONTEXT_DAYS,
                        undated=DUPLICATE_K,
                    )
                )
            vectors.update(self.store.embeddings(near - set(vectors), model=MODEL_NAME))
            texts = {a.id: a.text for a in self.store.articles(near)}
        else:
            vectors = self.store.embeddings(model=MODEL_NAME)
            texts = {a.id: a.text for a in self.store.articles()}
        rows = find_duplicates(changed, texts, vectors)
        if rows:
            self.store.put_duplicates(rows)
        return len(rows)

    def constraints(self) -> Constraints:
        """Aliases learned from the corpus and the analysts' corrections over them, as
        constraints (read fresh: another process may add some)."""
        learned = {a.alias: a.entity for a in self.store.learned_aliases()}
        return with_learned(build_constraints(self.store.corrections()), learned)

    def reapply_entities(self, keys: Iterable[str]) -> None:
        """Rewrite the stored mentions of every report naming these keys (after a correction
        or a learned alias), then refresh the events holding those reports."""
        constraints = self.constraints()
        affected = sorted({i for key in keys for i in self.store.articles_mentioning(key)})
        self.store.replace_mentions(
            {
                i: (a.lang, remap_mentions(a.mentions, constraints))
                for i, a in self.store.analyses(affected).items()
            }
        )
        self.refresh_events({m.event_id for m in self.store.memberships(affected).values()})

    def _learn_aliases(
        self,
        members: Mapping[str, Sequence[str]],
        analyses: Mapping[str, Analysis],
        constraints: Constraints,
    ) -> int:
        """Learn aliases from the reports of these events (``analyses``: their mentions under
        ``constraints``); rewrite the mentions they rename wherever they are stored, and
        refresh the events holding them."""
        events = {
            e: [m for i in group if i in analyses for m in analyses[i].mentions]
            for e, group in members.items()
        }
        new = learn_aliases(events, known=constraints.key_remap)
        if not new or not self.store.put_learned_aliases(new):
            return 0
        self.reapply_entities([a.alias for a in new])
        log.info(
            "learned %d aliases: %s", len(new), ", ".join(f"{a.alias}→{a.entity}" for a in new)
        )
        return len(new)

    def recluster(self, article_ids: Sequence[str] | None = None) -> int:
        """Place these articles (all, when None) anew, respecting every correction."""
        ids = (
            list(article_ids) if article_ids is not None else [a.id for a in self.store.articles()]
        )
        return self._cluster(ids)

    def _indexed(self) -> bool:
        """Whether the store is large enough for candidates from the index (once it was,
        it stays so for this workspace: counting a large store is itself a scan)."""
        return self._candidates is not None or self.store.count_articles() > INDEX_THRESHOLD

    def candidate_index(self) -> CandidateIndex:
        """The nearest-neighbour index of stored reports, caught up with the store (it
        reads back what ``put_analyzed`` wrote since the last call, or rebuilds)."""
        self._candidates = for_store(
            self.store, model=MODEL_NAME, ndim=EMBED_DIM, index=self._candidates
        )
        return self._candidates

    def _cluster(self, changed: Sequence[str]) -> int:
        if self._indexed():
            return self._cluster_indexed(changed)
        changed_set = set(changed)
        constraints = self.constraints()
        analyses = self._remapped(None, constraints)
        new_dates = [analyses[i].event_date for i in changed if analyses[i].event_date]
        if new_dates:
            lo = min(new_dates) - timedelta(days=CONTEXT_DAYS)
            hi = max(new_dates) + timedelta(days=CONTEXT_DAYS)
            near = set(self.store.article_ids_near(lo, hi))
        else:
            near = set(analyses)
        previous = self.store.memberships()
        current = {
            article_id: m.event_id
            for article_id, m in previous.items()
            if article_id not in changed_set
        }
        # Events that lose a re-analyzed member need their summary redone too.
        left = {previous[i].event_id for i in changed if i in previous}
        context_ids = [i for i in near if i in current]
        vectors = self.store.embeddings([*changed, *context_ids], model=MODEL_NAME)
        features = {
            i: article_features(analyses[i], vectors[i])
            for i in [*changed, *context_ids]
            if i in vectors
        }
        memberships = assign(
            [features[i] for i in changed if i in features],
            [features[i] for i in context_ids if i in features],
            current,
            ctx=pair_context(analyses.values(), features.values()),
            model=self.event_model,
            must_link=constraints.must_link,
            cannot_link=constraints.cannot_link,
        )
        touched = {m.event_id for m in memberships} | left
        members: dict[str, list[str]] = {}
        for article_id, event_id in current.items():
            if event_id in touched:
                members.setdefault(event_id, []).append(article_id)
        for m in memberships:
            members.setdefault(m.event_id, []).append(m.article_id)
        self._summarize(members, analyses, constraints, memberships=memberships)
        self._learn_aliases(members, analyses, constraints)
        return len(members)

    def _cluster_indexed(self, changed: Sequence[str]) -> int:
        """``_cluster`` for large stores: each new report is scored against its nearest
        stored reports in the date window (and the other members of their events), and key
        rarity comes from the store's document frequencies; nothing loads the whole store."""
        changed = list(dict.fromkeys(changed))
        changed_set = set(changed)
        constraints = self.constraints()
        analyses = self._remapped(changed, constraints)
        vectors = self.store.embeddings(changed, model=MODEL_NAME)
        index = self.candidate_index()
        partners: dict[str, set[str]] = {}
        for i in changed:
            if i in vectors and i in analyses:
                found = index.candidates(
                    vectors[i],
                    analyses[i].event_date,
                    k=CANDIDATES_K,
                    window_days=CONTEXT_DAYS,
                    undated=UNDATED_K,
                )
                partners[i] = set(found) - {i}
        for a, b in constraints.must_link:
            if a in partners:
                partners[a].add(b)
            if b in partners:
                partners[b].add(a)
        pool = set().union(*partners.values()) - changed_set
        previous = self.store.memberships([*changed, *pool])
        # Events that lose a re-analyzed member need their summary redone too.
        left = {previous[i].event_id for i in changed if i in previous}
        seeds = {previous[i].event_id for i in pool if i in previous}
        event_members = self.store.members_of_events(seeds)
        current = {i: e for e, ids in event_members.items() for i in ids if i not in changed_set}
        # The same window as the exact path: within CONTEXT_DAYS of the new dates, or undated.
        new_dates = [analyses[i].event_date for i in changed if i in analyses]
        known = [d for d in new_dates if d]
        dates = self.store.article_dates(current)
        if known:
            lo = min(known) - timedelta(days=CONTEXT_DAYS)
            hi = max(known) + timedelta(days=CONTEXT_DAYS)
            current = {
                i: e for i, e in current.items() if (d := dates.get(i)) is None or lo <= d <= hi
            }
        current = _cap_events(current, pool, dates, limit=EVENT_CONTEXT)
        context_ids = sorted(current)
        analyses.update(self._remapped([i for i in context_ids if i not in analyses], constraints))
        vectors.update(
            self.store.embeddings([i for i in context_ids if i not in vectors], model=MODEL_NAME)
        )
        features = {
            i: article_features(analyses[i], vectors[i])
            for i in [*changed, *context_ids]
            if i in vectors and i in analyses
        }
        allowed = {
            i: {j for j in found if j in changed_set or j in current}
            | {j for j in context_ids if current[j] in {current.get(p) for p in found}}
            for i, found in partners.items()
        }
        memberships = assign(
            [features[i] for i in changed if i in features],
            [features[i] for i in context_ids if i in features],
            current,
            ctx=pair_context_from_store(
                self.store, features.values(), articles=(index.fingerprint or (0, 0))[0]
            ),
            model=self.event_model,
            must_link=constraints.must_link,
            cannot_link=constraints.cannot_link,
            candidates=allowed,
        )
        touched = {m.event_id for m in memberships} | left
        members: dict[str, list[str]] = {
            e: [i for i in ids if i not in changed_set]
            for e, ids in self.store.members_of_events(touched).items()
        }
        for m in memberships:
            members.setdefault(m.event_id, []).append(m.article_id)
        analyses.update(
            self._remapped(
                [i for ids in members.values() for i in ids if i not in analyses], constraints
            )
        )
        self._summarize(members, analyses, constraints, memberships=memberships)
        self._learn_aliases(members, analyses, constraints)
        return len(members)

    def _remapped(self, ids: Iterable[str] | None, constraints: Constraints) -> dict[str, Analysis]:
        """Stored analyses (all when ``ids`` is None) with the analyst's entity corrections."""
        return {
            i: replace(a, mentions=remap_mentions(a.mentions, constraints))
            for i, a in self.store.analyses(ids).items()
        }

    def near_misses(self, event_id: str, *, limit: int = 5) -> list[queries.NearMiss]:
        """Reports outside the event that nearly joined it (``link.events.near_misses``).

        Candidates are the reports clustering would have weighed: within ``CONTEXT_DAYS`` of
        the event's dates or undated (on large stores, the members' nearest neighbours), the
        ``NEAR_MISS_POOL`` most similar to the event kept; a long-running event is weighed by
        its latest ``EVENT_CONTEXT`` members, as clustering weighs it.
        """
        ids = self.store.event(event_id).article_ids
        members = list(
            _cap_events(
                dict.fromkeys(ids, event_id),
                set(),
                self.store.article_dates(ids),
                limit=EVENT_CONTEXT,
            )
        )
        constraints = self.constraints()
        analyses = self._remapped(members, constraints)
        vectors = self.store.embeddings(members, model=MODEL_NAME)
        if self._indexed():
            index = self.candidate_index()
            pool = {
                j
                for i in members
                if i in vectors and i in analyses
                for j in index.candidates(
                    vectors[i],
                    analyses[i].event_date,
                    k=CANDIDATES_K,
                    window_days=CONTEXT_DAYS,
                    undated=UNDATED_K,
                )
            }
        else:
            dates = [a.event_date for a in analyses.values() if a.event_date]
            lo = min(dates) - timedelta(days=CONTEXT_DAYS) if dates else date.min
            hi = max(dates) + timedelta(days=CONTEXT_DAYS) if dates else date.max
            pool = set(self.store.article_ids_near(lo, hi))
        pool -= set(members)
        others = self.store.embeddings(pool, model=MODEL_NAME)
        if not others or not vectors:
            return []
        centre = np.mean(list(vectors.values()), axis=0)
        nearest = sorted(others, key=lambda i: (-float(np.dot(others[i], centre)), i))
        kept = nearest[:NEAR_MISS_POOL]
        vectors.update({i: others[i] for i in kept})
        analyses.update(self._remapped(kept, constraints))
        features = {i: article_features(analyses[i], vectors[i]) for i in analyses if i in vectors}
        misses = near_misses(
            [features[i] for i in members if i in features],
            [features[i] for i in kept if i in features],
            event_id,
            ctx=pair_context_from_store(self.store, features.values()),
            model=self.event_model,
            cannot_link=constraints.cannot_link,
        )
        return queries.near_miss_views(self.store, event_id, misses[:limit])

    def refresh_events(self, event_ids: Iterable[str]) -> None:
        """Redo the summaries and details of events without moving any report."""
        constraints = self.constraints()
        members = {e: self.store.event_members(e) for e in event_ids}
        analyses = {
            i: replace(a, mentions=remap_mentions(a.mentions, constraints))
            for i, a in self.store.analyses([i for ids in members.values() for i in ids]).items()
        }
        self._summarize(members, analyses, constraints)

    def _summarize(
        self,
        members: Mapping[str, list[str]],
        analyses: Mapping[str, Analysis],
        constraints: Constraints,
        *,
        memberships: Sequence[Membership] = (),
    ) -> None:
        """Store new memberships with the summaries of the events they touch, then details."""
        articles = {
            a.id: a for a in self.store.articles([i for ids in members.values() for i in ids])
        }
        events = [
            summarize_event(
                event_id, [articles[i] for i in ids], analyses, titles=constraints.titles
            )
            for event_id, ids in members.items()
            if ids
        ]
        bases: dict[str, str] = {}
        for k, event in enumerate(events):
            if event.start is None:
                dated = self._date_by_edition(event, analyses)
                if dated is not None:
                    events[k], bases[event.id] = dated
        self.store.put_clustering(memberships, events, version=EVENTS_VERSION)
        for event in events:
            self._refresh_details(
                event,
                [articles[i] for i in event.article_ids],
                analyses,
                constraints,
                date_basis=bases.get(event.id),
            )

    def _date_by_edition(
        self, event: Event, analyses: Mapping[str, Analysis]
    ) -> tuple[Event, str] | None:
        """The year of an event whose reports give day and month only, from the dated
        editions of its annual series elsewhere in the store (``year_by_edition``)."""
        members = [analyses[i] for i in event.article_ids if i in analyses]
        edition = main_edition([e for a in members for e in a.editions])
        series = Counter(m.key for a in members for m in a.mentions if _period(m.key) == "annual")
        if edition is None or not series:
            return None
        key = series.most_common(1)[0][0]
        others = [i for i in self.store.articles_mentioning(key) if i not in event.article_ids]
        references = []
        for other in self.store.analyses(others).values():
            number = main_edition(other.editions)
            if number and other.event_date and other.event_date_source in TRUSTED_SOURCES:
                references.append((number, other.event_date))
        found = year_by_edition(members, edition, references)
        if found is None:
            return None
        start, end, reference, when = found
        name = display_names(self.store, [key])[key]
        basis = (
            f"year inferred: edition {edition} of {name}, an annual series whose edition "
            f"{reference} a report dates {when.isoformat()}"
        )
        return replace(event, start=start, end=end), basis

    def _refresh_details(
        self,
        event: Event,
        articles: Sequence[Article],
        analyses: Mapping[str, Analysis],
        constraints: Constraints,
        *,
        date_basis: str | None = None,
    ) -> None:
        """Claims, discrepancies, sources and entities of one event, stored with it."""
        names = display_names(
            self.store, {m.key for a in articles for m in analyses[a.id].mentions}, constraints
        )
        details = event_details(articles, analyses, names=names, place_kinds=gazetteer_kinds())
        if date_basis:
            details["date_basis"] = date_basis
        duplicates = {
            copy: original
            for copy, original, _, _ in self.store.duplicates([a.id for a in articles])
        }
        links = source_links(
            articles,
            analyses,
            duplicates,
            {a.id: source_of_domain(a.domain or a.url) for a in articles},
        )
        details["sources"] = [
            {
                "article": link.article_id,
                "publisher": link.publisher,
                "cites": list(link.cites),
                "copy_of": link.copy_of,
                "origin": link.origin,
            }
            for link in links
        ]
        details["independent_reports"] = len(independent_origins(links))
        claims = event_claims(
            articles, analyses, event_year=event.start.year if event.start else None
        )
        found = discrepancies(event.id, claims) + weekday_discrepancies(
            event.id, articles, analyses
        )
        self.store.put_event_details(event.id, details, claims, found)

    # --- reading -----------------------------------------------------------------------

    def events(self, **filters: Any) -> Records[Event]:
        """Events, newest first; filters: since, until, lang, entity, topic, source, sort.

        >>> ws.events(since="2025-05-01", entity="Шойгу").to_pandas()  # doctest: +SKIP
        """
        return Records(queries.list_events(self.store, **filters))

    def event(self, event_id: str) -> queries.EventView:
        return queries.event_view(self.store, event_id)

    def entities(self, *, type: str | None = None, limit: int | None = None) -> Records[Entity]:
        return Records(queries.list_entities(self.store, type=type, limit=limit))

    def entity(self, name_or_id: str) -> queries.EntityView:
        """An entity by any spelling ("Шойгу", "شویگو", "Shoigu") or id."""
        return queries.entity_view(self.store, name_or_id)

    def claims(self, event: str | None = None) -> Records[ClaimRow]:
        return Records(ClaimRow(event_id, *astuple(c)) for event_id, c in self.store.claims(event))

    def discrepancies(self, event: str | None = None) -> Records[Discrepancy]:
        return Records(self.store.discrepancies(event))

    def search(self, query: str, *, mode: str = "semantic", limit: int = 30) -> Records[Any]:
        """Reports matching ``query``: "semantic" (cross-lingual, e5) or "text" (FTS5)."""
        from . import search

        if mode == "text":
            return Records(search.text_search(self.store, query, limit=limit))
        if self._searcher is None:
            self._searcher = search.Searcher()
        return Records(self._searcher.semantic(self.store, query, limit=limit))

    def sources(self) -> Records[dict[str, Any]]:
        return Records(queries.sources(self.store))

    def explain(self, article_id: str) -> tuple[Article, Membership | None]:
        article = self.store.article(article_id)
        return article, self.store.memberships([article_id]).get(article_id)


# Naming the same news agency or the same part of the world ("Latin America", "the Middle
# East") says nothing about reporting the same happening.
UNTELLING_KINDS = frozenset({"news_agency", "broadcaster", "newspaper", "media", "world_region"})
_DATE_KINDS: dict[str, DateKind] = {
    "text": "reliable",
    "published": "reliable",
    "text_only": "unchecked",
    "monthday": "monthday",
}


def entity_keys(analysis: Analysis) -> frozenset[str]:
    return frozenset(m.key for m in analysis.mentions if _kind(m.key) not in UNTELLING_KINDS)


def pair_context(analyses: Iterable[Analysis], features: Iterable[Features]) -> PairContext:
    """Key rarity over all stored analyses, key classes, and the similarity baseline."""
    keys = [entity_keys(a) for a in analyses]
    idf = idf_weights(keys)
    features = list(features)
    return PairContext(
        idf=idf,
        classes={key: key_class(key) for key in idf},
        baseline=baseline_of(features),
    )


def pair_context_from_store(
    store: Store, features: Iterable[Features], *, articles: int | None = None
) -> PairContext:
    """``pair_context`` for large stores: key rarity from the store's document frequencies
    (kept by the store as mentions are written) for just the keys at hand, so it costs the
    same on a store of millions. The formula is ``idf_weights``'s; ``articles`` (the number
    of analyzed articles, counted when None) may be approximate: it moves every weight alike.
    """
    features = list(features)
    keys = {key for f in features for key in f.keys}
    df = store.key_frequencies(keys)
    n = store.count_analyses() if articles is None else articles
    idf = {key: math.log((n + 1) / (count + 0.5)) for key, count in df.items()}
    return PairContext(
        idf=idf,
        classes={key: key_class(key) for key in keys},
        baseline=baseline_of(features),
    )


def key_class(key: str) -> str:
    """Which of ``link.events.KEY_CLASSES`` an entity key belongs to."""
    kind = _kind(key)
    if key.startswith("per:"):
        return "people"
    if key.startswith("org:"):
        return "orgs"
    if key.startswith("loc:"):
        return "countries" if kind == "country" else "places"
    return "names"


def article_features(analysis: Analysis, vector: Any) -> Features:
    editions = Counter(e.number for e in analysis.editions)
    return Features(
        id=analysis.article_id,
        vector=vector,
        event_date=analysis.event_date,
        date_kind=_DATE_KINDS.get(analysis.event_date_source, "none"),
        editions=tuple(n for n, _ in editions.most_common()),
        keys=entity_keys(analysis),
        # A report of the Moscow Conference on International Security may name the
        # conference, another its host, the Ministry of Defence: one series.
        series=frozenset(analysis.conveners)
        | {series_conveners()[k] for k in analysis.conveners if k in series_conveners()},
        numbers=frozenset(analysis.numbers),
        lang=analysis.lang,
        parties=frozenset(analysis.parties),
        formats=frozenset(analysis.formats),
        place_country=entity_countries().get(analysis.place) if analysis.place else None,
        terms=frozenset(
            (office.partition("@")[0], *office_terms()[office])
            for office in analysis.offices
            if office in office_terms()
        ),
    )


def _kind(key: str) -> str | None:
    return gazetteer_kinds().get(key)


def _period(key: str) -> str | None:
    entry = default_gazetteer().entries.get(key)
    return entry.period if entry else None


def display_names(
    store: Store, keys: Iterable[str], constraints: Constraints | None = None
) -> dict[str, str]:
    """English display names: an analyst's, the gazetteer's, else the most used spelling."""
    entries = default_gazetteer().entries
    overrides = constraints.entity_names if constraints else {}
    names = {}
    for key in keys:
        if key in overrides:
            names[key] = overrides[key]
        elif key in entries:
            names[key] = entries[key].name
        else:
            aliases = store.aliases(key)
            latin = [a for a in aliases if a[0].isascii()]
            names[key] = (latin or aliases)[0][0] if aliases else key
    return names


def _cap_events(
    current: Mapping[str, str], pool: set[str], dates: Mapping[str, Any], *, limit: int
) -> dict[str, str]:
    """At most ``limit`` members per event: a long-running story keeps the members found
    as candidates, then its latest ones (undated last)."""
    by_event: dict[str, list[str]] = {}
    for article_id, event_id in current.items():
        by_event.setdefault(event_id, []).append(article_id)
    out: dict[str, str] = {}
    for event_id, ids in by_event.items():
        if len(ids) > limit:
            ids = sorted(
                ids,
                key=lambda i: (i not in pool, -(dates[i].toordinal() if dates.get(i) else 0), i),
            )[:limit]
        out.update(dict.fromkeys(ids, event_id))
    return out


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _first_of_each_id(articles: list[Article], issues: list[IngestIssue]) -> list[Article]:
    seen: dict[str, Article] = {}
    for article in articles:
        if article.id in seen:
            issues.append(
                IngestIssue(
                    article.origin or article.id, "duplicate_id", f"id {article.id} repeated"
                )
            )
            continue
        seen[article.id] = article
    return list(seen.values())
