"""Statistical recognizers: natasha for Russian, CRF taggers trained on tiny data."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from newsweave.analyze.entities import extract_mentions
from newsweave.analyze.ner import CrfRecognizer, load_recognizer, tokenize, train_crf
from newsweave.resources import default_gazetteer


def _spaced(words: list[str], labels: str) -> tuple[list[str], list[str], list[bool]]:
    """A training sentence: words, labels, and a space after each word but before a stop."""
    return words, labels.split(), [words[i + 1] != "." for i in range(len(words) - 1)] + [True]


def test_no_recognizer_for_a_language_without_a_model() -> None:
    assert load_recognizer("xx") is None


@pytest.mark.skipif(importlib.util.find_spec("pycrfsuite") is None, reason="python-crfsuite")
def test_crf_round_trip(tmp_path) -> None:
    sentences = [
        _spaced(["Ana", "Lupu", "a", "vizitat", "Brașov", "."], "B-PER I-PER O O B-LOC O"),
        _spaced(["Dan", "Radu", "a", "vizitat", "Cluj", "."], "B-PER I-PER O O B-LOC O"),
        _spaced(["Banca", "Transilvania", "a", "crescut", "."], "B-ORG I-ORG O O O"),
    ] * 5
    path = tmp_path / "ner-xx.crfsuite"
    train_crf(sentences, path)
    spans = CrfRecognizer(str(path))("Ana Lupu a vizitat Cluj.")
    text = "Ana Lupu a vizitat Cluj."
    assert [(text[s.start : s.end], s.type) for s in spans] == [
        ("Ana Lupu", "PER"),
        ("Cluj", "LOC"),
    ]
    assert load_recognizer("xx", models_dir=str(tmp_path)) is not None


def test_tokenize_keeps_offsets() -> None:
    text = "Dl. Ion-Vasile (Iași), 2024."
    assert all(text[s:e] == w for s, e, w in tokenize(text))


@pytest.mark.skipif(importlib.util.find_spec("natasha") is None, reason="natasha")
def test_natasha_finds_unknown_russian_people_and_lemmatizes_keys() -> None:
    recognizer = load_recognizer("ru")
    text = "Вчера Павел Огурцов встретился в Туле с коллегами. Огурцову вручили грамоту."
    found = extract_mentions(text, lang="ru", gazetteer=default_gazetteer(), recognizer=recognizer)
    people = [m for m in found if m.type == "PER"]
    assert people and people[0].text == "Павел Огурцов"
    assert len({m.key for m in people}) == 1  # "Огурцову" resolves to the full name's key


@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None, reason="scikit-learn")
def test_crf_with_e5_word_features_round_trip(tmp_path, monkeypatch) -> None:
    from newsweave.analyze.ner import WordVectors

    sentences = [
        _spaced(["Ana", "Lupu", "a", "vizitat", "Brașov", "."], "B-PER I-PER O O B-LOC O"),
        _spaced(["Dan", "Radu", "a", "vizitat", "Cluj", "."], "B-PER I-PER O O B-LOC O"),
    ] * 5
    vocabulary = sorted({w.lower() for words, _, _ in sentences for w in words})
    vectors = WordVectors.fit(vocabulary, tmp_path / "ner-xx.words.npz", dims=4)
    assert set(vectors.features(["Cluj"])[0]) == {
        "d0",
        "d1",
        "d2",
        "d3",
    }  # too few words to cluster
    train_crf(sentences, tmp_path / "ner-xx.crfsuite", vectors=vectors)
    text = "Dan Radu a vizitat Brașov."
    spans = CrfRecognizer(str(tmp_path / "ner-xx.crfsuite"))(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [
        ("Dan Radu", "PER"),
        ("Brașov", "LOC"),
    ]
    # a user's own models directory is searched first
    load_recognizer.cache_clear()
    monkeypatch.setenv("NEWSWEAVE_NER_MODELS", str(tmp_path))
    assert isinstance(load_recognizer("xx"), CrfRecognizer)
    load_recognizer.cache_clear()


def _helper_built() -> bool:
    from newsweave.analyze.states import TokenStates

    try:
        TokenStates()
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _helper_built(), reason="the e5 token-state helper is not built")
def test_contextual_states_tell_a_word_by_its_sentence() -> None:
    from newsweave.analyze.states import token_states

    club = [("Dinamo", False), ("a", False), ("câștigat", False), ("meciul", False)]
    same = token_states()([club, club])
    assert same[0].shape == (4, 384) and abs(same[0] - same[1]).max() < 1e-5
    other = token_states()([[("Dinamo", False), ("este", False), ("un", False), ("oraș", False)]])
    # the same word, another sentence: another state
    assert abs(other[0][0] - same[0][0]).max() > 1e-3
    # a sentence longer than one window is split, every word still gets a state
    long = [(f"cuvânt{i}", False) for i in range(700)]
    states = token_states()([long])[0]
    assert states.shape == (700, 384) and (abs(states).sum(axis=1) > 0).all()


@pytest.mark.skipif(not _helper_built(), reason="the e5 token-state helper is not built")
def test_crf_with_contextual_states_round_trip(tmp_path) -> None:
    sentences = [
        _spaced(["Ana", "Lupu", "a", "vizitat", "Brașov", "."], "B-PER I-PER O O B-LOC O"),
        _spaced(["Dan", "Radu", "a", "vizitat", "Cluj", "."], "B-PER I-PER O O B-LOC O"),
    ] * 5
    train_crf(sentences, tmp_path / "ner-xx.crfsuite", contextual=True)
    assert (tmp_path / "ner-xx.states.npz").is_file()
    text = "Dan Radu a vizitat Brașov."
    spans = CrfRecognizer(str(tmp_path / "ner-xx.crfsuite"))(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [
        ("Dan Radu", "PER"),
        ("Brașov", "LOC"),
    ]


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: the helper is not built")
def test_the_shipped_romanian_tagger_loads_and_finds_names() -> None:
    load_recognizer.cache_clear()
    recognizer = load_recognizer("ro")
    assert isinstance(recognizer, CrfRecognizer)
    text = "Ministrul Ion Popescu a sosit marți la Cluj-Napoca pentru o întâlnire cu primarul."
    found = {(text[s.start : s.end], s.type) for s in recognizer(text)}
    # RONEC's guidelines put a title inside the person's span ("Ministrul Ion Popescu")
    assert any("Ion Popescu" in span for span, kind in found if kind == "PER")
    assert ("Cluj-Napoca", "LOC") in found


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: the helper is not built")
@pytest.mark.parametrize(
    "text",
    ["", "\x00abc", "a" * 5000, "😀" * 300, "مسکو " * 400, "Cuvânt " * 2000 + ".", "x." * 3000],
)
def test_the_romanian_tagger_survives_odd_text(text: str) -> None:
    spans = load_recognizer("ro")(text)  # type: ignore[misc]
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


def test_without_the_helper_the_romanian_tagger_is_left_out(monkeypatch, caplog) -> None:
    # an install without a C compiler: the model that needs token states is not loaded, and
    # entity extraction falls back to the gazetteer and patterns
    from newsweave.analyze import states

    def missing() -> None:
        raise ImportError("the e5 token-state helper was not built")

    monkeypatch.setattr(states, "_library", missing)
    states.token_states.cache_clear()
    load_recognizer.cache_clear()
    try:
        assert load_recognizer("ro") is None
        assert "token-state helper" in caplog.text
    finally:
        states.token_states.cache_clear()
        load_recognizer.cache_clear()
