"""Dense + keyword retrieval of chunks, fused by reciprocal rank, and the
sentence-level evidence the answerer scores.

Dense: FAISS inner product on normalized vectors (score = cosine) over chunks.
Keyword: bm25s over chunks. Fusion: reciprocal-rank fusion, which needs no
score calibration between the two retrievers; its constant 60 is the value of
Cormack et al. (2009), which damps the gap between the first few ranks.

Then every sentence of the retrieved chunks (and its neighbours) becomes a
candidate with the raw signals the answerer weighs: cosine of the sentence
(embedded with its heading), of its neighbours and of its chunk, and its BM25
score. Not here: scoring candidates (answer_score.py) and choosing the answer (answer.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datatypes import Hit
from .index import IndexData
from .lexical import terms

RRF_K = 60


@dataclass
class Evidence:
    """Candidate sentences (rows into IndexData.sentences, in increasing order) with their signals."""

    rows: np.ndarray
    cos: np.ndarray  # question vs sentence (with heading)
    cos_prev: np.ndarray  # question vs previous sentence of the same block (0 if none)
    cos_next: np.ndarray
    cos_chunk: np.ndarray  # question vs the sentence's chunk
    bm25: np.ndarray  # sentence-level BM25
    bm25_chunk: np.ndarray
    hits: list[Hit]


def search_chunks(data: IndexData, qvec: np.ndarray, tokens: list[str], k: int) -> tuple[list[Hit], dict, dict]:
    n = len(data.chunks)
    if n == 0:
        return [], {}, {}
    kd = min(n, max(k, 20))
    scores, rows = data.faiss_index.search(qvec.reshape(1, -1).astype(np.float32), kd)
    dense = {int(r): (rank, float(s)) for rank, (r, s) in enumerate(zip(rows[0], scores[0])) if r >= 0}
    bm = data.lexicon.chunk_scores(tokens, n)
    top = np.argsort(-bm)[:kd]
    keyword = {int(r): (rank, float(bm[r])) for rank, r in enumerate(top) if bm[r] > 0}
    fused = {}
    for table in (dense, keyword):
        for r, (rank, _) in table.items():
            fused[r] = fused.get(r, 0.0) + 1.0 / (RRF_K + rank + 1)
    order = sorted(fused, key=lambda r: -fused[r])[:k]
    hits = [Hit(data.chunks[r], fused[r], {"dense": dense.get(r, (None,))[0], "bm25": keyword.get(r, (None,))[0]})
            for r in order]
    return hits, dense, {"scores": bm, "rows": order}


ALL_SENTENCES = 5000  # below this many sentences every sentence is a candidate


def _with(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """values[rows] where rows >= 0, else 0."""
    out = np.zeros(len(rows), dtype=np.float32)
    ok = rows >= 0
    out[ok] = values[rows[ok]]
    return out


def gather(data: IndexData, qvec: np.ndarray, question: str, k: int = 20) -> Evidence:
    """Retrieve chunks; then every sentence of a small corpus, or of the retrieved
    chunks of a large one, is a candidate with its signals."""
    tokens = list(terms(question))
    hits, _, kw = search_chunks(data, qvec, tokens, k)
    n = len(data.sentences)
    if n <= ALL_SENTENCES:
        rows = np.arange(n, dtype=np.int64)
    else:
        parts = [np.arange(*data.chunk_span[c]) for c in kw.get("rows", [])]
        rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    if len(rows) == 0:
        z = np.zeros(0, dtype=np.float32)
        return Evidence(rows, z, z, z, z, z, z, hits)
    prev, nxt = data.prev_row[rows], data.next_row[rows]
    near = np.unique(np.concatenate([rows, prev[prev >= 0], nxt[nxt >= 0]]))
    cos_near = np.zeros(n, dtype=np.float32) if n <= ALL_SENTENCES else {}
    values = data.sentence_cosines(near, qvec)
    if isinstance(cos_near, dict):
        cos_near = _SparseRow(dict(zip(near.tolist(), values.tolist())))
    else:
        cos_near[near] = values
    chunk_of = data.sentence_chunk[rows]
    uniq, inverse = np.unique(chunk_of, return_inverse=True)
    chunk_cos = (data.chunk_vectors(uniq) @ qvec)[inverse]
    bm_s = data.lexicon.sentence_scores(tokens, n)[rows]
    bm_c = kw["scores"][chunk_of] if "scores" in kw else np.zeros(len(rows), np.float32)
    return Evidence(rows, cos_near[rows], _with(cos_near, prev), _with(cos_near, nxt),
                    chunk_cos.astype(np.float32), bm_s, bm_c, hits)


class _SparseRow:
    """A dict that indexes like an array, for the cosines of a large corpus's candidates."""

    def __init__(self, table: dict[int, float]):
        self.table = table

    def __getitem__(self, rows):
        return np.array([self.table.get(int(r), 0.0) for r in np.atleast_1d(rows)], dtype=np.float32)
