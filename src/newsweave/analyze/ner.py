"""Per-language statistical NER adapters: natasha for Russian, small CRF taggers for others.

A recognizer is a callable ``text -> list[Span]`` with character offsets. ``load_recognizer``
returns the one for a language, or ``None`` when there is none (no model, or the optional
package is missing): entity extraction then falls back to the gazetteer and patterns.

- ru: natasha (slovnet news NER, bundled weights, MIT). Person names are also lemmatized with
  pymorphy2 (Хорняком → хорняк) so that inflected forms get one cross-script key.
- other languages: a linear-chain CRF (python-crfsuite, MIT) over orthographic and context
  features plus where the bundled e5 encoder places each word (``WordVectors``), trained by
  ``bench/ner.py --train`` on the *training* split of a public NER set and shipped as
  ``resources/ner-<lang>.crfsuite`` (+ ``.words.npz``) when its license allows (see
  resources/GAZETTEER.md, section "NER models"). Models trained by a user are read from
  ``$NEWSWEAVE_NER_MODELS`` first.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..model import EntityType

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*|\S", re.UNICODE)
_SENTENCE_END = frozenset(".!?؟。…")
# Contextual state features, chosen on RONEC valid (80/20 split): 64 and 128 dimensions tie;
# after 4, 6, 8 and 12 of e5's 12 layers F1 0.719, 0.737, 0.739, 0.702 there: 6 costs half.
STATE_DIMS = 64
STATE_LAYERS = 6


@dataclass(frozen=True, slots=True)
class Span:
    """A recognized name: offsets into the text, its type, and its base form when known."""

    start: int
    end: int
    type: EntityType
    normal: str | None = None


Recognizer = Callable[[str], list[Span]]


@lru_cache(maxsize=16)
def load_recognizer(lang: str, *, models_dir: str | None = None) -> Recognizer | None:
    """The statistical recognizer for ``lang``, loaded once; ``None`` when there is none."""
    if lang == "ru":
        try:
            return NatashaRecognizer()
        except ImportError:
            log.warning("natasha is not installed: Russian NER falls back to the gazetteer")
            return None
    name = f"ner-{lang}.crfsuite"
    # Models a user trained (e.g. on data whose license forbids shipping them) come first.
    own = models_dir or os.environ.get("NEWSWEAVE_NER_MODELS")
    path = Path(own) / name if own else None
    if path is None or not path.is_file():
        path = resources.files("newsweave.resources") / name  # type: ignore[assignment]
    if not path.is_file():
        return None
    try:
        return CrfRecognizer(str(path))
    except ImportError as error:  # python-crfsuite, or the token-state helper, is missing
        log.warning("no %s NER model: %s", lang, error)
        return None


# --- Russian: natasha ------------------------------------------------------------------


class NatashaRecognizer:
    """natasha's news NER (PER/ORG/LOC) with pymorphy2 base forms of person names."""

    def __init__(self) -> None:
        from natasha import Doc, MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

        self._doc = Doc
        self._segmenter = Segmenter()
        self._tagger = NewsNERTagger(NewsEmbedding())
        self._morph = MorphVocab()

    def __call__(self, text: str) -> list[Span]:
        doc = self._doc(text)
        doc.segment(self._segmenter)
        doc.tag_ner(self._tagger)
        out = []
        for span in doc.spans:
            normal = None
            if span.type == "PER":
                normal = " ".join(self._lemma(word) for word in span.text.split())
            out.append(Span(span.start, span.stop, span.type, normal))
        return out

    @lru_cache(maxsize=32768)  # noqa: B019 - one recognizer per process, cached by load_recognizer
    def _lemma(self, word: str) -> str:
        if not re.search(r"[а-яё]", word, re.IGNORECASE):
            return word
        if "-" in word.strip("-"):  # each part of a double name declines: Касым-Жомартом
            return "-".join(self._lemma(part) for part in word.split("-"))
        forms = self._morph.parse(word)
        animate = [f for f in forms if f.feats.get("Animacy") == "Anim"]
        return (animate or forms)[0].normal if forms else word


