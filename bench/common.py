"""Shared by the performance benches: percentiles, machine facts, memory, and
writing one sub-block of the "## Performance" section of BENCHMARKS.md.

The section lives between `<!-- perf:start -->` and `<!-- perf:end -->`; each
bench owns `<!-- perf:NAME:start -->` … `<!-- perf:NAME:end -->` inside it and
replaces only that. Nothing outside the perf markers is touched (another
script owns the `<!-- quality:* -->` block).

Not here: any measurement, and no timed assertions anywhere: the machine is
shared, so benches report medians and ratios measured within one run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BENCHMARKS = ROOT / "BENCHMARKS.md"
ORDER = ("latency", "startup", "build", "scale")  # the sub-blocks, in the order they appear


def pct(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if len(values) else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"


def _run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def commit() -> str:
    head = _run("git", "rev-parse", "--short", "HEAD") or "unknown"
    # subtle: tracked files edited since HEAD mean the figures are not HEAD's own
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "assistant"], cwd=ROOT).returncode != 0
    return head + (" + uncommitted changes to assistant/" if dirty else "")


def stamp(command: str) -> str:
    return (f"Measured {_run('date', '-u') or 'unknown date'} on commit {commit()}, {machine()} "
            f"(shared with other jobs). Command: `{command}`.")


def command_line() -> str:
    return "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])


def publish(name: str, title: str, body: str, write: bool, stamp_note: str = "") -> None:
    """Print a bench's result and, with --write, put it under its heading in BENCHMARKS.md,
    stamped with the date, commit, machine and the command that made it."""
    print(body)
    if write:
        write_block(name, f"### {title}\n\n{stamp(command_line())}{stamp_note}\n\n{body}")


def rss_bytes() -> int:
    """Resident set size of this process (VmRSS)."""
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_block(name: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace (or insert, in ORDER) the `perf:NAME` sub-block of the perf section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if "<!-- perf:start -->" not in text:
        text = text.rstrip("\n") + "\n\n<!-- perf:start -->\n## Performance\n\n<!-- perf:end -->\n"
    head, rest = text.split("<!-- perf:start -->", 1)
    section, tail = rest.split("<!-- perf:end -->", 1)
    start, end = f"<!-- perf:{name}:start -->", f"<!-- perf:{name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in section and end in section:
        before, after = section.split(start, 1)
        section = before + block + after.split(end, 1)[1]
    else:
        later = [f"<!-- perf:{n}:start -->" for n in ORDER[ORDER.index(name) + 1:]] if name in ORDER else []
        at = min([section.index(m) for m in later if m in section], default=len(section.rstrip("\n")))
        section = section[:at].rstrip("\n") + "\n\n" + block + "\n" + ("\n" + section[at:].lstrip("\n") if
                                                                        section[at:].strip() else "")
    new = head + "<!-- perf:start -->" + section + "<!-- perf:end -->" + tail
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
