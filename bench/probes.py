"""Self-written questions on the seed article: how many the product declines.

    python bench/probes.py [--show] [--write]   # --write puts the table into BENCHMARKS.md

The dev sets hold only five out-of-scope questions, so the rules that decline
were also checked on questions written for that purpose, kept here so that any
change can be replayed against them:
- probes/out_of_scope.txt: questions the article does not answer, most of them
  sharing its words ("What shoes should I wear to avoid hip pain?", "Should I run
  with a knee brace?");
- probes/answerable.txt: questions it does answer, in the forms readers use
  (misspelled, paraphrased, follow-up-free factoids, yes/no).
They carry no gold answer: the figure is the decline rate of each file, and
--show prints every answer so a reader can judge the quotes. Written by the
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
FILES = (("out of scope", "out_of_scope.txt"), ("answerable", "answerable.txt"))


def run(show: bool) -> list[tuple[str, int, int, list[str]]]:
    from assistant.pipeline import Assistant

    settings = Settings()
    bot = Assistant.open(settings.corpus, settings.index, settings=settings, log=lambda m: None)
    rows = []
    for name, file in FILES:
        questions = [q for q in (PROBES / file).read_text(encoding="utf-8").splitlines() if q.strip()]
        declined, odd = 0, []
        for q in questions:
            a = bot.ask(q)
            declined += a.declined
            if a.declined != (name == "out of scope"):
                odd.append(f"{q} ({a.confidence:.2f})")
            if show:
                print(f"[{name}] {'DECLINED' if a.declined else 'answered'} {a.confidence:.2f}  {q}")
                if not a.declined:
                    print("    " + a.text.replace("\n", " ")[:200])
        rows.append((name, len(questions), declined, odd))
    return rows


def table(rows) -> str:
    lines = ["| probes | questions | declined |", "|---|---|---|"]
    lines += [f"| {name} | {n} | {d} ({100 * d / n:.0f}%) |" for name, n, d, _ in rows]
    for name, _, _, odd in rows:
        wrong = "answered" if name == "out of scope" else "declined"
        if odd:
            lines.append(f"\n{name.capitalize()}, {wrong}: " + "; ".join(odd) + ".")
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