# --- CRF taggers -----------------------------------------------------------------------


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _sentences(tokens: list[tuple[int, int, str]], text: str) -> list[list[tuple[int, int, str]]]:
    out: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        current.append(token)
        newline = i + 1 < len(tokens) and "\n" in text[token[1] : tokens[i + 1][0]]
        if token[2] in _SENTENCE_END or newline or len(current) >= 200:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _shape(word: str) -> str:
    shape = re.sub(r"[^\W\d_]", lambda m: "A" if m.group().isupper() else "a", word)
    shape = re.sub(r"\d", "0", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def _token_features(word: str, prefix: str) -> list[str]:
    lower = word.lower()
    return [
        f"{prefix}w={lower}",
        f"{prefix}s3={lower[-3:]}",
        f"{prefix}sh={_shape(word)}",
        f"{prefix}t={word[:1].isupper()}",
    ]


def features(
    words: Sequence[str],
    vectors: WordVectors | None = None,
    states: list[dict[str, float]] | None = None,
) -> list[dict[str, float]]:
    """CRF features of each word: itself, affixes, shape, its neighbours and, with
    ``vectors``, where e5 places the word and its neighbours; ``states`` (one dict per word,
    from ``StateProjection``) add what e5 makes of the word in this sentence."""
    dense = vectors.features(words) if vectors is not None else None
    out = []
    n = len(words)
    for i, word in enumerate(words):
        lower = word.lower()
        feats = [
            "b",
            f"w={lower}",
            f"p2={lower[:2]}",
            f"p3={lower[:3]}",
            f"s2={lower[-2:]}",
            f"s3={lower[-3:]}",
            f"s4={lower[-4:]}",
            f"sh={_shape(word)}",
            f"t={word[:1].isupper()}",
            f"u={word.isupper() and len(word) > 1}",
            f"len={min(len(word), 8)}",
        ]
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.extend(_token_features(words[j], f"{offset}:"))
        if i > 0:
            feats.append(f"bi-1={words[i - 1].lower()}|{lower}")
        if i < n - 1:
            feats.append(f"bi+1={lower}|{words[i + 1].lower()}")
        item = dict.fromkeys(feats, 1.0)
        if dense is not None:
            item.update(dense[i])
            for offset in (-1, 1):
                if 0 <= i + offset < n:
                    item.update(
                        {f"{offset}:{k}": v for k, v in dense[i + offset].items() if "=" in k}
                    )
            item[f"c={dense[i].get('cluster', -1)}|t={word[:1].isupper()}"] = 1.0
        if states is not None:
            item.update(states[i])
        out.append(item)
    return out


class StateProjection:
    """Contextual word states (``analyze.states``) as a few real-valued CRF features.

    The 384-dimensional states are projected onto the principal axes of the training words'
    states; projection fitted on the training split only, saved beside the CRF as
    ``ner-<lang>.states.npz``. Needs the token-state helper (``TokenStates``).
    """

    def __init__(self, path: str | Path) -> None:
        from .states import token_states

        data = np.load(path)
        self.mean, self.axes, self.scale = data["mean"], data["axes"], float(data["scale"])
        self.layers = int(data["layers"]) if "layers" in data.files else 0
        self._encoder = token_states(self.layers)

    @staticmethod
    def fit(states: np.ndarray, path: Path, *, dims: int, layers: int) -> StateProjection:
        mean, axes, scale = _principal_axes(states, dims)
        np.savez(path, mean=mean, axes=axes, scale=scale, layers=layers)
        return StateProjection(path)

    def features(
        self, sentences: Sequence[Sequence[tuple[str, bool]]]
    ) -> list[list[dict[str, float]]]:
        """Per sentence (words with "glued to the word before"), one feature dict per word."""
        return [self.project(states) for states in self._encoder(sentences)]

    def project(self, states: np.ndarray) -> list[dict[str, float]]:
        projected = (states - self.mean) @ self.axes.T / self.scale
        return [{f"x{k}": round(float(v), 3) for k, v in enumerate(row)} for row in projected]


class WordVectors:
    """Where the bundled e5 encoder places each word type, as CRF features.

    A CRF trained on a thousand sentences has seen few names; e5 has seen many. Each word
    (lower-cased) is embedded once, projected onto the principal axes of the training
    vocabulary (``dims`` real-valued features) and assigned to its nearest centroid at a few
    granularities (cluster ids, like Brown clusters). Projection and centroids are fitted on
    the training vocabulary only and saved beside the CRF as ``ner-<lang>.words.npz``.
    """

    def __init__(self, path: str | Path) -> None:
        data = np.load(path)
        self.mean = data["mean"]
        self.axes = data["axes"]  # (dims, 384)
        self.scale = float(data["scale"])
        self.centroids = [data[k] for k in sorted(data.files) if k.startswith("centroids_")]
        self._cache: dict[str, dict[str, float]] = {}

    @staticmethod
    def fit(vocabulary: Sequence[str], path: Path, *, dims: int = 32) -> WordVectors:
        """Fit the projection and centroids on a training vocabulary and save them."""
        from sklearn.cluster import MiniBatchKMeans

        vectors = _embed_words(vocabulary)
        mean, axes, scale = _principal_axes(vectors, dims)
        projected = (vectors - mean) @ axes.T / scale
        centroids = {
            f"centroids_{k:04d}": MiniBatchKMeans(k, random_state=0, n_init=3)
            .fit(projected)
            .cluster_centers_.astype(np.float32)
            for k in _CLUSTER_SIZES
            if k < len(vocabulary)
        }
        np.savez(path, mean=mean, axes=axes, scale=scale, **centroids)
        return WordVectors(path)

    def features(self, words: Sequence[str]) -> list[dict[str, float]]:
        lowered = [w.lower() for w in words]
        missing = sorted({w for w in lowered if w not in self._cache})
        if missing:
            projected = (_embed_words(missing) - self.mean) @ self.axes.T / self.scale
            if len(self._cache) > _CACHE_WORDS:
                self._cache.clear()
            for word, row in zip(missing, projected, strict=True):
                item = {f"d{k}": round(float(v), 3) for k, v in enumerate(row)}
                for level, centroids in enumerate(self.centroids):
                    nearest = int(np.argmin(((centroids - row) ** 2).sum(axis=1)))
                    item[f"c{level}={nearest}"] = 1.0
                    if level == 1:
                        item["cluster"] = nearest
                self._cache[word] = item
        return [self._cache[w] for w in lowered]


def _principal_axes(rows: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The mean, the first ``dims`` principal axes, and the spread of the rows along them."""
    mean = rows.mean(axis=0)
    _, _, vt = np.linalg.svd(rows - mean, full_matrices=False)
    axes = vt[:dims]
    return mean, axes, float(((rows - mean) @ axes.T).std())


_CLUSTER_SIZES = (64, 256, 1024)
_CACHE_WORDS = 200_000


@lru_cache(maxsize=1)
def _word_embedder():  # type: ignore[no-untyped-def]
    from .embed import E5Embedder

    return E5Embedder()


def _embed_words(words: Sequence[str]) -> np.ndarray:
    embedder = _word_embedder()
    return np.concatenate(
        [embedder.passages(list(words[i : i + 256])) for i in range(0, len(words), 256)]
    )


def train_crf(
    sentences: Sequence[tuple[Sequence[str], Sequence[str], Sequence[bool]]],
    path: Path,
    *,
    vectors: WordVectors | None = None,
    contextual: bool = False,
) -> None:
    """Train a BIO tagger on tokenized sentences (words, labels like B-PER, whether a space
    follows each word) and save it to ``path``.

    Texts are re-tokenized the way ``CrfRecognizer`` tokenizes running text, so that training
    and use see the same units. ``vectors`` (saved beside ``path``) add e5 word features;
    ``contextual`` adds e5's states of the words in their sentence (``StateProjection``,
    fitted here on the training words and saved beside ``path``).
    """
    import pycrfsuite

    units = []  # (pieces, tags, glued) per sentence
    for words, labels, spaces in sentences:
        pieces: list[str] = []
        tags: list[str] = []
        glued: list[bool] = []
        for i, (word, label) in enumerate(zip(words, labels, strict=True)):
            for k, (_, _, piece) in enumerate(tokenize(word) or [(0, 0, word)]):
                pieces.append(piece)
                tags.append(label if k == 0 or label == "O" else "I-" + label[2:])
                glued.append(k > 0 or (i > 0 and not spaces[i - 1]))
        units.append((pieces, tags, glued))
    states: list[list[dict[str, float]] | None] = [None] * len(units)
    if contextual:
        from .states import token_states

        raw = token_states(STATE_LAYERS)([list(zip(p, g, strict=True)) for p, _, g in units])
        projection = StateProjection.fit(
            np.concatenate(raw),
            path.with_suffix(".states.npz"),
            dims=STATE_DIMS,
            layers=STATE_LAYERS,
        )
        states = [projection.project(r) for r in raw]
    trainer = pycrfsuite.Trainer(verbose=False)
    for (pieces, tags, _), contextual_row in zip(units, states, strict=True):
        trainer.append(features(pieces, vectors, contextual_row), tags)
    # Regularization chosen on RONEC valid.json by an 80/20 split, not on any test set:
    # without word vectors L1 keeps the model small; with them a light L1 and more L2.
    if vectors is None:
        params = {"c1": 0.15, "c2": 0.01}
    else:
        params = {"c1": 0.02, "c2": 0.1}
    trainer.set_params({**params, "max_iterations": 150, "feature.possible_transitions": True})
    trainer.train(str(path))


class CrfRecognizer:
    """A CRF tagger trained by ``train_crf``; decodes BIO labels into character spans."""

    def __init__(self, path: str) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(path)
        words = Path(path).with_suffix(".words.npz")
        self._vectors = WordVectors(words) if words.is_file() else None
        # A model trained with contextual states needs them: ImportError without the helper.
        states = Path(path).with_suffix(".states.npz")
        self._states = StateProjection(states) if states.is_file() else None

    def __call__(self, text: str) -> list[Span]:
        spans: list[Span] = []
        tokens = tokenize(text)
        if self._vectors is not None:
            self._vectors.features([w for _, _, w in tokens])  # embed new words in one batch
        sentences = _sentences(tokens, text)
        contextual: list[list[dict[str, float]] | None] = [None] * len(sentences)
        if self._states is not None:
            contextual = list(
                self._states.features(
                    [
                        [
                            (w, i > 0 and start == sentence[i - 1][1])
                            for i, (start, _, w) in enumerate(sentence)
                        ]
                        for sentence in sentences
                    ]
                )
            )
        for sentence, states in zip(sentences, contextual, strict=True):
            words = [w for _, _, w in sentence]
            labels = self._tagger.tag(features(words, self._vectors, states))
            current: list | None = None
            for (start, end, _), label in zip(sentence, labels, strict=True):
                prefix, _, etype = label.partition("-")
                if current and (prefix != "I" or etype != current[2]):
                    spans.append(Span(current[0], current[1], current[2]))
                    current = None
                if prefix == "B" or (prefix == "I" and current is None):
                    current = [start, end, etype]
                elif prefix == "I" and current:
                    current[1] = end
            if current:
                spans.append(Span(current[0], current[1], current[2]))
        return [s for s in spans if s.type in ("PER", "ORG", "LOC")]
