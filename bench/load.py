"""Load: many clients on the real HTTP API for a fixed time, on a quiet server and during rebuilds.

    python bench/load.py [--clients 50] [--seconds 60] [--baseline 15] [--write]

Starts `python app.py` on a free loopback port over temporary copies of corpus/ and index/
(the repo's folders are never written), with the rate limit off (ASSISTANT_RATE_LIMIT_PER_MINUTE=0)
and a random admin token. The clients are asyncio tasks sharing one httpx pool, one connection
each; each posts `/api/ask` in a loop until the deadline, taking the article-qa dev questions
(with their history) in turn, from a different starting point per client.

- 1 client (`--baseline` seconds): one request at a time, the latency of a question on its own;
- quiet: nothing else happens.
- rebuilding: one more task, for the whole run, rewrites an extra corpus file and then calls
  `POST /api/rebuild` with the token, back to back, so every rebuild has a file to embed and
  a new version to swap in while the questions are being answered.

Reported per run: requests, requests/s, latency p50/p95/p99 (200 responses), errors (any
non-200 status or exception) and, for the second run, rebuilds (count, failures, median time).

Not here: the clients run on the same cores as the server (loopback only, never another
host), so the figures are the whole machine's; no TLS, no proxy; the Gradio chat is not driven.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, command_line, ms, pct, stamp, table  # noqa: E402

DEV = SHARED / "article-qa" / "dev.jsonl"
EXTRA = "load-test-note.txt"
START, END = "<!-- load:start -->", "<!-- load:end -->"
REQUEST_TIMEOUT = 120.0  # a request slower than this counts as an error
HEADERS = ["run", "clients", "seconds", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors", "rebuilds"]


# ------------------------------------------------------------------ the server
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python app.py` in a subprocess over temporary copies of corpus/ and index/."""

    def __init__(self, base: Path):
        self.base, self.port, self.token = base, free_port(), secrets.token_urlsafe(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.corpus, self.index = base / "corpus", base / "index"
        shutil.copytree(ROOT / "corpus", self.corpus)
        if (ROOT / "index").is_dir():  # the embedding cache makes start-up cheap; stale versions are rebuilt
            shutil.copytree(ROOT / "index", self.index, ignore=shutil.ignore_patterns(".lock"))
        env = dict(os.environ, ASSISTANT_RATE_LIMIT_PER_MINUTE="0", ASSISTANT_ADMIN_TOKEN=self.token,
                   ASSISTANT_DATA_DIR=str(base / "data"), GRADIO_ANALYTICS_ENABLED="False",
                   NO_PROXY="localhost,127.0.0.1")
        self.log_path = base / "server.log"
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(self.port),
             "--corpus", str(self.corpus), "--index", str(self.index)],
            cwd=base, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited ({self.proc.returncode}); see {self.log.name}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"the server did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------ the clients
def questions() -> list[dict]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"question": r["question"], "history": r.get("history") or []} for r in rows]


async def client(http: httpx.AsyncClient, asks: list[dict], first: int, deadline: float, out: dict) -> None:
    n = first
    while time.monotonic() < deadline:
        body = asks[n % len(asks)]
        n += 1
        t0 = time.perf_counter()
        try:
            r = await http.post("/api/ask", json=body)
            status = r.status_code
            if status != 200:
                out["details"].append(f"{status}: {r.text[:200]}")
        except httpx.HTTPError as exc:
            status = type(exc).__name__
            out["details"].append(f"{status} after {time.perf_counter() - t0:.2f} s: {exc!r}")
        elapsed = time.perf_counter() - t0
        if status == 200:
            out["latencies"].append(elapsed)
        else:
            out["errors"].append(status)


async def rebuilder(http: httpx.AsyncClient, server: Server, deadline: float, out: dict) -> None:
    """Rewrite the extra corpus file, rebuild, repeat: every rebuild embeds and swaps in a new version."""
    n = 0
    while time.monotonic() < deadline:
        n += 1
        (server.corpus / EXTRA).write_text(
            f"Load test note {n}\n\nThis note, number {n}, was written at {time.time():.3f} during the load test. "
            f"Runners in note {n} rested for {n % 7 + 1} days after a long race.\n", encoding="utf-8")
        t0 = time.perf_counter()
        try:
            r = await http.post("/api/rebuild", headers={"Authorization": f"Bearer {server.token}"}, timeout=600)
            ok = r.status_code == 200 and r.json().get("published") is True
            if not ok:
                out["details"].append(f"rebuild {r.status_code}: {r.text[:300]}")
        except httpx.HTTPError as exc:
            ok = False
            out["details"].append(f"rebuild: {exc!r}")
        out["rebuilds"].append((ok, time.perf_counter() - t0))


