"""The HTTP API on a real server: answers, validation, admin rebuild, rate limit, CORS, Gradio hardening.

The session `server` runs the default settings (no admin token, no extra origins). Tests that need
other settings start their own small app with `ServerThread`, so the session server is not disturbed.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from conftest import ROOT, ServerThread

IMPINGEMENT = "Impingement occurs if hip bones rub together"
CAUSES = "Common causes including muscle strains, tendinitis, impingement, osteoarthritis, labral tears"
ALLOWED = "https://site.example"
TOKEN = "test-admin-token-5f2c"


def post(url, **kwargs):
    return httpx.post(url, timeout=60, **kwargs)


# ------------------------------------------------------------------ answers
def test_ask_returns_the_answer_json(server):
    r = post(f"{server.url}/api/ask", json={"question": "What is impingement?", "history": []})
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {"question", "answer", "declined", "confidence", "citations", "suggestions", "small_talk"}
    assert data["question"] == "What is impingement?"
    assert IMPINGEMENT in data["answer"]
    assert data["declined"] is False
    first = data["citations"][0]
    assert set(first) == {"source", "section", "section_path", "quote", "start", "end", "page"}
    assert first["section"] == CAUSES
    assert first["source"] == "hip-pain-while-running.txt"
    assert IMPINGEMENT in first["quote"]
    text = (ROOT / "corpus" / first["source"]).read_text(encoding="utf-8")
    assert first["end"] - first["start"] == len(first["quote"])
    assert first["quote"] in text


def test_ask_passes_the_history_for_a_follow_up(server, seed_assistant):
    history = [{"role": "user", "content": "What is piriformis syndrome?"},
               {"role": "assistant", "content": "Piriformis syndrome is a common cause of hip pain for runners."}]
    r = post(f"{server.url}/api/ask", json={"question": "What helps it?", "history": history})
    assert r.status_code == 200
    assert r.json() == seed_assistant.ask("What helps it?", history).to_dict()
    assert r.json() != seed_assistant.ask("What helps it?").to_dict()


def test_health_names_the_index(server, seed_assistant):
    r = httpx.get(f"{server.url}/api/health", timeout=30)
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "ok"
    assert data["index_version"] == seed_assistant.data.version
    assert data["documents"] == 1
    assert data["chunks"] == len(seed_assistant.data.chunks) > 0
    assert data["sentences"] == len(seed_assistant.data.sentences)
    assert data["model"] == seed_assistant.embedder.name


# ------------------------------------------------------------------ validation
BAD_BODIES = [
    ("missing question", {"history": []}, "no question"),
    ("question is a number", {"question": 42}, "question must be text"),
    ("question is a list", {"question": ["What", "is"]}, "question must be text"),
    ("history is a string", {"question": "What is impingement?", "history": "hi"}, "history must be a list"),
    ("empty question", {"question": ""}, "The question is empty"),
    ("whitespace question", {"question": " \t\n "}, "The question is empty"),
    ("control characters only", {"question": "\x00\x01\x1f"}, "The question is empty"),
    ("1001 characters", {"question": "a" * 1001}, "The question is 1001 characters long; the limit is 1000"),
    ("100 kB question", {"question": "b" * 100_000}, "the limit is 1000"),
    ("bad role", {"question": "Why?", "history": [{"role": "system", "content": "x"}]},
     "history[0].role is 'system'; it must be \"user\" or \"assistant\""),
    ("turn without content", {"question": "Why?", "history": [{"role": "user"}]}, "history[0].content"),
    ("10,000-turn history", {"question": "Why?", "history": [{"role": "user", "content": "hi"}] * 10_000},
     "The history has 10000 messages; the limit is 100"),
    ("body is a list", ["What is impingement?"], "must be a JSON object"),
]


@pytest.mark.parametrize("name,body,message", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_get_422_with_a_message(server, name, body, message):
    r = post(f"{server.url}/api/ask", json=body)
    assert r.status_code == 422, r.text
    assert message in r.json()["error"]


@pytest.mark.parametrize("raw", [b'{"question": ', b"question=hi", b"\xff\xfe\x00"])
def test_malformed_json_gets_422(server, raw):
    r = post(f"{server.url}/api/ask", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert "not valid JSON" in r.json()["error"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_oversized_body_gets_413(server, chunked):
    body = b'{"question": "' + b"x" * (2 << 20) + b'"}'
    content = iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    r = post(f"{server.url}/api/ask", content=content, headers={"Content-Type": "application/json"})
    assert r.status_code == 413  # refused before it is all read: nothing is parsed or echoed
    assert len(r.content) < 200


# ------------------------------------------------------------------ admin rebuild
def test_no_rebuild_route_without_a_token(server):
    r = post(f"{server.url}/api/rebuild", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (404, 405)
    assert "/api/rebuild" not in httpx.get(f"{server.url}/openapi.json", timeout=30).json()["paths"]


@pytest.fixture(scope="module")
def admin_server(embedder, tmp_path_factory):
    """An app with an admin token over its own copy of the corpus (rebuilds change it)."""
    from assistant import Assistant
    from assistant.api import build_app

    base = tmp_path_factory.mktemp("admin")
    shutil.copytree(ROOT / "corpus", base / "corpus")
    bot = Assistant.open(base / "corpus", base / "index", embedder=embedder, log=lambda m: None)
    settings = replace(bot.settings, admin_token=TOKEN, data_dir=base / "data")
    with ServerThread(build_app(bot, settings)) as srv:
        srv.corpus = base / "corpus"
        yield srv


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"},
                                     {"Authorization": "Bearer"}],
                         ids=["none", "wrong", "no scheme", "basic", "longer", "empty"])
def test_rebuild_refuses_a_missing_or_forged_token(admin_server, headers):
    r = post(f"{admin_server.url}/api/rebuild", headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in r.json()["error"]


def test_rebuild_with_the_token_swaps_in_new_content(admin_server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = httpx.get(f"{admin_server.url}/api/health", timeout=30).json()["index_version"]
    r = post(f"{admin_server.url}/api/rebuild", headers=auth)
    assert r.status_code == 200
    assert r.json()["published"] is False and r.json()["version"] == before

    (admin_server.corpus / "shin-splints.txt").write_text(
        "Shin splints\n\nShin splints are pain along the inner edge of the shinbone after running.\n",
        encoding="utf-8")
    r = post(f"{admin_server.url}/api/rebuild", headers=auth)
    assert r.status_code == 200
    report = r.json()
    assert report["published"] is True
    assert report["added"] == ["shin-splints.txt"]
    assert report["unchanged"] == ["hip-pain-while-running.txt"]
    assert "1 added" in report["summary"]
    health = httpx.get(f"{admin_server.url}/api/health", timeout=30).json()
    assert health["index_version"] == report["version"] != before
    assert health["documents"] == 2
    answer = post(f"{admin_server.url}/api/ask", json={"question": "What are shin splints?"}).json()
    assert answer["citations"][0]["source"] == "shin-splints.txt"


def test_rebuild_is_not_a_gradio_endpoint(admin_server):
    config = httpx.get(f"{admin_server.url}/config", timeout=30).json()
    names = [str(dep.get("api_name")) for dep in config["dependencies"]]
    assert names and not any("rebuild" in name or "build" in name for name in names), names


# ------------------------------------------------------------------ rate limit
def test_rate_limiter_token_bucket_exactly():
    from assistant.guards import RateLimiter

    now = [1000.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == pytest.approx(20.0)  # 3 a minute: one token every 20 s
    assert limiter.take("b") == 0.0  # clients are separate
    now[0] += 10
    assert limiter.take("a") == pytest.approx(10.0)
    now[0] += 10
    assert limiter.take("a") == 0.0
    assert limiter.take("a") == pytest.approx(20.0)
    now[0] += 3600  # a long pause refills only up to the burst size
    assert [limiter.take("a") for _ in range(4)] == [0.0, 0.0, 0.0, pytest.approx(20.0)]


def test_rate_limiter_memory_is_bounded_and_zero_disables():
    from assistant.guards import RateLimiter

    limiter = RateLimiter(1, max_clients=2, clock=lambda: 0.0)
    assert limiter.take("a") == 0.0 and limiter.take("b") == 0.0
    assert limiter.take("a") > 0  # "a" is now the most recent; "b" the stalest
    assert limiter.take("c") == 0.0  # evicts "b"
    assert len(limiter._buckets) == 2
    assert limiter.take("b") == 0.0  # forgotten, so a fresh bucket
    assert all(RateLimiter(0).take("a") == 0.0 for _ in range(100))


def test_ask_is_rate_limited_per_address(seed_assistant):
    from assistant.api import build_app

    settings = replace(seed_assistant.settings, rate_limit_per_minute=3)
    with ServerThread(build_app(seed_assistant, settings)) as srv:
        codes = [post(f"{srv.url}/api/ask", json={"question": "What is a labral tear?"}) for _ in range(4)]
        assert [r.status_code for r in codes] == [200, 200, 200, 429]
        retry = int(codes[-1].headers["retry-after"])
        assert 1 <= retry <= 20
        assert f"try again in {retry} s" in codes[-1].json()["error"]
        assert httpx.get(f"{srv.url}/api/health", timeout=30).status_code == 200  # only /api/ask is limited


# ------------------------------------------------------------------ CORS and framing
@pytest.fixture(scope="module")
def origin_server(seed_assistant, tmp_path_factory):
    from assistant.api import build_app

    settings = replace(seed_assistant.settings, allowed_origins=(ALLOWED,))
    with ServerThread(build_app(seed_assistant, settings)) as srv:
        yield srv


def preflight(url, origin):
    return httpx.options(f"{url}/api/ask", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})


@pytest.mark.parametrize("origin", [ALLOWED, "http://127.0.0.1:7860", "http://localhost:7860"])
def test_preflight_from_an_allowed_origin(origin_server, origin):
    r = preflight(origin_server.url, origin)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == origin
    assert "POST" in r.headers["access-control-allow-methods"]


@pytest.mark.parametrize("origin", ["https://evil.example", "http://site.example", "https://site.example.evil",
                                    "null", "http://127.0.0.1:1"])
def test_preflight_from_a_refused_origin(origin_server, origin):
    r = preflight(origin_server.url, origin)
    assert r.status_code == 400
    assert "access-control-allow-origin" not in r.headers


def test_gradio_cors_is_replaced_by_the_allow_list(origin_server):
    # Gradio alone echoes any Origin when the Host is not a local name; the allow-list must win
    r = httpx.get(f"{origin_server.url}/config", timeout=30,
                  headers={"Host": "qa.example.org", "Origin": "https://evil.example"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    r = httpx.get(f"{origin_server.url}/config", timeout=30, headers={"Origin": ALLOWED})
    assert r.headers["access-control-allow-origin"] == ALLOWED
    r = post(f"{origin_server.url}/api/ask", json={"question": "What is a labral tear?"},
             headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_pages_say_who_may_frame_them(origin_server, path):
    r = httpx.get(origin_server.url + path, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f"frame-ancestors 'self' {ALLOWED}" in r.headers["content-security-policy"]


def test_default_frame_ancestors_is_self_only(server):
    assert httpx.get(f"{server.url}/embed", timeout=30).headers["content-security-policy"].endswith(
        "frame-ancestors 'self'")
    assert httpx.get(f"{server.url}/", timeout=30).headers["content-security-policy"] == "frame-ancestors 'self'"


def test_allowed_origins_are_normalised_as_browsers_send_them():
    from assistant.guards import checked_origins

    assert checked_origins(["HTTPS://Site.Example/", "https://site.example:443", "http://a.example:8080 "]) == [
        "https://site.example", "http://a.example:8080"]


@pytest.mark.parametrize("origins", [("*",), ("null",), ("https://site.example/path",), ("site.example",),
                                     ("https://*.example.org",)])
def test_wildcards_and_non_origins_are_refused_at_start(seed_assistant, origins):
    from assistant.api import build_app
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="not an origin"):
        build_app(seed_assistant, replace(seed_assistant.settings, allowed_origins=origins))


# ------------------------------------------------------------------ static files and Gradio hardening
def test_embedding_files_are_served(server):
    widget = httpx.get(f"{server.url}/widget.js", timeout=30)
    assert widget.status_code == 200 and widget.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in widget.text and "innerHTML" not in widget.text
    loader = httpx.get(f"{server.url}/gradio.js", timeout=30)
    assert loader.status_code == 200 and loader.headers["content-type"].startswith("text/javascript")
    entry = loader.text.split('"./')[1].split('"')[0]  # import("./assets/index-<hash>.js")
    assert httpx.get(f"{server.url}/{entry}", timeout=30).status_code == 200
    page = httpx.get(f"{server.url}/embed?title=<b>Hi</b>", timeout=30)
    assert "&lt;b&gt;Hi&lt;/b&gt;" in page.text and "<b>Hi" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert httpx.get(f"{server.url}/docs", timeout=30).status_code == 200
    assert "/api/ask" in httpx.get(f"{server.url}/openapi.json", timeout=30).json()["paths"]


def _gradio_blocks(app):
    mount = next(r for r in app.routes if getattr(r, "path", None) == "")
    return mount.app.get_blocks()


def test_gradio_is_bounded_and_blocks_private_folders(seed_assistant, tmp_path):
    from assistant.api import build_app

    settings = replace(seed_assistant.settings, data_dir=tmp_path / "data", queue_size=7)
    blocks = _gradio_blocks(build_app(seed_assistant, settings))
    blocked = {Path(p) for p in blocks.blocked_paths}
    assert {settings.index.resolve(), settings.corpus.resolve(), (tmp_path / "data").resolve()} <= blocked
    assert blocks.allowed_paths == []
    assert blocks._queue.max_size == 7
    assert blocks.max_file_size == 1024 * 1024


def file_routes(path: Path) -> list[str]:
    rel = Path("..", "..", *path.parts[1:]).as_posix()
    return [f"/gradio_api/file={path}", f"/file={path}", f"/gradio_api/file={rel}",
            f"/gradio_api/file={str(path).replace('/', '%2F')}", f"/gradio_api/file=//{path}",
            f"/static/../../{rel}", f"/assets/../{rel}"]


def test_gradio_file_routes_cannot_read_the_index_or_corpus(server, seed_assistant):
    index = seed_assistant.settings.index
    secrets = [index / "CURRENT", index / seed_assistant.data.version / "manifest.json",
               seed_assistant.settings.corpus / "hip-pain-while-running.txt",
               ROOT / "corpus" / "hip-pain-while-running.txt"]
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for secret in secrets:
            content = secret.read_text(encoding="utf-8")[:200]
            for route in file_routes(secret.resolve()):
                r = client.get(route)
                assert r.status_code in (403, 404), (route, r.status_code)
                assert content not in r.text


# ------------------------------------------------------------------ start-up
def test_serve_loads_the_model_before_it_listens(seed_assistant, tmp_path, monkeypatch):
    """An index loaded from disk needs no embedding: without the warm-up the model (and torch) would
    load on the first question, and the first reader would wait seconds for it."""
    import uvicorn

    from assistant import api, lexical, server

    lexical._english.cache_clear()  # the typo dictionary, which earlier tests may have loaded
    s = replace(seed_assistant.settings, data_dir=tmp_path / "data", watch=False)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    served = {}
    build_app = api.build_app

    def keep_assistant(bot, settings):
        served["bot"] = bot
        return build_app(bot, settings)

    def run(app, **kwargs):  # where uvicorn would start listening
        served["loaded"] = served["bot"].embedder._model is not None
        served["dictionary"] = lexical._english.cache_info().currsize == 1

    monkeypatch.setattr(api, "build_app", keep_assistant)
    monkeypatch.setattr(uvicorn, "run", run)
    server.serve(s)
    assert served["bot"].embedder is not seed_assistant.embedder  # its own, loaded by serve itself
    assert served["loaded"] is True
    assert served["dictionary"] is True
