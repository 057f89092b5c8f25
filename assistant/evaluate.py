"""`python -m assistant eval FILE.jsonl`: run a dev or test set through the product.

Two formats, told apart by their records:
- article-qa (`{"id", "kind", "question", "history", "gold_section", "gold_evidence"}`):
  questions about the corpus; scored by the rules of article-qa's `score.py`
  (normalised containment, fuzzy match for evidence of 18+ words, answers over
  120 words wrong, citation = gold section among the cited). When `score.py`
  lies beside the file it is also run, and its own report printed.
- eval-data (`{"article_id", "title", "paragraphs", "questions"}`): per article,
  an index is built over its paragraphs (embeddings cached under
  `.eval-cache/`), each question asked; an answer is correct when it contains a
  gold answer and has at most 120 words; its citation is correct when the first
  quote lies inside a gold paragraph.

Not here: any tuning. This only measures.
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

MAX_WORDS = 120
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(_QUOTES.get(ch, "-" if ch in _DASHES else ch) for ch in s).casefold()
    return re.sub(r"\s+", " ", s).strip()


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(s))


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def evidence_match(answer: str, evidence: list[str]) -> bool:
    """score.py's rule: containment, or >= 60% in-order cover of 18+-word evidence."""
    if len(answer.split()) > MAX_WORDS:
        return False
    na = norm(answer)
    if any(norm(e) and norm(e) in na for e in evidence):
        return True
    aw = _words(answer)
    return any(len(ew) >= 18 and _lcs(ew, aw) >= 0.6 * len(ew) for ew in map(_words, evidence))


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    from .errors import AssistantError

                    raise AssistantError(f"{path}:{n} is not valid JSON ({exc}).") from exc
    return rows


def summarize(rows: list[dict]) -> dict:
    lat = [r["seconds"] for r in rows]
    inscope = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]
    declined = [r for r in rows if r["declined"]]
    return {
        "questions": len(rows),
        "answer_accuracy": sum(r["correct"] for r in inscope) / max(1, len(inscope)),
        "citation_accuracy": sum(r["cited"] for r in inscope) / max(1, len(inscope)),
        "declines": len(declined),
        "false_declines": sum(r["declined"] for r in inscope),
        "out_of_scope": len(oos),
        "out_of_scope_declined": sum(r["declined"] for r in oos),
        "decline_precision": (sum(r["declined"] for r in oos) / len(declined)) if declined else 0.0,
        "decline_recall": (sum(r["declined"] for r in oos) / len(oos)) if oos else 0.0,
        "mean_answer_words": statistics.fmean(r["words"] for r in rows) if rows else 0.0,
        "latency_p50_ms": 1000 * statistics.median(lat) if lat else 0.0,
        "latency_p95_ms": 1000 * sorted(lat)[int(0.95 * (len(lat) - 1))] if lat else 0.0,
    }


def _record(answer, correct: bool, cited: bool, in_scope: bool, seconds: float, **extra) -> dict:
    return {"correct": correct, "cited": cited, "in_scope": in_scope, "declined": answer.declined,
            "words": len(answer.text.split()) if not answer.declined else 0, "seconds": seconds,
            "confidence": answer.confidence, **extra}


def run_article_qa(gold: list[dict], assistant, progress=None) -> tuple[list[dict], list[dict]]:
    rows, preds = [], []
    for item in gold:
        t = time.perf_counter()
        a = assistant.ask(item["question"], item.get("history") or [])
        dt = time.perf_counter() - t
        sections = list(dict.fromkeys(c.section for c in a.citations))
        preds.append({"id": item["id"], "answer": "" if a.declined else a.text, "sections": sections,
                      "declined": a.declined})
        in_scope = item.get("kind") != "out_of_scope" and bool(item.get("gold_evidence"))
        correct = in_scope and not a.declined and evidence_match(a.text, item["gold_evidence"])
        cited = in_scope and not a.declined and norm(item.get("gold_section") or "").strip(" .:;!?") in \
            [norm(s).strip(" .:;!?") for s in sections]
        rows.append(_record(a, correct, cited, in_scope, dt, id=item["id"], kind=item.get("kind")))
        if progress:
            progress(1)
    return rows, preds


def paragraph_offsets(title: str, paragraphs: list[str]) -> list[tuple[int, int]]:
    """Where each paragraph lies in the text `document_from_paragraphs` makes."""
    out, pos = [], len(title) + 2
    for p in paragraphs:
        out.append((pos, pos + len(p)))
        pos += len(p) + 2
    return out


def run_eval_data(articles: list[dict], open_article, progress=None) -> list[dict]:
    rows = []
    for art in articles:
        assistant = open_article(art)
        spans = paragraph_offsets(art["title"], art["paragraphs"])
        for q in art["questions"]:
            t = time.perf_counter()
            a = assistant.ask(q["question"])
            dt = time.perf_counter() - t
            correct = not a.declined and len(a.text.split()) <= MAX_WORDS and \
                any(norm(g) in norm(a.text) for g in q["answers"])
            cited = False
            if a.citations and not a.declined:
                c = a.citations[0]
                gold = set(q.get("answer_paragraphs") or [q["paragraph_index"]])
                cited = any(spans[i][0] <= c.start and c.end <= spans[i][1] for i in gold)
            rows.append(_record(a, correct, cited, True, dt, id=q["id"], article=art["article_id"]))
            if progress:
                progress(1)
    return rows


def run_official_scorer(gold_path: Path, preds: list[dict], article: Path | None) -> str | None:
    """Run the score.py that sits beside an article-qa file, if any; return its report."""
    scorer = gold_path.parent / "score.py"
    if not scorer.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(scorer), fh.name, str(gold_path)] + (["--article", str(article)] if article else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    Path(fh.name).unlink(missing_ok=True)
    return out.stdout + out.stderr


def format_summary(name: str, s: dict) -> str:
    lines = [f"{name}: {s['questions']} questions",
             f"  answer accuracy   : {100 * s['answer_accuracy']:.1f}%",
             f"  citation accuracy : {100 * s['citation_accuracy']:.1f}%",
             f"  declines          : {s['declines']} ({s['false_declines']} on answerable questions"
             + (f"; {s['out_of_scope_declined']}/{s['out_of_scope']} out-of-scope declined" if s["out_of_scope"] else "")
             + ")",
             f"  mean answer words : {s['mean_answer_words']:.1f}",
             f"  latency           : p50 {s['latency_p50_ms']:.0f} ms, p95 {s['latency_p95_ms']:.0f} ms"]
    return "\n".join(lines)
