"""Command line: `python -m assistant build | ask | serve | eval | report`.

Errors a user can act on (AssistantError) print as one message and exit 1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import Settings, from_env, quiet_libraries
from .errors import AssistantError


def _settings(args) -> Settings:
    return from_env().with_overrides(corpus=getattr(args, "corpus", None), index=getattr(args, "index", None),
                                     host=getattr(args, "host", None), port=getattr(args, "port", None),
                                     watch=getattr(args, "watch", None) or None,
                                     data_dir=getattr(args, "data_dir", None))


def cmd_build(args) -> int:
    from .pipeline import _build
    from .embed import BundledEmbedder

    s = _settings(args)
    report = _build(s, BundledEmbedder(), log=lambda m: print(m, file=sys.stderr))
    print(report.summary())
    return 0


def cmd_ask(args) -> int:
    from .pipeline import Assistant

    s = _settings(args)
    bot = Assistant.open(s.corpus, s.index, settings=s, log=lambda m: print(m, file=sys.stderr))
    answer = bot.ask(args.question)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    for n, c in enumerate(answer.citations, 1):
        page = f", page {c.page}" if c.page else ""
        print(f"[{n}] {c.source} — {' › '.join(c.section_path) or c.section}{page} (chars {c.start}-{c.end})")
    if answer.declined and answer.suggestions:
        print(("For example: " if answer.small_talk else "Closest sections: ") + "; ".join(answer.suggestions))
    return 0


def cmd_serve(args) -> int:
    from .server import serve

    serve(_settings(args))
    return 0


def cmd_eval(args) -> int:
    from .eval_cli import run

    return run(_settings(args), Path(args.file), as_json=args.json, limit=args.limit)


def cmd_report(args) -> int:
    from .feedback import print_report

    return print_report(_settings(args))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Answer questions about an article by quoting it.")
    sub = p.add_subparsers(dest="command", required=True)

    def paths(sp):
        sp.add_argument("--corpus", type=Path, help="folder of documents (default: corpus, or ASSISTANT_CORPUS)")
        sp.add_argument("--index", type=Path, help="index folder (default: index, or ASSISTANT_INDEX)")

    sp = sub.add_parser("build", help="build or refresh the index from the corpus")
    paths(sp)
    sp.set_defaults(func=cmd_build)
    sp = sub.add_parser("ask", help="ask one question")
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true", help="print the answer as JSON")
    paths(sp)
    sp.set_defaults(func=cmd_ask)
    sp = sub.add_parser("serve", help="serve the chat UI and the HTTP API")
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--watch", action="store_true", help="rebuild when corpus files change")
    paths(sp)
    sp.set_defaults(func=cmd_serve)
    sp = sub.add_parser("eval", help="score a dev/test set (article-qa or eval-data JSONL)")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true", help="print the figures as JSON")
    sp.add_argument("--limit", type=int, help="only the first N articles/questions")
    paths(sp)
    sp.set_defaults(func=cmd_eval)
    sp = sub.add_parser("report", help="content-gap report: declined or disliked questions")
    sp.add_argument("--data-dir", dest="data_dir", type=Path)
    sp.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    quiet_libraries()
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
