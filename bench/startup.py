"""Start-up: process start -> first answer, with a current index (warm) and without one (cold).

    python bench/startup.py [--runs 3] [--write]

Each run is a fresh subprocess (this file with `--child`) that goes through the
start-up steps one at a time and stamps the wall clock after each: the
interpreter itself, then the imports (numpy, faiss, bm25s, torch +
sentence_transformers, gradio, the assistant package), the model files'
fingerprint, the model load, `Assistant.open` (split into index build, index
load and the rest: corpus hashing and checks), the first answer and a second
one. Warm runs open a current index; cold runs start from an empty index folder
(no embedding cache either), so `open` builds. Warm and cold runs alternate;
the table gives medians.

The imports are made in this fixed order on purpose, so each row is the extra
cost of that step given the ones above (gradio shares numpy, pydantic etc. with
the rest; the real app imports the same set).

Not here: the server's own start (uvicorn, the Gradio Blocks); steady-state
answer latency (latency.py).
"""
from __future__ import annotations

import time

T_CHILD = time.time()  # first statement of a child: stamped before any other import

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUESTION = "What is impingement?"
STEPS = [("interpreter", "Python start (to the first statement)"),
         ("numpy", "import numpy"), ("faiss", "import faiss"), ("bm25s", "import bm25s"),
         ("sentence_transformers", "import sentence_transformers (torch, transformers)"),
         ("gradio", "import gradio"), ("assistant", "import assistant"),
         ("fingerprint", "model files fingerprint"), ("model", "model load (SentenceTransformer)"),
         ("build", "index build (inside open)"), ("load", "index load (inside open)"),
         ("open_rest", "open: corpus hash, checks"), ("first_answer", "first ask()"),
         ("second_answer", "second ask()")]
IMPORTS = ("numpy", "faiss", "bm25s", "sentence_transformers", "gradio")


def child(index: str) -> None:
    """One start-up, stamped step by step; prints a JSON object of durations."""
    marks = {"start": T_CHILD}
    last = [T_CHILD]

    def mark(name: str) -> None:
        now = time.time()
        marks[name] = now - last[0]
        last[0] = now

    import numpy  # noqa: F401
    mark("numpy")
    import faiss  # noqa: F401
    mark("faiss")
    import bm25s  # noqa: F401
    mark("bm25s")
    import sentence_transformers  # noqa: F401
    mark("sentence_transformers")
    import gradio  # noqa: F401
    mark("gradio")
    sys.path.insert(0, str(ROOT))
    from assistant import Assistant
    from assistant import index as idx
    from assistant.embed import BundledEmbedder
    mark("assistant")
    emb = BundledEmbedder()
    emb.fingerprint
    mark("fingerprint")
    emb._load()
    mark("model")
    inner = {"build": 0.0, "load": 0.0}

    def timed(name, fn):
        def run(*a, **k):
            t = time.time()
            try:
                return fn(*a, **k)
            finally:
                inner[name] += time.time() - t
        return run

    idx.build, idx.load = timed("build", idx.build), timed("load", idx.load)
    t = time.time()
    bot = Assistant.open(ROOT / "corpus", index, embedder=emb, log=lambda m: None)
    marks.update(inner, open_rest=time.time() - t - inner["build"] - inner["load"])
    last[0] = time.time()
    bot.ask(QUESTION)
    mark("first_answer")
    bot.ask(QUESTION)
    mark("second_answer")
    print(json.dumps(marks))


def run_child(index: Path) -> dict:
    t0 = time.time()
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(index)],
                         capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT)
    t1 = time.time()
    if out.returncode:
        raise SystemExit(f"child failed:\n{out.stderr[-3000:]}")
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    marks["interpreter"] = marks.pop("start") - t0
    marks["wall"] = t1 - t0
    return marks


def summarize(runs: dict[str, list[dict]]) -> tuple[str, dict]:
    from common import table

    med = {mode: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for mode, rs in runs.items()}
    rows = [[label, f"{med['warm'][k]:.2f}", f"{med['cold'][k]:.2f}"] for k, label in STEPS]
    figures = {}
    for mode, m in med.items():
        imports = m["interpreter"] + sum(m[k] for k in IMPORTS)
        ready = sum(m[k] for k, _ in STEPS if k not in ("first_answer", "second_answer"))
        first = ready + m["first_answer"]
        figures[mode] = {"imports": imports, "ready": ready, "first": first, "beyond": first - imports}
    for key, label in (("imports", "**interpreter + library imports**"), ("ready", "**ready (open + model)**"),
                       ("first", "**process start -> first answer**"),
                       ("beyond", "**beyond interpreter + library imports**")):
        rows.append([label, f"**{figures['warm'][key]:.2f}**", f"**{figures['cold'][key]:.2f}**"])
    return table(["step (seconds, median)", "warm", "cold"], rows), figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="put the table into BENCHMARKS.md")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return 0
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    from assistant.config import quiet_libraries
    from common import publish

    quiet_libraries()  # the same environment the entry points give themselves
    runs = {"warm": [], "cold": []}
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        run_child(warm)  # builds the warm index (and fills its cache); not counted
        for i in range(args.runs):
            for mode in (("warm", "cold") if i % 2 == 0 else ("cold", "warm")):
                folder = warm if mode == "warm" else Path(tmp) / f"cold-{i}"
                runs[mode].append(run_child(folder))
                shutil.rmtree(Path(tmp) / f"cold-{i}", ignore_errors=True)
                print(f"{mode} run {i + 1}: {runs[mode][-1]['wall']:.1f} s", file=sys.stderr)
    body, fig = summarize(runs)
    w = fig["warm"]
    note = (f"Warm start beyond the interpreter and library imports: {w['beyond']:.2f} s to the first answer "
            f"(target <= 3 s). Cold start builds the seed corpus from an empty embedding cache.")
    publish("startup", "Start-up", body + "\n\n" + note, args.write, f" {args.runs} runs of each.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
