"""The chunk vectors' FAISS index: exact while small, IVF beyond FLAT_MAX chunks.

Inner product on normalized vectors (score = cosine); in either kind row i is chunk i and
`reconstruct(row)` works. `describe_faiss` is what the manifest records about it.

Not here: the sentence vectors (a plain array beside it), writing it to disk (index_files.py),
searching it (retrieve.py).
"""
from __future__ import annotations

import numpy as np

# Exact flat search up to FLAT_MAX chunks, IVF beyond. Measured by bench/scale.py (BENCHMARKS.md,
# 1 thread, real questions against vectors clustered around real ones): flat costs ~0.08-0.15 ms per
# 1,000 chunks a query (0.8 ms at 10,000, 1.7-3 ms at 20,000, against ~17-20 ms for the query
# embedding); IVF probing 64 lists answers in 0.6 ms at 20,000 and 4 ms at 10^6, recall@10 0.97-0.99.
FLAT_MAX = 10_000
IVF_TRAIN_PER_LIST = 40  # k-means sample per list (faiss warns below 39)
IVF_MIN_PROBES = 64  # recall@10 was 0.93-0.95 at 16 probes and 0.96-0.98 at 32, at every size


def ivf_lists(n: int) -> int:
    """About 2*sqrt(n) lists, a power of two: ~500 vectors a list at 10^6 chunks."""
    return 1 << max(4, round(np.log2(2 * np.sqrt(max(n, 1)))))


def make_faiss(vectors: np.ndarray, kind: str | None = None):
    """Inner product on normalized vectors (score = cosine); row i is chunk i.

    Flat (exact) up to FLAT_MAX rows; IVF-Flat beyond (or `kind="flat"|"ivf"`), probing 64 lists
    or 1/32 of them, with a direct map so `reconstruct(row)` works as it does on the flat index."""
    import faiss

    x = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or ("flat" if len(x) <= FLAT_MAX else "ivf")
    if kind == "flat":
        index = faiss.IndexFlatIP(x.shape[1])
        if len(x):
            index.add(x)
        return index
    nlist = ivf_lists(len(x))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(x.shape[1]), x.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10  # k-means: recall@10 0.97-0.99 with 10 or 25 iterations; 10 trains 2-3x faster
    index.cp.seed = 1234
    rng = np.random.default_rng(0)
    sample = x if len(x) <= IVF_TRAIN_PER_LIST * nlist else \
        x[np.sort(rng.choice(len(x), IVF_TRAIN_PER_LIST * nlist, replace=False))]
    index.train(sample)
    index.add(x)  # ids are 0..n-1 in order: row i is still chunk i
    index.nprobe = min(nlist, max(IVF_MIN_PROBES, nlist // 32))
    index.make_direct_map()
    return index


def describe_faiss(index) -> dict:
    """What the manifest records about the chunk index."""
    import faiss

    if isinstance(index, faiss.IndexIVF):
        return {"type": "IVFFlat", "nlist": int(index.nlist), "nprobe": int(index.nprobe), "ntotal": int(index.ntotal)}
    return {"type": type(index).__name__, "ntotal": int(index.ntotal)}
