"""Scale: the chunk index at 10^4, 10^5 and 10^6 chunks.

    python bench/scale.py [--sizes 10000,100000,1000000] [--uniform-max 1000000] [--write]

For each size, the index the product builds (`assistant.index.make_faiss`,
which picks flat or IVF by size) is measured against exact flat search:
build time, recall@10, single-query search p50/p95, and memory. Search and
memory are measured in a fresh subprocess that loads the written index file
and the chunk text the way `index.load` holds it (documents' text, plus the
`ChunkTable`: three integer arrays, no per-chunk objects or text copies), so
the RSS deltas are those of a serving process.

Vectors stand in for embeddings (embedding 10^6 texts would take hours):
- clustered: points scattered (noise sigma 0.8 before re-normalizing) around
  real all-MiniLM-L6-v2 vectors of eval-data sentences and chunks (from
  .eval-cache, else embedded here); queries are the real embeddings of
  dev-set questions. Closer to real text, and easier for approximate search.
- uniform: random unit vectors, with random unit queries: a worst case with no
  neighbourhood structure at all (the top 10 barely differ from the rest), not
  a realistic one.
Text: real chunks (the product's chunker over the eval-data articles),
repeated in groups of 50 per document until there are as many as vectors.

Also a sweep (clustered, 2k-50k chunks) of flat against IVF single-query
latency, which is where the flat/IVF threshold in index.py comes from.

Not here: the BM25 side and the per-sentence arrays of a full index (see the
notes in BENCHMARKS.md); embedding cost (build.py).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, ms, pct, publish, rss_bytes, table  # noqa: E402

sys.path.insert(0, str(ROOT))

DIM = 384
SIGMA = 0.8
N_QUERIES = 200
SWEEP = (2_000, 5_000, 10_000, 20_000, 50_000)
CHUNKS_PER_DOC = 50


# ------------------------------------------------------------------ data
def eval_articles() -> list[dict]:
    out = []
    for name in ("xquad_en.dev.jsonl", "covid_qa.dev.jsonl"):
        out += [json.loads(line) for line in open(SHARED / "eval-data" / name, encoding="utf-8") if line.strip()]
    return out


def chunk_texts() -> list[str]:
    """Real chunks: the product's chunker over the eval-data articles."""
    from assistant.chunk import make_chunks, split_sentences
    from assistant.config import Settings
    from assistant.load import document_from_paragraphs

    out = []
    for art in eval_articles():
        doc = document_from_paragraphs(art["title"], art["paragraphs"], art["article_id"])
        out += [c.text for c in make_chunks(doc, split_sentences(doc), Settings().chunk_chars)]
    return out


def real_vectors(embedder, texts: list[str]) -> np.ndarray:
    """Real MiniLM vectors of eval-data text: the eval cache's, else embedded now."""
    shards = sorted((ROOT / ".eval-cache").glob("*/cache/*/*.npz"))
    vecs = []
    for shard in shards:
        with np.load(shard) as data:
            if data["vectors"].ndim == 2 and data["vectors"].shape[1] == DIM:
                vecs.append(data["vectors"])
    if sum(len(v) for v in vecs) >= 2000:
        return np.unique(np.concatenate(vecs), axis=0).astype(np.float32)
    return embedder.embed(texts[:2000])


def question_vectors(embedder, rng) -> np.ndarray:
    qs = [json.loads(line)["question"] for line in open(SHARED / "article-qa" / "dev.jsonl", encoding="utf-8")]
    qs += [q["question"] for art in eval_articles() for q in art["questions"]]
    pick = rng.choice(len(qs), min(N_QUERIES, len(qs)), replace=False)
    return embedder.embed([qs[i] for i in sorted(pick)])


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def clustered(n: int, centers: np.ndarray, rng) -> np.ndarray:
    """Points around real vectors. Noise is the sum of two rows of two fixed Gaussian pools
    (2^32 combinations): as good as fresh noise here, and ten times faster to draw."""
    pools = rng.standard_normal((2, 1 << 16, DIM), dtype=np.float32) * np.float32(SIGMA / np.sqrt(2 * DIM))
    out = np.empty((n, DIM), dtype=np.float32)
    for a in range(0, n, 1 << 16):
        b = min(n, a + (1 << 16))
        i, j, c = (rng.integers(0, m, b - a) for m in (1 << 16, 1 << 16, len(centers)))
        out[a:b] = _unit(centers[c] + pools[0][i] + pools[1][j])
    return out


def uniform(n: int, rng) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for a in range(0, n, 1 << 16):
        b = min(n, a + (1 << 16))
        out[a:b] = _unit(rng.standard_normal((b - a, DIM), dtype=np.float32))
    return out


