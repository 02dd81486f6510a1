"""Per-language statistical NER adapters: natasha for Russian, small CRF taggers for others.

A recognizer is a callable ``text -> list[Span]`` with character offsets. ``load_recognizer``
returns the one for a language, or ``None`` when there is none (no model, or the optional
package is missing): entity extraction then falls back to the gazetteer and patterns.

- ru: natasha (slovnet news NER, bundled weights, MIT). Person names are also lemmatized with
  pymorphy2 (Хорняком → хорняк) so that inflected forms get one cross-script key.
- other languages: a linear-chain CRF (python-crfsuite, MIT) over simple orthographic and
  context features, trained by ``bench/ner.py --train`` on the *training* split of a public
  NER set and shipped as ``resources/ner-<lang>.crfsuite`` when its license allows (see
  resources/GAZETTEER.md, section "NER models").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import EntityType

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*|\S", re.UNICODE)
_SENTENCE_END = frozenset(".!?؟。…")


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
    path = Path(models_dir) / name if models_dir else resources.files("newsweave.resources") / name
    if not path.is_file():
        return None
    try:
        return CrfRecognizer(str(path))
    except ImportError:
        log.warning("python-crfsuite is not installed: no %s NER model", lang)
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


def features(words: Sequence[str]) -> list[list[str]]:
    """CRF features of each word: itself, affixes, shape, and its neighbours."""
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
        out.append(feats)
    return out


def train_crf(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], path: Path) -> None:
    """Train a BIO tagger (labels like B-PER) on tokenized sentences and save it to ``path``.

    Texts are re-tokenized the way ``CrfRecognizer`` tokenizes running text, so that training
    and use see the same units.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for words, labels in sentences:
        pieces: list[str] = []
        tags: list[str] = []
        for word, label in zip(words, labels, strict=True):
            for k, (_, _, piece) in enumerate(tokenize(word) or [(0, 0, word)]):
                pieces.append(piece)
                tags.append(label if k == 0 or label == "O" else "I-" + label[2:])
        trainer.append(features(pieces), tags)
    # L1 keeps the model small (few non-zero weights); values chosen on RONEC valid.json
    # by a 80/20 split, not on any test set.
    trainer.set_params(
        {"c1": 0.15, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
    )
    trainer.train(str(path))


class CrfRecognizer:
    """A CRF tagger trained by ``train_crf``; decodes BIO labels into character spans."""

    def __init__(self, path: str) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(path)

    def __call__(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for sentence in _sentences(tokenize(text), text):
            labels = self._tagger.tag(features([w for _, _, w in sentence]))
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
