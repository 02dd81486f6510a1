"""Exact and near-duplicate reports (one wire story republished by several sites).

Candidates come from the embeddings already computed (cosine ≥ 0.97 on title and lead);
each candidate is confirmed on the text itself with rapidfuzz, so two different stories
with similar leads are not called duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from ..analyze.normalize import fold_for_matching

CANDIDATE_COSINE = 0.97
NEAR_RATIO = 90.0
COMPARE_CHARS = 3000


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(fold_for_matching(text).split()).encode()).hexdigest()


def find_duplicates(
    new_ids: Sequence[str],
    texts: Mapping[str, str],
    vectors: Mapping[str, np.ndarray],
) -> list[tuple[str, str, str, float]]:
    """(article, original, "exact"|"near", similarity) for each new article that repeats
    another; the original is the smaller id, so the answer does not depend on input order."""
    from rapidfuzz import fuzz

    fingerprints = {article_id: text_fingerprint(text) for article_id, text in texts.items()}
    ids = [i for i in texts if i in vectors]
    matrix = np.stack([vectors[i] for i in ids]) if ids else np.zeros((0, 1))
    out = []
    for article_id in new_ids:
        if article_id not in vectors:
            continue
        sims = matrix @ vectors[article_id]
        best: tuple[str, str, float] | None = None
        for index in np.flatnonzero(sims >= CANDIDATE_COSINE):
            other = ids[index]
            if other == article_id:
                continue
            if fingerprints[other] == fingerprints[article_id]:
                kind, similarity = "exact", 1.0
            else:
                ratio = fuzz.ratio(texts[article_id][:COMPARE_CHARS], texts[other][:COMPARE_CHARS])
                if ratio < NEAR_RATIO:
                    continue
                kind, similarity = "near", ratio / 100
            if best is None or similarity > best[2]:
                best = (other, kind, similarity)
        if best and best[0] < article_id:
            out.append((article_id, best[0], best[1], round(best[2], 3)))
        elif best:
            out.append((best[0], article_id, best[1], round(best[2], 3)))
    return sorted(set(out))
