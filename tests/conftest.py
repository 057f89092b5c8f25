"""Shared fixtures: the real bundled model, a real index, a real server, a real browser.

The model is loaded once per session (STYLE: slow things are explicit). Tests that
need a browser use Debian's chromium through Playwright; never `playwright install`.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("NO_PROXY", "localhost,127.0.0.1")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "hip-pain-while-running.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def embedder():
    from assistant.embed import BundledEmbedder

    return BundledEmbedder()


@pytest.fixture(scope="session")
def seed_assistant(embedder, tmp_path_factory):
    """An assistant over a copy of the shipped corpus, with its own index folder."""
    from assistant import Assistant
    from assistant.config import Settings

    base = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "corpus", base / "corpus")
    return Assistant.open(base / "corpus", base / "index", settings=Settings(data_dir=base / "data"),
                          embedder=embedder, log=lambda m: None)


@pytest.fixture(scope="session")
def answers_log():
    """Every answer produced through `ask_checked`, for the offsets check at the end."""
    return []


@pytest.fixture
def ask_checked(seed_assistant, answers_log):
    """Ask the seed assistant and check every citation slices its document exactly."""
    def ask(question, history=None, assistant=None):
        bot = assistant or seed_assistant
        answer = bot.ask(question, history)
        for c in answer.citations:
            assert bot.data.documents[c.doc_id].text[c.start:c.end] == c.quote
        answers_log.append(answer)
        return answer

    return ask


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn in a thread on a free localhost port."""

    def __init__(self, app, port: int | None = None):
        import uvicorn

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(seed_assistant):
    """The full app (API + Gradio UI) over the seed corpus, on a free port."""
    from assistant.api import build_app

    warnings.filterwarnings("ignore", module="gradio")
    with ServerThread(build_app(seed_assistant)) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install -y chromium`), "
                    "as .ci/run does.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