def write_text(folder: Path, n: int, texts: list[str]) -> int:
    """documents.json (50 chunks per document) and chunk offsets; returns the text's UTF-8 bytes."""
    docs, spans, size = [], [], 0
    for d in range(0, n, CHUNKS_PER_DOC):
        parts = [texts[(d + k) % len(texts)] for k in range(min(CHUNKS_PER_DOC, n - d))]
        pos = 0
        for p in parts:
            spans.append((len(docs), pos, pos + len(p)))
            pos += len(p) + 2
            size += len(p.encode("utf-8"))
        docs.append("\n\n".join(parts))
    with open(folder / "documents.json", "w", encoding="utf-8") as fh:
        json.dump(docs, fh, ensure_ascii=False)
    np.save(folder / "spans.npy", np.array(spans, dtype=np.int64))
    return size


# ------------------------------------------------------------------ serving process
def child(index_path: str, queries_path: str, text_folder: str) -> None:
    """Load the index and the text as a server would; RSS deltas and single-query latency."""
    import faiss

    from assistant.index import ChunkTable

    out = {}
    gc.collect()
    base = rss_bytes()
    t = time.perf_counter()
    index = faiss.read_index(index_path)
    out["load_s"] = time.perf_counter() - t
    out["rss_index"] = rss_bytes() - base
    if text_folder:
        base = rss_bytes()
        with open(Path(text_folder) / "documents.json", encoding="utf-8") as fh:
            docs = json.load(fh)
        gc.collect()
        out["rss_docs"] = rss_bytes() - base
        base = rss_bytes()
        spans = np.load(Path(text_folder) / "spans.npy")
        # as index.load keeps them: three integer arrays, a Chunk made only when asked for
        chunks = ChunkTable(docs, spans[:, 0].copy(), spans[:, 1].copy(), spans[:, 2].copy())
        del spans
        gc.collect()
        out["rss_chunks"] = rss_bytes() - base
        out["n_chunks"] = len(chunks)
    queries = np.load(queries_path)
    for threads in ("default", 1):
        if threads == 1:
            faiss.omp_set_num_threads(1)
        times = []
        for rep in range(3):
            for q in queries:
                t = time.perf_counter()
                index.search(q.reshape(1, -1), 20)  # retrieve.py asks for max(k, 20)
                times.append(time.perf_counter() - t)
        out[f"search_{threads}"] = times
    print(json.dumps(out))


def serve_measure(index_path: Path, queries_path: Path, text_folder: Path | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(index_path), str(queries_path),
           str(text_folder or "")]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ measurements
def recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f[f >= 0]) & set(e)) / len(e) for f, e in zip(found, exact)]))


def one_size(n: int, kind: str, vectors: np.ndarray, queries: np.ndarray, tmp: Path, text: tuple | None) -> dict:
    import faiss

    from assistant.index import describe_faiss, make_faiss

    flat = faiss.IndexFlatIP(DIM)
    flat.add(vectors)
    _, exact = flat.search(queries, 10)
    faiss.omp_set_num_threads(1)
    flat_times = []
    for q in queries[:50]:
        t = time.perf_counter()
        flat.search(q.reshape(1, -1), 20)
        flat_times.append(time.perf_counter() - t)
    faiss.omp_set_num_threads(os.cpu_count())
    del flat
    gc.collect()
    t = time.perf_counter()
    index = make_faiss(vectors)
    build_s = time.perf_counter() - t
    spec = describe_faiss(index)
    _, found = index.search(queries, 10)
    path = tmp / f"{kind}-{n}.faiss"
    faiss.write_index(index, str(path))
    del index
    gc.collect()
    np.save(tmp / f"{kind}-q.npy", queries)
    served = serve_measure(path, tmp / f"{kind}-q.npy", text[0] if text else None)
    res = {"n": n, "kind": kind, "spec": spec, "build_s": build_s, "recall": recall(found, exact),
           "flat_p50": pct(flat_times, 50), "flat_p95": pct(flat_times, 95), "file_bytes": path.stat().st_size,
           "vector_bytes": vectors.nbytes, **served}
    if text:
        res["text_bytes"] = text[1]
    path.unlink()
    return res


def sweep(centers: np.ndarray, queries: np.ndarray, rng) -> list[list]:
    """Flat vs IVF single-query latency (1 thread) on clustered data, small sizes."""
    import faiss

    from assistant.index import FLAT_MAX, make_faiss

    faiss.omp_set_num_threads(1)
    rows = []
    for n in SWEEP:
        x = clustered(n, centers, rng)
        flat = faiss.IndexFlatIP(DIM)
        flat.add(x)
        _, exact = flat.search(queries, 10)
        ivf = make_faiss(x, kind="ivf")
        _, found = ivf.search(queries, 10)
        times = {"flat": [], "ivf": []}
        for rep in range(3):
            for q in queries[:100]:
                for name, index in (("flat", flat), ("ivf", ivf)):
                    t = time.perf_counter()
                    index.search(q.reshape(1, -1), 20)
                    times[name].append(time.perf_counter() - t)
        rows.append([f"{n:,}", ms(pct(times["flat"], 50)), ms(pct(times["ivf"], 50)), f"{recall(found, exact):.3f}",
                     "flat" if n <= FLAT_MAX else "IVF"])
    faiss.omp_set_num_threads(os.cpu_count())
    return rows


