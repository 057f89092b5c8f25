"""Self-written questions on the seed article: how many the product declines.

    python bench/probes.py [--show] [--write]   # --write puts the table into BENCHMARKS.md

The dev sets hold only five out-of-scope questions, so the rules that decline
were also checked on questions written for that purpose, kept here so that any
change can be replayed against them:
- probes/out_of_scope.txt: questions the article does not answer, most of them
  sharing its words ("What shoes should I wear to avoid hip pain?", "Should I run
  with a knee brace?");
- probes/answerable.tsv: questions it does answer, in the forms readers use
  (misspelled, paraphrased, yes/no, factoids), each with the passages of the
  article that answer it (" || " between alternatives, verbatim);
- probes/follow_ups.tsv: conversations (" >> " between the user's turns), each
  with the passages that answer its last turn, or none when that turn should be
  declined ("what about the stock market?").
The figures are the decline rate of each file and, for the answerable ones, how
many answers quote a passage that answers them in at most 120 words (the rule
of the dev sets' scorers); for follow-ups, in the answer's first quote, since a
follow-up answered about the topic before it often carries the right passage
second. --show prints every answer. Written by the
developers, not drawn from the dev sets; no rule is keyed to them.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings, quiet_libraries  # noqa: E402

PROBES = Path(__file__).resolve().parent / "probes"
FILES = (("out of scope", "out_of_scope.txt"), ("answerable", "answerable.tsv"), ("follow-ups", "follow_ups.tsv"))


def read(file: str) -> list[tuple[str, list[str]]]:
    """(question, passages that answer it) per line; no passages for out-of-scope questions."""
    out = []
    for line in (PROBES / file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            question, _, passages = line.partition("\t")
            out.append((question.strip(), [p.strip() for p in passages.split(" || ") if p.strip()]))
    return out


def ask(bot, turns: str):
    """The answer to the last of the turns (" >> " between them), the others asked before it."""
    *earlier, question = turns.split(" >> ")
    history = []
    for turn in earlier:
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": bot.ask(turn, history).text}]
    return bot.ask(question, history)


def run(show: bool) -> list[dict]:
    from assistant.pipeline import Assistant

    settings = Settings()
    bot = Assistant.open(settings.corpus, settings.index, settings=settings, log=lambda m: None)
    rows = []
    for name, file in FILES:
        row = {"name": name, "n": 0, "declined": 0, "right": 0, "odd": [], "wrong": [], "unanswerable": 0}
        for q, passages in read(file):
            a = ask(bot, q)
            row["n"] += 1
            row["declined"] += a.declined
            row["unanswerable"] += not passages
            quoted = a.citations[0].quote if name == "follow-ups" and a.citations else a.text
            right = not a.declined and len(a.text.split()) <= 120 and any(p in quoted for p in passages)
            row["right"] += right
            if a.declined != (not passages):
                row["odd"].append(f"{q} ({a.confidence:.2f})")
            elif passages and not right:
                row["wrong"].append(q)
            if show:
                mark = "DECLINED" if a.declined else "right" if right else "answered" if not passages else "WRONG"
                print(f"[{name}] {mark} {a.confidence:.2f}  {q}")
                if not a.declined:
                    print("    " + a.text.replace("\n", " ")[:200])
        rows.append(row)
    return rows


def table(rows) -> str:
    lines = ["| probes | questions | declined | answered with a passage that answers |", "|---|---|---|---|"]
    for r in rows:
        right = f"{r['right']} ({100 * r['right'] / r['n']:.0f}%)" if r["name"] != "out of scope" else "—"
        if r["name"] == "follow-ups":
            right += f" in the first quote; {r['unanswerable']} of the {r['n']} should be declined"
        lines.append(f"| {r['name']} | {r['n']} | {r['declined']} ({100 * r['declined'] / r['n']:.0f}%) | {right} |")
    for r in rows:
        if r["odd"]:
            wrong = "answered" if r["name"] == "out of scope" else "declined, or answered when it should decline"
            if r["name"] == "answerable":
                wrong = "declined"
            lines.append(f"\n{r['name'].capitalize()}, {wrong}: " + "; ".join(r["odd"]) + ".")
        if r["wrong"]:
            lines.append(f"\n{r['name'].capitalize()}, answered from another passage: " + "; ".join(r["wrong"]) + ".")
    return "\n".join(lines)


def write(body: str, path=ROOT / "BENCHMARKS.md") -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    head = (f"Measured {time.strftime('%Y-%m-%d')} on commit {commit}, seed corpus. "
            "Command: `python bench/probes.py --write`.")
    block = f"<!-- probes:start -->\n### Self-written probes\n\n{head}\n\n{body}\n<!-- probes:end -->"
    text = path.read_text(encoding="utf-8")
    if "<!-- probes:start -->" in text:
        text = re.sub(r"<!-- probes:start -->.*<!-- probes:end -->", lambda m: block, text, flags=re.S)
    else:
        text = text.replace("<!-- quality:end -->", "<!-- quality:end -->\n\n" + block, 1)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print every answer")
    ap.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md")
    args = ap.parse_args()
    quiet_libraries()
    body = table(run(args.show))
    print(body)
    if args.write:
        write(body)


if __name__ == "__main__":
    main()
