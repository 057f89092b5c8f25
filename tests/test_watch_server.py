"""`python app.py --watch`: a served answer follows an edit of the corpus, with no restart."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, free_port

DOC = """Race notes

Club news

The spring relay starts at the old mill bridge this year.
"""


def _ask(url: str, question: str) -> dict:
    req = urllib.request.Request(f"{url}/api/ask", data=json.dumps({"question": question}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.load(resp)


def _wait_until(predicate, seconds: float):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.5)
    return None


def test_served_answer_changes_after_watch_picks_up_an_edit(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(DOC, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
    proc = subprocess.Popen([sys.executable, "app.py", "--watch", "--port", str(port), "--corpus", str(corpus),
                             "--index", str(index)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        question = "Where does the spring relay start?"
        first = _wait_until(lambda: _ask(url, question), 120)
        assert first and "old mill bridge" in first["answer"]
        (corpus / "notes.txt").write_text(DOC.replace("the old mill bridge", "the harbour steps"), encoding="utf-8")
        changed = _wait_until(lambda: "harbour steps" in _ask(url, question)["answer"], 90)
        assert changed, "the served answer did not follow the edit"
        assert proc.poll() is None  # same process: no restart
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
