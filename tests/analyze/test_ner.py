"""Statistical recognizers: natasha for Russian, CRF taggers trained on tiny data."""

from __future__ import annotations

import importlib.util

import pytest

from newsweave.analyze.entities import extract_mentions
from newsweave.analyze.ner import CrfRecognizer, load_recognizer, tokenize, train_crf
from newsweave.resources import default_gazetteer


def test_no_recognizer_for_a_language_without_a_model() -> None:
    assert load_recognizer("xx") is None


@pytest.mark.skipif(importlib.util.find_spec("pycrfsuite") is None, reason="python-crfsuite")
def test_crf_round_trip(tmp_path) -> None:
    sentences = [
        (
            ["Ana", "Lupu", "a", "vizitat", "Brașov", "."],
            ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
        ),
        (["Dan", "Radu", "a", "vizitat", "Cluj", "."], ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]),
        (["Banca", "Transilvania", "a", "crescut", "."], ["B-ORG", "I-ORG", "O", "O", "O"]),
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
        (
            ["Ana", "Lupu", "a", "vizitat", "Brașov", "."],
            ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
        ),
        (["Dan", "Radu", "a", "vizitat", "Cluj", "."], ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]),
    ] * 5
    vocabulary = sorted({w.lower() for words, _ in sentences for w in words})
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