async def run(server: Server, clients: int, seconds: float, rebuild: bool) -> dict:
    asks = questions()
    out = {"latencies": [], "errors": [], "rebuilds": [], "details": []}
    # subtle: an idle connection is dropped before uvicorn's 5 s keep-alive timeout (server.py) closes it,
    # so a request never races the server's close; httpx's default expiry is the same 5 s
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=REQUEST_TIMEOUT) as http:
        for body in asks[:5]:  # warm-up, not counted: the model loads on the first question
            (await http.post("/api/ask", json=body)).raise_for_status()
        started = time.monotonic()
        deadline = started + seconds
        tasks = [client(http, asks, i * len(asks) // clients, deadline, out) for i in range(clients)]
        if rebuild:
            tasks.append(rebuilder(http, server, deadline, out))
        await asyncio.gather(*tasks)
        out["seconds"] = time.monotonic() - started  # the last requests finish after the deadline
    return out


# ------------------------------------------------------------------ report
def row(name: str, clients: int, out: dict) -> list:
    lat, errors, rebuilds = out["latencies"], out["errors"], out["rebuilds"]
    total = len(lat) + len(errors)
    built = "—"
    if rebuilds:
        failed = sum(1 for ok, _ in rebuilds if not ok)
        built = f"{len(rebuilds)} ({failed} failed, median {pct([t for _, t in rebuilds], 50):.1f} s)"
    return [name, clients, f"{out['seconds']:.1f}", total, f"{total / out['seconds']:.1f}", ms(pct(lat, 50)),
            ms(pct(lat, 95)), ms(pct(lat, 99)), len(errors), built]


def verdict(quiet: dict, busy: dict) -> str:
    ratio = pct(quiet["latencies"], 95) / pct(quiet["latencies"], 50)
    errors = len(quiet["errors"]) + len(busy["errors"])
    kinds = sorted({str(e) for e in quiet["errors"] + busy["errors"]})
    return (f"Target: zero errors in both runs — {'met' if not errors else f'missed ({errors}: {kinds})'}; "
            f"p95 under 10× p50 on the quiet run — {'met' if ratio < 10 else 'missed'} (p95/p50 = {ratio:.2f}).")


def write(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace what lies between the load markers; append them at the end if absent."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{text.strip()}\n{END}"
    if START in current and END in current:
        new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda m: block, current, count=1, flags=re.S)
    else:
        new = current.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--baseline", type=float, default=15.0, help="seconds of the one-client run")
    ap.add_argument("--write", action="store_true", help="put the table between the load markers of BENCHMARKS.md")
    args = ap.parse_args()
    plan = [("1 client", 1, args.baseline, False), ("quiet", args.clients, args.seconds, False),
            ("rebuilding", args.clients, args.seconds, True)]
    load_before = os.getloadavg()[0]  # other jobs on a shared machine show here
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        server = Server(Path(tmp))
        try:
            server.wait()
            for name, clients, seconds, rebuild in plan:
                results[name] = asyncio.run(run(server, clients, seconds, rebuild))
        finally:
            server.stop()
            if details := [d for out in results.values() for d in out["details"]]:
                print("\n".join(details[:20]), file=sys.stderr)
                print(server.log_path.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
    rows = [row(name, clients, results[name]) for name, clients, _, _ in plan]
    report = table(HEADERS, rows) + "\n\n" + verdict(results["quiet"], results["rebuilding"])
    print(report)
    if args.write:
        write(f"## Load\n\n{stamp(command_line())}\n\n{report}\n\n"
              "Clients and server share the machine (loopback, `python app.py`, rate limit off); latency counts "
              "200 responses only; rebuilds run back to back, each after rewriting one corpus file. The clients "
              "send their next question as soon as an answer arrives, so with 50 of them the latency is mostly "
              "waiting for a core: p50 ≈ clients ÷ requests/s, against the 1-client row for a question alone. "
              f"1-minute load average (other jobs included): {load_before:.1f} before the runs, "
              f"{os.getloadavg()[0]:.1f} after.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
