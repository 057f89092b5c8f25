"""`python -m assistant` as a user runs it, in subprocesses, with the network blocked.

Each subprocess pays the library imports, so they are few. The module fixture runs
`ask --json` once on a fresh tmp copy of the corpus: that one process builds the
index and answers, under a `sitecustomize.py` guard that refuses (and records) any
connection to a non-loopback address. The other tests reuse that index folder.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(__file__).parent / "fixtures" / "article-qa-dev.jsonl"  # copy of ../shared/article-qa/dev.jsonl
IMPINGEMENT_SECTION = "Common causes including muscle strains, tendinitis, impingement, osteoarthritis, labral tears"

GUARD = r'''
"""Test guard: refuse and record every connection attempt to a non-loopback address."""
import ipaddress
import os
import socket

_RECORD = os.environ["NETGUARD_RECORD"]


def _note(line):
    with open(_RECORD, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _local_host(host):
    if host is None or host in ("", "localhost", b"localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _allowed(family, address):
    if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, (str, bytes)):
        return True
    return _local_host(address[0])


def _refuse(kind, address):
    _note(f"blocked {kind} {address!r} pid={os.getpid()}")
    raise OSError("network blocked")


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_create_connection, _getaddrinfo = socket.create_connection, socket.getaddrinfo


def connect(self, address):
    if not _allowed(self.family, address):
        _refuse("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if not _allowed(self.family, address):
        _refuse("connect_ex", address)
    return _connect_ex(self, address)


def create_connection(address, *args, **kwargs):
    if not _local_host(address[0]):
        _refuse("create_connection", address)
    return _create_connection(address, *args, **kwargs)


def getaddrinfo(host, *args, **kwargs):  # a DNS lookup of an outside name is an attempt too
    if not _local_host(host):
        _refuse("getaddrinfo", (host,) + args[:1])
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.create_connection, socket.getaddrinfo = create_connection, getaddrinfo
_note(f"guard active pid={os.getpid()}")
'''


def guarded_env(tmp: Path) -> tuple[dict, Path]:
    """Environment whose Python processes load the guard; the offline switches are left to
    the program itself, so the test also proves it sets them."""
    guard_dir = tmp / "guard"
    guard_dir.mkdir(exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    record = tmp / "connections.log"
    record.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    extra = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), str(ROOT), *extra])
    env["NETGUARD_RECORD"] = str(record)
    return env, record


def plain_env() -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    env["PYTHONPATH"] = str(ROOT)
    return env


def run(args: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A fresh corpus copy and index, built and asked once by `ask --json` under the network guard."""
    base = tmp_path_factory.mktemp("cli")
    corpus, index = base / "corpus", base / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    env, record = guarded_env(base)
    proc = run(["-m", "assistant", "ask", "What is impingement?", "--json", "--corpus", str(corpus),
                "--index", str(index)], env)
    return {"corpus": corpus, "index": index, "proc": proc, "record": record}


def test_ask_json_quotes_impingement_and_cites_its_section(built):
    proc = built["proc"]
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["answer"] == "Impingement occurs if hip bones rub together and cause pain."
    assert (answer["declined"], answer["question"]) == (False, "What is impingement?")
    first = answer["citations"][0]
    assert (first["section"], first["quote"], first["source"]) == \
        (IMPINGEMENT_SECTION, answer["answer"], "hip-pain-while-running.txt")
    text = (built["corpus"] / "hip-pain-while-running.txt").read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]] == first["quote"]
    assert "building the index: no index yet" in proc.stderr  # this one process built, then answered


def test_build_and_ask_reach_no_outside_address(built):
    proc, lines = built["proc"], built["record"].read_text(encoding="utf-8").splitlines()
    assert proc.returncode == 0, proc.stderr
    assert any(line.startswith("guard active") for line in lines)  # the guard was loaded
    assert [line for line in lines if line.startswith("blocked")] == []
    assert json.loads(proc.stdout)["citations"]


def test_the_network_guard_refuses_outside_addresses(tmp_path):
    env, record = guarded_env(tmp_path)
    probe = r'''
import socket
results = []
for attempt in (lambda: socket.create_connection(("203.0.113.1", 80), timeout=2),
                lambda: socket.socket().connect(("203.0.113.1", 80)),
                lambda: socket.socket().connect_ex(("203.0.113.1", 80))):
    try:
        attempt()
        results.append("connected")
    except OSError as exc:
        results.append(str(exc))
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=2)  # loopback stays allowed
results.append("loopback ok")
print("|".join(results))
'''
    proc = run(["-c", probe], env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "network blocked|network blocked|network blocked|loopback ok"
    blocked = [line.split(" pid=")[0] for line in record.read_text().splitlines() if line.startswith("blocked")]
    assert blocked == ["blocked create_connection ('203.0.113.1', 80)", "blocked connect ('203.0.113.1', 80)",
                       "blocked connect_ex ('203.0.113.1', 80)"]


def test_second_build_embeds_nothing(built):
    assert built["proc"].returncode == 0, built["proc"].stderr
    proc = run(["-m", "assistant", "build", "--corpus", str(built["corpus"]), "--index", str(built["index"])],
               plain_env())
    assert proc.returncode == 0, proc.stderr
    assert "nothing published" in proc.stdout
    assert "texts embedded: 0" in proc.stdout
    assert "1 unchanged (1 in the index)" in proc.stdout


def test_missing_corpus_is_a_one_line_error(tmp_path):
    missing = tmp_path / "no-such-corpus"
    proc = run(["-m", "assistant", "build", "--corpus", str(missing), "--index", str(tmp_path / "index")], plain_env())
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(missing) in lines[0]


def test_eval_prints_accuracy_lines(built):
    assert built["proc"].returncode == 0, built["proc"].stderr
    # ten questions are enough to show that the command runs and prints its figures
    proc = run(["-m", "assistant", "eval", str(DEV), "--limit", "10", "--corpus", str(built["corpus"]),
                "--index", str(built["index"])], plain_env())
    assert proc.returncode == 0, proc.stderr
    assert "dev.jsonl: 10 questions" in proc.stdout
    assert re.search(r"^  answer accuracy   : \d+\.\d%$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^  citation accuracy : \d+\.\d%$", proc.stdout, re.M), proc.stdout
    assert "building the index" not in proc.stderr  # the module's index was reused


def test_ask_prints_starters_after_small_talk_and_sections_after_a_decline(seed_assistant, capsys, monkeypatch):
    """In process (the subprocess runs above cover start-up): the label says what the list is."""
    from assistant import cli

    s = seed_assistant.settings
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(s.data_dir))
    paths = ["--corpus", str(s.corpus), "--index", str(s.index)]
    assert cli.main(["ask", "hi", *paths]) == 0
    assert "\nFor example: Why do my hips hurt when I run?" in capsys.readouterr().out
    assert cli.main(["ask", "What is the capital of France?", *paths]) == 0
    assert "\nClosest sections: " in capsys.readouterr().out
