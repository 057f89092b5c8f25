"""Build throughput against raw `encode` on the same texts, and an incremental rebuild.

    python bench/build.py [--sentences 3000] [--write]

Corpus: COVID-QA dev articles (../shared/eval-data/covid_qa.dev.jsonl), made
into documents as the eval does, taken in file order until about `--sentences`
sentences. In one run: raw `SentenceTransformer.encode` of exactly the texts a
build embeds (sentence inputs, chunk inputs and the second views of sentences under a
shared heading, deduplicated, batch 64,
normalized), then a full build from an empty embedding cache, then the raw
encode again; the build is compared with the mean of the two encodes that
bracket it, so drift from other jobs on the machine shows up as their gap.

Incremental: the seed corpus is built once, then one sentence of one section
is edited and the index rebuilt (timing the whole `build`, and the part spent
embedding); a rebuild with nothing changed is timed too.

Not here: loading the index (startup.py) or searching it (latency.py, scale.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, publish, table  # noqa: E402

sys.path.insert(0, str(ROOT))
from assistant.config import Settings, quiet_libraries  # noqa: E402

EDIT = ("Impingement occurs if hip bones rub together", "Impingement occurs when the hip bones rub together")


def covid_documents(limit: int):
    from assistant.chunk import split_sentences
    from assistant.load import document_from_paragraphs

    docs, n = [], 0
    for line in open(SHARED / "eval-data" / "covid_qa.dev.jsonl", encoding="utf-8"):
        art = json.loads(line)
        doc = document_from_paragraphs(art["title"], art["paragraphs"], art["article_id"])
        docs.append(doc)
        n += len(split_sentences(doc))
        if n >= limit:
            break
    return docs


def build_texts(docs, settings: Settings) -> tuple[list[str], int, int, int]:
    """The texts a build embeds, in the order it embeds them (as index.build makes them)."""
    from assistant import index as idx
    from assistant.chunk import make_chunks, split_sentences

    sents, chunks = [], []
    for doc in docs:
        doc_sents = split_sentences(doc)
        sents += doc_sents
        chunks += make_chunks(doc, doc_sents, settings.chunk_chars)
    s_texts, c_texts, _, plain_texts = idx.embedding_inputs({d.id: d for d in docs}, sents, chunks)
    return list(dict.fromkeys(s_texts + c_texts + plain_texts)), len(s_texts), len(c_texts), len(plain_texts)


class Timed:
    """Wraps an embedder's `embed` to add up the time a build spends in it."""

    def __init__(self, embedder):
        self.embedder, self.seconds, self.texts = embedder, 0.0, 0
        inner = embedder.embed

        def embed(texts, progress=False):
            t = time.perf_counter()
            try:
                return inner(texts, progress)
            finally:
                self.seconds += time.perf_counter() - t
                self.texts += len(texts)

        embedder.embed = embed

    def reset(self):
        self.seconds, self.texts = 0.0, 0


def throughput(embedder, settings: Settings, limit: int, tmp: Path) -> dict:
    from assistant import index as idx
    from assistant.pipeline import params

    docs = covid_documents(limit)
    texts, n_sent, n_chunk, n_plain = build_texts(docs, settings)
    model = embedder._load()
    model.encode(texts[:64], batch_size=embedder.batch_size, normalize_embeddings=True)  # warm-up

    def encode() -> float:
        t = time.perf_counter()
        model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return time.perf_counter() - t

    before = encode()
    clock = Timed(embedder)
    t = time.perf_counter()
    report = idx.build(None, tmp / "covid-index", embedder, params(settings), progress=False,
                       log=lambda m: None, documents=docs)
    build = time.perf_counter() - t
    after = encode()
    return {"docs": len(docs), "sentences": n_sent, "chunks": n_chunk, "plain": n_plain, "texts": len(texts),
            "embedded": report.embedded, "encode": [before, after], "build": build, "build_embed": clock.seconds}


def incremental(embedder, settings: Settings, tmp: Path) -> dict:
    from assistant import index as idx
    from assistant.pipeline import params

    corpus, index = tmp / "corpus", tmp / "seed-index"
    shutil.copytree(ROOT / "corpus", corpus)
    clock = Timed(embedder)

    def build():
        clock.reset()
        t = time.perf_counter()
        rep = idx.build(corpus, index, embedder, params(settings), progress=False, log=lambda m: None)
        return {"seconds": time.perf_counter() - t, "embed": clock.seconds, "embedded": rep.embedded,
                "sentences": rep.sentences, "chunks": rep.chunks}

    out = {"full": build(), "unchanged": build()}
    path = next(p for p in corpus.rglob("*") if p.is_file() and EDIT[0] in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(EDIT[0], EDIT[1]), encoding="utf-8")
    out["edit"] = build()
    return out


def report(tp: dict, inc: dict) -> str:
    enc = sum(tp["encode"]) / 2
    s = tp["sentences"]
    ratio = enc / tp["build"]
    rows = [["raw `encode`, before the build", f"{tp['encode'][0]:.1f}", f"{s / tp['encode'][0]:.1f}", ""],
            ["raw `encode`, after the build", f"{tp['encode'][1]:.1f}", f"{s / tp['encode'][1]:.1f}", ""],
            ["full build (empty cache)", f"{tp['build']:.1f}", f"{s / tp['build']:.1f}", f"{100 * ratio:.0f}%"],
            ["  of which embedding", f"{tp['build_embed']:.1f}", "", ""],
            ["  of which everything else", f"{tp['build'] - tp['build_embed']:.1f}", "", ""]]
    head = (f"{tp['docs']} COVID-QA dev articles: {s} sentences + {tp['chunks']} chunks + {tp['plain']} sentences' "
            f"second views (DESIGN.md) = {tp['texts']} distinct "
            f"texts embedded (all {tp['embedded']} by the build, cache empty). Sentences/s counts sentences only; "
            "both rows embed the same texts.")
    body = head + "\n\n" + table(["step", "seconds", "sentences/s", "vs raw encode (mean)"], rows)
    body += (f"\n\nBuild throughput = **{100 * ratio:.0f}%** of raw encode (target >= 90%).")
    irows = [[name, f"{r['seconds']:.2f}", f"{r['embed']:.2f}", r["embedded"]] for name, r in
             (("full build, seed corpus (empty cache)", inc["full"]), ("rebuild, nothing changed", inc["unchanged"]),
              ("rebuild after a one-sentence edit in one section", inc["edit"]))]
    body += (f"\n\nIncremental rebuild, seed corpus ({inc['full']['sentences']} sentences, {inc['full']['chunks']} "
             "chunks):\n\n" + table(["build", "seconds", "embedding s", "texts embedded"], irows))
    return body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=3000)
    ap.add_argument("--write", action="store_true", help="put the tables into BENCHMARKS.md")
    args = ap.parse_args()
    quiet_libraries()
    from assistant.embed import BundledEmbedder

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        inc = incremental(BundledEmbedder(), settings, Path(tmp))
        tp = throughput(BundledEmbedder(), settings, args.sentences, Path(tmp))
    body = report(tp, inc)
    publish("build", "Build", body, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
