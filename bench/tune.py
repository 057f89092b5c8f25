"""Fit the answerer's sentence weights and decline threshold on the dev sets.

    python bench/tune.py            # prints fitted weights and the figures they give

For every dev question it gathers the candidate sentences and their signals
exactly as `Assistant.ask` does, labels a candidate positive when it contains
a gold answer (eval-data) or gold evidence (article-qa), and fits:
- sentence weights: logistic regression over candidates (balanced classes),
  judged by how often the top-scored candidate is positive;
- confidence: logistic regression over each question's top candidate, with
  out-of-scope questions (article-qa) and questions asked of another article
  (eval-data, "cross" negatives) as the negatives.
Weights are printed for answer.py; nothing is written. Keyed to no question,
word or dataset id: only the generic signals of answer.FEATURES.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import answer as ans  # noqa: E402
from assistant.config import Settings, quiet_libraries  # noqa: E402
from assistant.conversation import resolve  # noqa: E402
from assistant.evaluate import norm, read_jsonl  # noqa: E402

SHARED = ROOT.parent / "shared"


def candidates(bot, question, history, golds):
    """(features, labels, scores, rows) of one question's candidates."""
    from assistant.retrieve import gather

    data = bot.data
    query = data.lexicon.correct(resolve(question, history), bot._known())
    qvec = bot.embedder.embed([query])[0]
    ev = gather(data, qvec, query)
    sc = ans.score(data, ev, query)
    labels = np.zeros(len(sc.rows), dtype=bool)
    ok = np.isfinite(sc.scores)
    for i, r in enumerate(sc.rows):
        s = data.sentences[int(r)]
        text = norm(data.documents[s.doc_id].text[s.start:s.end])
        labels[i] = any(norm(g) in text or (len(text) > 20 and text in norm(g)) for g in golds)
    return sc.features[ok], labels[ok], sc.scores[ok], sc.rows[ok], query


def collect(limit_articles=None):
    from assistant.eval_cli import _open_article
    from assistant.embed import BundledEmbedder
    from assistant.pipeline import Assistant

    emb = BundledEmbedder()
    settings = Settings()
    out = []  # dicts: set, feats, labels, in_scope
    bot = Assistant.open(ROOT / "corpus", ROOT / "index", settings=settings, embedder=emb, log=lambda m: None)
    for item in read_jsonl(SHARED / "article-qa" / "dev.jsonl"):
        f, l, s, r, _ = candidates(bot, item["question"], item.get("history") or [], item["gold_evidence"])
        out.append({"set": "article-qa", "feats": f, "labels": l, "in_scope": item["kind"] != "out_of_scope"})
    opener = _open_article(settings, emb)
    rng = random.Random(0)
    for name in ("xquad_en", "covid_qa"):
        arts = read_jsonl(SHARED / "eval-data" / f"{name}.dev.jsonl")[:limit_articles]
        bots = [opener(a) for a in arts]
        for k, (art, b) in enumerate(zip(arts, bots)):
            for q in art["questions"]:
                f, l, s, r, _ = candidates(b, q["question"], [], q["answers"])
                out.append({"set": name, "feats": f, "labels": l, "in_scope": True})
            other = bots[(k + 1) % len(bots)]
            for q in rng.sample(art["questions"], min(3, len(art["questions"]))):
                f, l, s, r, _ = candidates(other, q["question"], [], [])
                out.append({"set": name + "-cross", "feats": f, "labels": l, "in_scope": False})
    return out


def top1(records, w):
    hit = {}
    for rec in records:
        if not rec["in_scope"] or len(rec["labels"]) == 0:
            hit.setdefault(rec["set"], []).append(False) if rec["in_scope"] else None
            continue
        i = int(np.argmax(rec["feats"] @ w))
        hit.setdefault(rec["set"], []).append(bool(rec["labels"][i]))
    return {k: round(100 * float(np.mean(v)), 1) for k, v in hit.items()}


def fit_weights(records):
    from sklearn.linear_model import LogisticRegression

    X = np.concatenate([r["feats"] for r in records if r["in_scope"] and r["labels"].any()])
    y = np.concatenate([r["labels"] for r in records if r["in_scope"] and r["labels"].any()])
    model = LogisticRegression(class_weight="balanced", C=1.0, max_iter=2000).fit(X, y)
    w = model.coef_[0]
    return w / w[0]


def conf_features(rec, w):
    if len(rec["feats"]) == 0:
        return None
    s = rec["feats"] @ w
    order = np.argsort(-s)
    best = rec["feats"][order[0]]
    margin = s[order[0]] - (s[order[1]] if len(order) > 1 else s[order[0]] - 0.2)
    return np.array([best[0], best[5], best[4], margin], dtype=np.float32), bool(rec["labels"][order[0]]) if rec["in_scope"] else False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit-articles", type=int)
    ap.add_argument("--dump", help="save collected records (npz-like json) to this file")
    args = ap.parse_args()
    quiet_libraries()
    records = collect(args.limit_articles)
    print("hand weights  :", dict(zip(ans.FEATURES, ans.WEIGHTS.round(3))))
    print("  top-1       :", top1(records, ans.WEIGHTS))
    w = fit_weights(records)
    print("fitted weights:", dict(zip(ans.FEATURES, w.round(3))))
    print("  top-1       :", top1(records, w))
    from sklearn.linear_model import LogisticRegression

    pairs = [conf_features(r, w) for r in records]
    X = np.array([p[0] for p in pairs if p is not None])
    y = np.array([p[1] for p in pairs if p is not None])
    cm = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    print("confidence (cos, cover, bm25, margin):", cm.coef_[0].round(3), "bias", round(float(cm.intercept_[0]), 3))
    if args.dump:
        with open(args.dump, "w") as fh:
            json.dump([{k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in r.items()} for r in records], fh)


if __name__ == "__main__":
    main()
