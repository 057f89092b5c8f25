"""Reader feedback and the content-gap report.

`FeedbackStore` appends one JSON object per line to `<data_dir>/feedback.jsonl`:
every declined question (`kind: "declined"`) and every like or dislike
(`kind: "vote"`, `liked: true|false`), each with the question, the answer text,
its citations and the closest section. `print_report` (`python -m assistant
report`) reads the file back and lists the questions that were declined or
disliked, grouped case-insensitively, most frequent first: what the content
owner should write next.

Not here: Gradio (the UI hands in plain records), aggregation beyond counting,
rotation of the file. The data folder is runtime state, never inside `index/`.
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .datatypes import Answer
from .errors import AssistantError

FILE_NAME = "feedback.jsonl"


def answer_record(answer: Answer) -> dict:
    """What feedback keeps of an answer: question, text, citations, closest section."""
    citations = [{"source": c.source, "section": c.section, "section_path": list(c.section_path),
                  "quote": c.quote, "start": c.start, "end": c.end} for c in answer.citations]
    first = answer.citations[0] if answer.citations else None
    # the path's last step names a FAQ entry by its question, where `section` is just "FAQ"
    closest = (first.section_path[-1] if first.section_path else first.section) if first \
        else next(iter(answer.suggestions), None)
    return {"question": answer.question, "answer": answer.text, "declined": answer.declined,
            "citations": citations, "closest_section": closest}


class FeedbackStore:
    """Append-only JSON-lines file of declines and votes; safe to share between threads."""

    def __init__(self, data_dir: str | Path):
        self.path = Path(data_dir) / FILE_NAME
        self._lock = threading.Lock()

    def add(self, kind: str, record: dict, liked: bool | None = None) -> dict:
        """Append one entry (a timestamped copy of `record`) and return it."""
        entry = {"kind": kind, "time": datetime.now(timezone.utc).isoformat(timespec="seconds"), **record}
        if liked is not None:
            entry["liked"] = bool(liked)
        data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # subtle: one os.write on an O_APPEND descriptor, so lines from other
                # processes sharing the folder never interleave mid-line.
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
        except OSError as exc:
            raise AssistantError(f"Could not save feedback to {self.path} ({exc}); "
                                 "check that the data folder is writable (ASSISTANT_DATA_DIR).") from exc
        return entry

    def declined(self, answer: Answer) -> dict:
        return self.add("declined", answer_record(answer))

    def vote(self, record: dict, liked: bool) -> dict:
        return self.add("vote", record, liked=liked)

    def entries(self) -> tuple[list[dict], int]:
        """Every readable entry, and how many lines could not be read."""
        if not self.path.exists():
            return [], 0
        good, bad = [], 0
        with self.path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    bad += 1
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("question"), str):
                    good.append(entry)
                else:
                    bad += 1
        return good, bad


@dataclass(frozen=True)
class Gap:
    question: str  # the most frequent spelling
    declined: int
    disliked: int
    closest_section: str | None

    @property
    def count(self) -> int:
        return self.declined + self.disliked


def _key(question: str) -> str:
    return re.sub(r"[\s?!.]+$", "", " ".join(question.casefold().split()))


def gaps(entries: list[dict]) -> list[Gap]:
    """Declined or disliked questions grouped case-insensitively, most frequent first."""
    groups: dict[str, list[dict]] = {}
    for e in entries:
        if e.get("kind") == "declined" or (e.get("kind") == "vote" and e.get("liked") is False):
            groups.setdefault(_key(e["question"]), []).append(e)
    out = []
    for items in groups.values():
        spelling = Counter(" ".join(e["question"].split()) for e in items).most_common(1)[0][0]
        sections = Counter(e["closest_section"] for e in items if e.get("closest_section"))
        out.append(Gap(spelling, sum(e["kind"] == "declined" for e in items),
                       sum(e["kind"] == "vote" for e in items),
                       sections.most_common(1)[0][0] if sections else None))
    return sorted(out, key=lambda g: (-g.count, g.question.casefold()))


def format_report(found: list[Gap], path: Path, unreadable: int = 0) -> str:
    if not found:
        lines = [f"No content gaps yet: no question has been declined or disliked ({path})."]
    else:
        lines = [f"Content gaps: {len(found)} question(s) declined or disliked, most frequent first ({path})", ""]
        for g in found:
            why = ", ".join(p for p in (f"declined {g.declined}" if g.declined else "",
                                        f"disliked {g.disliked}" if g.disliked else "") if p)
            lines.append(f"{g.count:>4}×  {g.question}")
            lines.append(f"       {why} · closest section: {g.closest_section or '(none)'}")
    if unreadable:
        lines.append(f"warning: {unreadable} line(s) of {path} could not be read and were left out.")
    return "\n".join(lines)


def print_report(settings) -> int:
    """Print the content-gap report for `settings.data_dir`; exit status 0."""
    store = FeedbackStore(settings.data_dir)
    entries, unreadable = store.entries()
    print(format_report(gaps(entries), store.path, unreadable))
    return 0