def report(results: list[dict], sweep_rows: list[list]) -> str:
    rows = []
    for r in results:
        text = r.get("text_bytes")
        raw = r["vector_bytes"] + (text or 0)
        rss = r["rss_index"] + r.get("rss_docs", 0) + r.get("rss_chunks", 0)
        rows.append([f"{r['n']:,}", r["kind"], r["spec"]["type"] + (f" nprobe {r['spec']['nprobe']}" if
                                                                    "nprobe" in r["spec"] else ""),
                     f"{r['build_s']:.1f}", f"{r['recall']:.3f}",
                     f"{ms(pct(r['search_default'], 50))} / {ms(pct(r['search_default'], 95))}",
                     f"{ms(pct(r['search_1'], 50))} / {ms(pct(r['search_1'], 95))}",
                     f"{ms(r['flat_p50'])} / {ms(r['flat_p95'])}",
                     f"{r['file_bytes'] / r['vector_bytes']:.3f}",
                     f"{r['rss_index'] / 2**20:.0f}",
                     f"{(r['rss_docs'] + r['rss_chunks']) / 2**20:.0f} ({r['rss_docs'] / 2**20:.0f} + "
                     f"{r['rss_chunks'] / 2**20:.0f})" if text else "",
                     f"{raw / 2**20:.0f}" if text else "",
                     f"{rss / raw:.2f} (index+docs {(r['rss_index'] + r['rss_docs']) / raw:.2f})" if text else ""])
    head = ["chunks", "vectors", "index", "build s", "recall@10", "search p50 / p95 ms (default threads)",
            "search p50 / p95 ms (1 thread)", "exact flat p50 / p95 ms (1 thread)", "index file / raw vectors",
            "RSS index MiB", "RSS text MiB (documents + chunk table)", "raw vectors+text MiB",
            "RSS / raw"]
    out = table(head, rows)
    big = max((r for r in results if "text_bytes" in r), key=lambda r: r["n"], default=None)
    if big:
        raw = big["vector_bytes"] + big["text_bytes"]
        p95 = pct(big["search_default"], 95)
        mem = (big["rss_index"] + big["rss_docs"] + big["rss_chunks"]) / raw
        out += (f"\n\nTargets at {big['n']:,} chunks (clustered): search p95 {ms(p95)} ms (<= 50 ms: "
                f"{'met' if p95 <= 0.05 else 'missed'}); memory {mem:.2f}x raw vectors+text (<= 1.3x: "
                f"{'met' if mem <= 1.3 else 'missed'}). The FAISS index alone is "
                f"{big['rss_index'] / big['vector_bytes']:.3f}x its raw vectors; documents' text is "
                f"{big['rss_docs'] / big['text_bytes']:.2f}x its UTF-8 bytes (one non-Latin-1 character, such as "
                "a curly quote, makes Python hold a whole document at 2 bytes a character), and `index.load`'s "
                f"chunk table (three integer arrays) adds {big['rss_chunks'] / big['text_bytes']:.2f}x. "
                "Not counted: a full index's per-sentence data (about 4 sentences a chunk: `Sentence` objects, "
                "sentence vectors memory-mapped) and the BM25 arrays.")
    out += ("\n\nThreshold sweep (clustered vectors, 1 thread, single query, k=20): flat vs the IVF index "
            "make_faiss would build at that size.\n\n" +
            table(["chunks", "flat p50 ms", "IVF p50 ms", "IVF recall@10", "index.py uses"], sweep_rows))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--uniform-max", type=int, default=1_000_000, help="largest size also run with uniform vectors")
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--write", action="store_true", help="put the tables into BENCHMARKS.md")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from assistant.config import quiet_libraries
    from assistant.embed import BundledEmbedder

    quiet_libraries()
    t_all = time.perf_counter()
    rng = np.random.default_rng(0)
    embedder = BundledEmbedder()
    texts = chunk_texts()
    centers = real_vectors(embedder, texts)
    questions = question_vectors(embedder, rng)
    log = lambda m: print(f"[{time.perf_counter() - t_all:6.0f} s] {m}", file=sys.stderr, flush=True)  # noqa: E731
    log(f"{len(centers)} real vectors as centres, {len(questions)} question vectors, {len(texts)} real chunks")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in [int(s) for s in args.sizes.split(",")]:
            folder = tmp / f"text-{n}"
            folder.mkdir()
            text = (folder, write_text(folder, n, texts))
            for kind in ("clustered", "uniform"):
                if kind == "uniform" and n > args.uniform_max:
                    continue
                vectors = clustered(n, centers, rng) if kind == "clustered" else uniform(n, rng)
                queries = questions if kind == "clustered" else uniform(N_QUERIES, rng)
                results.append(one_size(n, kind, vectors, queries, tmp, text if kind == "clustered" else None))
                del vectors
                gc.collect()
                log(f"{n:,} {kind}: {results[-1]['spec']}, recall {results[-1]['recall']:.3f}")
        sweep_rows = [] if args.no_sweep else sweep(centers, questions, rng)
    body = report(results, sweep_rows)
    body += f"\n\nTotal run time {time.perf_counter() - t_all:.0f} s."
    publish("scale", "Scale", body, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
