"""Dense + keyword retrieval of chunks, fused by reciprocal rank, and the
sentence-level evidence the answerer scores.

Dense: FAISS inner product on normalized vectors (score = cosine) over chunks.
Keyword: bm25s over chunks. Fusion: reciprocal-rank fusion, which needs no
score calibration between the two retrievers; its constant 60 is the value of
Cormack et al. (2009), which damps the gap between the first few ranks.

Then every sentence of the retrieved chunks (and its neighbours) becomes a
candidate with the raw signals the answerer weighs: cosine of the sentence
(embedded with its heading), of its neighbours and of its chunk, and its BM25
score. Not here: choosing the answer (answer.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datatypes import Hit
from .index import IndexData
from .lexical import tokenize

RRF_K = 60


@dataclass
class Evidence:
    """Candidate sentences (rows into IndexData.sentences) with their signals."""

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


def _neighbour_cos(data: IndexData, rows: np.ndarray, cos_all: dict[int, float], step: int) -> np.ndarray:
    out = np.zeros(len(rows), dtype=np.float32)
    for i, r in enumerate(rows):
        j = int(r) + step
        if 0 <= j < len(data.sentences) and data.sentences[j].doc_id == data.sentences[r].doc_id \
                and data.sentences[j].section_path == data.sentences[r].section_path:
            out[i] = cos_all.get(j, 0.0)
    return out


def gather(data: IndexData, qvec: np.ndarray, question: str, k: int = 8) -> Evidence:
    """Retrieve chunks, then score their sentences (and one neighbour each side)."""
    tokens = tokenize([question])[0]
    hits, _, kw = search_chunks(data, qvec, tokens, k)
    chunk_rows = kw.get("rows", [])
    rows = set()
    for c in chunk_rows:
        a, b = data.chunk_span[c]
        rows.update(range(max(0, a - 1), min(len(data.sentences), b + 1)))
    rows = np.array(sorted(rows), dtype=np.int64)
    if len(rows) == 0:
        z = np.zeros(0, dtype=np.float32)
        return Evidence(rows, z, z, z, z, z, z, hits)
    wide = np.array(sorted(set(rows) | set(np.clip(rows - 1, 0, None)) | set(np.clip(rows + 1, None, len(data.sentences) - 1))))
    cos_wide = np.asarray(data.sentence_vectors[wide]) @ qvec
    cos_all = dict(zip(wide.tolist(), cos_wide.tolist()))
    cos = np.array([cos_all[int(r)] for r in rows], dtype=np.float32)
    chunk_of = data.sentence_chunk[rows]
    chunk_vecs = np.stack([data.faiss_index.reconstruct(int(c)) for c in np.unique(chunk_of)])
    chunk_cos = dict(zip(np.unique(chunk_of).tolist(), (chunk_vecs @ qvec).tolist()))
    bm_s = data.lexicon.sentence_scores(tokens, len(data.sentences))[rows]
    bm_c = kw["scores"][chunk_of] if "scores" in kw else np.zeros(len(rows), np.float32)
    return Evidence(rows, cos, _neighbour_cos(data, rows, cos_all, -1), _neighbour_cos(data, rows, cos_all, 1),
                    np.array([chunk_cos[int(c)] for c in chunk_of], dtype=np.float32), bm_s, bm_c, hits)
