"""Answer latency: `Assistant.ask` against the bare query embedding, in one run.

    python bench/latency.py [--reps 5] [--threads 1] [--write]

Over the article-qa dev questions (with their history) on the shipped corpus,
each repetition times, per question and in alternating order: the bare
embedding of the question (`assistant.embedder.embed([q])`, the floor of any
answer), `assistant.ask(q, history)`, and the same steps `ask` takes called one
by one, to show where the time goes: question prep (typo repair, topic of an
elliptical question), embedding (1 text, or 2 with a topic), chunk search
(FAISS + BM25 + fusion), sentence signals (rest of `gather`), scoring, and
answer composition. The same is repeated at other torch thread counts
(`--threads`), interleaved, for comparison. The index is built in a
temporary folder (seeded with the repo's embedding cache), so the repo's
index/ is never written.

Not here: start-up and model load (startup.py); the first question of each
kind (a warm-up pass runs first and is not counted).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, ms, pct, publish, table  # noqa: E402

sys.path.insert(0, str(ROOT))
from assistant.config import Settings, quiet_libraries  # noqa: E402

STAGES = ("prep", "embed", "search_chunks", "signals", "score", "compose")
LABELS = {"prep": "question prep (typo repair, topic)", "embed": "query embedding (1-2 texts)",
          "search_chunks": "chunk search (FAISS + BM25 + RRF)", "signals": "sentence signals (rest of gather)",
          "score": "scoring (answer_score.score)", "compose": "answer composition (make_answer)"}


class StageClock:
    """Times `ask`'s steps by calling them as pipeline.ask does; embed and search_chunks are
    wrapped so their share of `query`/`gather` can be subtracted out."""

    def __init__(self, bot):
        from assistant import retrieve

        self.bot, self.retrieve = bot, retrieve
        self.inner = {"embed": 0.0, "search_chunks": 0.0}
        self._embed, self._search = bot.embedder.embed, retrieve.search_chunks

        def embed(texts, progress=False):
            t = time.perf_counter()
            try:
                return self._embed(texts, progress)
            finally:
                self.inner["embed"] += time.perf_counter() - t

        def search(*a, **k):
            t = time.perf_counter()
            try:
                return self._search(*a, **k)
            finally:
                self.inner["search_chunks"] += time.perf_counter() - t

        self._wrapped = embed, search

    def run(self, question: str, history: list[dict]):
        from assistant.answer import make_answer
        from assistant.answer_score import score

        bot = self.bot
        bot.embedder.embed, self.retrieve.search_chunks = self._wrapped
        self.inner = {"embed": 0.0, "search_chunks": 0.0}
        try:
            t0 = time.perf_counter()
            q = bot.clean_question(question)
            data = bot.data
            history = list(history or [])[-2 * bot.settings.max_history_turns:]
            query, qvec = bot.query(q, history, data)
            t1 = time.perf_counter()
            evidence = self.retrieve.gather(data, qvec, query)
            t2 = time.perf_counter()
            scored = score(data, evidence, query, bot.known_words())
            t3 = time.perf_counter()
            answer = make_answer(data, scored, query, evidence.hits, q)
            t4 = time.perf_counter()
        finally:
            del bot.embedder.embed  # back to the class method
            self.retrieve.search_chunks = self._search
        return answer, {"prep": (t1 - t0) - self.inner["embed"], "embed": self.inner["embed"],
                        "search_chunks": self.inner["search_chunks"],
                        "signals": (t2 - t1) - self.inner["search_chunks"], "score": t3 - t2, "compose": t4 - t3,
                        "total": t4 - t0}


def open_bot(tmp: Path):
    from assistant.pipeline import Assistant

    index = tmp / "index"
    if (ROOT / "index" / "cache").is_dir():
        shutil.copytree(ROOT / "index" / "cache", index / "cache")
    return Assistant.open(ROOT / "corpus", index, settings=Settings(), log=lambda m: None)


def measure(bot, items: list[dict], reps: int, threads: list[int]) -> dict:
    """Per question and torch thread count: bare embedding, ask(), and the staged steps."""
    import torch

    clock = StageClock(bot)
    for it in items:  # warm-up: model load, chunk vectors, token caches
        bot.ask(it["question"], it["history"])
        clock.run(it["question"], it["history"])
    out = {th: {"embed": [], "ask": [], "paired": [], "stages": {s: [] for s in STAGES + ("total",)}, "mismatch": 0}
           for th in threads}
    for rep in range(reps):
        order = items if rep % 2 == 0 else items[::-1]
        for j, it in enumerate(order):
            q, h = it["question"], it["history"]
            for th in (threads if (rep + j) % 2 == 0 else threads[::-1]):
                torch.set_num_threads(th)
                res = out[th]
                steps = ["embed", "ask", "stages"]
                steps = steps if (rep + j) % 2 == 0 else steps[::-1]  # alternate, so drift hits all alike
                t = {}
                for step in steps:
                    t0 = time.perf_counter()
                    if step == "embed":
                        bot.embedder.embed([q])
                    elif step == "ask":
                        a = bot.ask(q, h)
                    else:
                        b, st = clock.run(q, h)
                    t[step] = time.perf_counter() - t0
                res["embed"].append(t["embed"])
                res["ask"].append(t["ask"])
                res["paired"].append(t["ask"] / t["embed"])
                for s in st:
                    res["stages"][s].append(st[s])
                res["mismatch"] += a.text != b.text
    torch.set_num_threads(threads[0])
    return out


def report(results: dict, items: list[dict], reps: int) -> str:
    th = next(iter(results))  # the library default; the others are for comparison
    res = results[th]
    e50, a50 = pct(res["embed"], 50), pct(res["ask"], 50)
    with_topic = sum(1 for it in items if it["history"])
    lines = [f"{len(items)} article-qa dev questions ({with_topic} with history) x {reps} repetitions, "
             f"seed corpus; torch threads: {th} (the default).", "",
             table(["measure", "p50 ms", "p95 ms"],
                   [["bare query embedding `embed([q])`", ms(e50), ms(pct(res['embed'], 95))],
                    ["`Assistant.ask(q, history)`", ms(a50), ms(pct(res['ask'], 95))]]),
             "", f"Ratio p50(ask) / p50(embed) = **{a50 / e50:.2f}** (target <= 1.3); "
             f"median of per-question paired ratios = {pct(res['paired'], 50):.2f}.", "",
             "Where `ask` spends its time (the same steps called one by one):", ""]
    mean_total = float(np.mean(res["stages"]["total"]))
    rows = [[LABELS[s], ms(pct(res["stages"][s], 50)), ms(pct(res["stages"][s], 95)),
             f"{100 * np.mean(res['stages'][s]) / mean_total:.0f}%"] for s in STAGES]
    rows.append(["total (staged)", ms(pct(res["stages"]["total"], 50)), ms(pct(res["stages"]["total"], 95)),
                 "100%"])
    lines.append(table(["stage", "p50 ms", "p95 ms", "share of mean"], rows))
    if len(results) > 1:
        lines += ["", "By torch thread count (`torch.set_num_threads`), interleaved in the same run:", "",
                  table(["threads", "embed p50 ms", "embed p95 ms", "ask p50 ms", "ask p95 ms", "ratio p50"],
                        [[n, ms(pct(r["embed"], 50)), ms(pct(r["embed"], 95)), ms(pct(r["ask"], 50)),
                          ms(pct(r["ask"], 95)), f"{pct(r['ask'], 50) / pct(r['embed'], 50):.2f}"]
                         for n, r in results.items()])]
    bad = sum(r["mismatch"] for r in results.values())
    if bad:
        lines.append(f"\nwarning: the staged run answered differently from ask() {bad} times.")
    return "\n".join(lines)


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", default="1", help="other torch thread counts to compare, e.g. 1 or 1,4 ('' for none)")
    ap.add_argument("--write", action="store_true", help="put the tables into BENCHMARKS.md")
    args = ap.parse_args()
    quiet_libraries()
    items = [json.loads(line) for line in open(SHARED / "article-qa" / "dev.jsonl", encoding="utf-8") if line.strip()]
    for it in items:
        it["history"] = it.get("history") or []
    with tempfile.TemporaryDirectory() as tmp:
        bot = open_bot(Path(tmp))
        threads = list(dict.fromkeys([_threads()] + [int(t) for t in args.threads.split(",") if t.strip()]))
        res = measure(bot, items, args.reps, threads)
    body = report(res, items, args.reps)
    publish("latency", "Answer latency", body, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
