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
Weights are printed for answer_score.py; nothing is written. Keyed to no question,
word or dataset id: only the generic signals of answer_score.FEATURES.
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

from assistant import answer_score  # noqa: E402
from assistant.config import Settings, quiet_libraries  # noqa: E402
from assistant.evaluate import norm, read_jsonl  # noqa: E402

SHARED = ROOT.parent / "shared"


def candidates(bot, question, history, golds):
    """(features, labels, scores, rows) of one question's candidates."""
    from assistant.retrieve import gather

    data = bot.data
    query, qvec = bot.query(question, history)
    ev = gather(data, qvec, query)
    sc = answer_score.score(data, ev, query, bot.known_words())
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
        if not rec["in_scope"]:
            continue
        if len(rec["labels"]) == 0:  # nothing to rank: counts as a miss
            hit.setdefault(rec["set"], []).append(False)
            continue
        i = int(np.argmax(rec["feats"] @ w))
        hit.setdefault(rec["set"], []).append(bool(rec["labels"][i]))
    return {k: round(100 * float(np.mean(v)), 1) for k, v in hit.items()}


def fit_weights(records, l2=0.05):
    """Listwise fit: maximise the softmax probability of the gold candidates within
    each question (a conditional logit), with an L2 pull towards zero. Each dev set
    weighs the same, so the 30-question article set is not drowned by the others."""
    from scipy.optimize import minimize

    usable = [r for r in records if r["in_scope"] and np.asarray(r["labels"]).any()]
    sets = {r["set"] for r in usable}
    weight = {s: 1.0 / sum(r["set"] == s for r in usable) for s in sets}

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for r in usable:
            X, y = np.asarray(r["feats"], dtype=np.float64), np.asarray(r["labels"], bool)
            z = X @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            pos = p[y].sum()
            total -= weight[r["set"]] * np.log(pos + 1e-12)
            # d/dw of -log(sum_pos p) = E_p[x] - E_{p|pos}[x]
            grad -= weight[r["set"]] * ((p[y] / pos) @ X[y] - p @ X)
        return total + l2 * (w @ w), grad + 2 * l2 * w

    w0 = np.asarray(answer_score.WEIGHTS, dtype=np.float64) * 5
    res = minimize(loss, w0, jac=True, method="L-BFGS-B")
    return (res.x / res.x[0]).astype(np.float32), res.x


def conf_rows(records, w):
    """(CONF_FEATURES of the top candidate, label, set) per question; label 1 when the
    top candidate is right, 0 for questions the article cannot answer. In-scope
    questions whose top candidate is wrong are left out: declining is about the
    article not covering a question, not about ranking mistakes."""
    out = []
    for r in records:
        if len(r["feats"]) == 0:
            continue
        scored = answer_score.Scored(np.arange(len(r["feats"])), r["feats"] @ w, r["feats"])
        x = answer_score.confidence_inputs(scored)
        top = int(np.argmax(scored.scores))
        label = bool(r["labels"][top]) if r["in_scope"] else False
        out.append((x, label, r["set"], r["in_scope"]))
    return out


def fit_confidence(rows):
    from sklearn.linear_model import LogisticRegression

    keep = [(x, y, s) for x, y, s, ins in rows if y or not ins]
    sets = {s for _, _, s in keep}
    size = {s: sum(1 for _, _, t in keep if t == s) for s in sets}
    X = np.array([x for x, _, _ in keep])
    y = np.array([y for _, y, _ in keep])
    sw = np.array([1.0 / size[s] for _, _, s in keep])
    model = LogisticRegression(C=10.0, max_iter=5000).fit(X, y, sample_weight=sw * len(keep))
    return model.coef_[0], float(model.intercept_[0])


def threshold_table(rows, cw, cb):
    print("threshold  false-declines(in-scope) per set            out-of-scope declined")
    for t in (0.2, 0.3, 0.4, 0.5, 0.6):
        fd, oos = {}, {}
        for x, y, s, ins in rows:
            conf = 1 / (1 + np.exp(-(x @ cw + cb)))
            (fd if ins else oos).setdefault(s, []).append(conf < t)
        print(f"  {t:.1f}  ", {k: f"{100 * np.mean(v):.1f}%" for k, v in fd.items()},
              {k: f"{sum(v)}/{len(v)}" for k, v in oos.items()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit-articles", type=int)
    ap.add_argument("--dump", help="save collected records (npz-like json) to this file")
    args = ap.parse_args()
    quiet_libraries()
    records = collect(args.limit_articles)
    print("hand weights  :", dict(zip(answer_score.FEATURES, answer_score.WEIGHTS.round(3))))
    print("  top-1       :", top1(records, answer_score.WEIGHTS))
    w, raw = fit_weights(records)
    print("fitted weights:", dict(zip(answer_score.FEATURES, w.round(3))), "scale", round(float(raw[0]), 2))
    print("  top-1       :", top1(records, w))
    rows = conf_rows(records, answer_score.WEIGHTS)
    cw, cb = fit_confidence(rows)
    print("confidence", dict(zip(answer_score.CONF_FEATURES, cw.round(2))), "bias", round(cb, 2))
    threshold_table(rows, cw, cb)
    print("current confidence model:")
    threshold_table(rows, answer_score.CONF_W, answer_score.CONF_B)
    if args.dump:
        with open(args.dump, "w") as fh:
            json.dump([{k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in r.items()} for r in records], fh)


if __name__ == "__main__":
    main()
