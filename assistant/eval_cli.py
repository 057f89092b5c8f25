"""Wiring for `python -m assistant eval`: open assistants, run evaluate.py, print figures."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from . import evaluate
from .config import Settings

EVAL_CACHE = Path(".eval-cache")


def _progress(total: int, desc: str):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, file=sys.stderr, disable=None, leave=False)
    return bar.update, bar.close


def _open_article(settings: Settings, embedder):
    from .load import document_from_paragraphs
    from .pipeline import Assistant

    def open_article(art: dict):
        doc = document_from_paragraphs(art["title"], art["paragraphs"], art["article_id"])
        folder = EVAL_CACHE / hashlib.sha256(art["article_id"].encode()).hexdigest()[:16]
        return Assistant.from_documents([doc], folder, settings=settings, embedder=embedder, log=lambda m: None)

    return open_article


def run(settings: Settings, path: Path, as_json: bool = False, limit: int | None = None) -> int:
    from .embed import BundledEmbedder
    from .errors import AssistantError
    from .pipeline import Assistant

    if not path.exists():
        raise AssistantError(f"{path} does not exist; give a JSONL file from article-qa or eval-data.")
    records = evaluate.read_jsonl(path)
    if limit:
        records = records[:limit]
    if not records:
        raise AssistantError(f"{path} holds no records.")
    embedder = BundledEmbedder()
    official = None
    if "paragraphs" in records[0]:
        update, close = _progress(sum(len(a["questions"]) for a in records), path.name)
        rows = evaluate.run_eval_data(records, _open_article(settings, embedder), update)
        close()
    elif "question" in records[0]:
        bot = Assistant.open(settings.corpus, settings.index, settings=settings, embedder=embedder,
                             log=lambda m: print(m, file=sys.stderr))
        update, close = _progress(len(records), path.name)
        rows, preds = evaluate.run_article_qa(records, bot, update)
        close()
        official = evaluate.run_official_scorer(path, preds, None)
    else:
        raise AssistantError(f"{path}: records are neither article-qa (question, gold_evidence) "
                             "nor eval-data (paragraphs, questions).")
    summary = evaluate.summarize(rows)
    if as_json:
        print(json.dumps({"file": str(path), **summary, "items": rows}, indent=1))
        return 0
    if official:
        print(f"== {path.parent / 'score.py'} ==\n{official}")
    print(evaluate.format_summary(path.name, summary))
    return 0
