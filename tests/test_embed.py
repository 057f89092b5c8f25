"""Embedding in a real browser: the script widget, the iframe and the web component on a host page
served from another origin (another port), and a page from an origin not on the allow-list.

One app serves the assistant with `allowed_origins` = the "friend" host; the "stranger" host
serves the same pages from a port that is not on the list. Headless Debian chromium via Playwright.
"""
from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from conftest import ServerThread, free_port

IMPINGEMENT = "Impingement occurs if hip bones rub together"
CAUSES = "Common causes including muscle strains, tendinitis, impingement, osteoarthritis, labral tears"
WAIT = 60_000  # ms; the first answer can take ~10 s on two cores
WIDGET = "article-assistant-widget"
pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")  # gradio's own pandas deprecations


def host_app(pages: dict[str, str]):
    """A static site: GET /<name> serves pages[name]."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, PlainTextResponse
    from starlette.routing import Route

    async def page(request):
        html = pages.get(request.path_params["name"])
        return PlainTextResponse("no such page", 404) if html is None else HTMLResponse(html)

    return Starlette(routes=[Route("/{name}", page)])


@pytest.fixture(scope="module")
def sites(seed_assistant):
    from assistant.api import build_app

    friend_port, stranger_port = free_port(), free_port()
    settings = replace(seed_assistant.settings, allowed_origins=(f"http://127.0.0.1:{friend_port}",))
    pages: dict[str, str] = {}
    with ServerThread(build_app(seed_assistant, settings)) as qa, \
            ServerThread(host_app(pages), friend_port) as friend, \
            ServerThread(host_app(pages), stranger_port) as stranger:
        yield SimpleNamespace(qa=qa.url, friend=friend.url, stranger=stranger.url, pages=pages)


def host_page(sites, name: str, body: str, head: str = "") -> str:
    sites.pages[name] = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                         f'content="width=device-width, initial-scale=1"><title>Host</title>{head}</head><body>'
                         f'<h1>A host page</h1><div class="panel" id="host-panel">Host text.</div>{body}</body></html>')
    return name


def widget_tag(sites, attrs: str = "") -> str:
    return f'<script src="{sites.qa}/widget.js" {attrs} defer></script>'


def asks(page) -> list[dict]:
    """Bodies of the /api/ask requests the page makes, as they are made."""
    bodies = []
    page.on("request", lambda r: bodies.append(json.loads(r.post_data))
            if r.url.endswith("/api/ask") and r.method == "POST" else None)
    return bodies


def ask_in(scope, question: str):
    box = scope.locator(f"{WIDGET} textarea") if hasattr(scope, "on") else scope.locator("textarea")
    box.fill(question)
    box.press("Enter")


def bot_messages(scope):
    return scope.locator(".msg.bot:not(.pending)")


# ------------------------------------------------------------------ script widget
def test_widget_answers_with_citations_and_follows_up(page, sites, seed_assistant):
    page.goto(f"{sites.friend}/{host_page(sites, 'widget', widget_tag(sites))}")
    sent = asks(page)
    launcher = page.get_by_role("button", name="Ask the article", exact=True)
    launcher.click()
    expect(page.get_by_role("dialog", name="Ask the article")).to_be_visible()
    expect(page.locator(f"{WIDGET} textarea")).to_be_focused()

    ask_in(page, "What is impingement?")
    first = bot_messages(page).nth(0)
    expect(first).to_contain_text(IMPINGEMENT, timeout=WAIT)
    expect(first.locator(".section").first).to_have_text(f"Understanding Hip Pain While Running › {CAUSES}")
    expect(first.locator(".quote").first).to_contain_text(IMPINGEMENT)

    follow_up = "What are the other causes?"
    ask_in(page, follow_up)
    expect(bot_messages(page)).to_have_count(2, timeout=WAIT)
    answer1 = seed_assistant.ask("What is impingement?")
    history = [{"role": "user", "content": "What is impingement?"}, {"role": "assistant", "content": answer1.text}]
    assert sent[1] == {"question": follow_up, "history": history}
    expected = seed_assistant.ask(follow_up, history)
    expect(bot_messages(page).nth(1).locator(".text")).to_have_text(expected.text)
    # the widget's styles stay in its shadow root: the host's own ".panel" is untouched
    assert page.eval_on_selector("#host-panel", "e => getComputedStyle(e).position") == "static"


WRAPPED = ("Shin Splints\n\nShin splints are a common complaint among people who have just started\n"
           "running. The pain sits along the inner edge of the shinbone and usually\n"
           "eases when the runner stops.\n")


def test_widget_shows_a_hard_wrapped_quote_as_one_line_and_sends_it_back_verbatim(page, sites, embedder, tmp_path):
    from assistant import Assistant
    from assistant.api import build_app
    from assistant.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "shins.txt").write_text(WRAPPED, encoding="utf-8")
    bot = Assistant.open(corpus, tmp_path / "index", settings=Settings(data_dir=tmp_path / "data"),
                         embedder=embedder, log=lambda m: None)
    question = "Where does the pain of shin splints sit?"
    expected = bot.ask(question)
    assert "usually\neases" in expected.text  # the answer and its quote are verbatim, line break and all
    settings = replace(bot.settings, allowed_origins=(sites.friend,))
    with ServerThread(build_app(bot, settings)) as qa:
        tag = f'<script src="{qa.url}/widget.js" data-open="true" defer></script>'
        page.goto(f"{sites.friend}/{host_page(sites, 'wrapped', tag)}")
        sent = asks(page)
        ask_in(page, question)
        answer = bot_messages(page).nth(0)
        expect(answer.locator(".text")).to_have_text(" ".join(expected.text.split()), timeout=WAIT)
        assert "\n" not in answer.locator(".text").inner_text()  # shown as one line (the panel keeps line breaks)
        ask_in(page, "and when does it ease?")
        expect(bot_messages(page)).to_have_count(2, timeout=WAIT)
        assert sent[1]["history"][1] == {"role": "assistant", "content": expected.text}


def test_the_widget_breaks_lines_by_the_chat_uis_rule():
    import re

    from assistant import ui
    from assistant.api import STATIC

    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    literal = re.search(r'var WRAP = new RegExp\(((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+), "g"\);', source)
    assert literal, "widget.js must build WRAP from string literals"
    pattern = "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', literal.group(1)))
    assert pattern == ui._WRAP.pattern


def test_widget_replies_to_a_greeting_and_offers_questions_to_start_with(page, sites, seed_assistant):
    page.goto(f"{sites.friend}/{host_page(sites, 'hello', widget_tag(sites))}")
    sent = asks(page)
    page.get_by_role("button", name="Ask the article", exact=True).click()
    ask_in(page, "hi!")
    reply = bot_messages(page).nth(0)
    expect(reply).to_contain_text("Hello!", timeout=WAIT)
    expect(reply).not_to_contain_text("Closest sections")
    first = seed_assistant.starter_questions(1)[0]  # the corpus FAQ's first question
    reply.get_by_role("group", name="For example").get_by_role("button", name=first).click()
    expect(bot_messages(page)).to_have_count(2, timeout=WAIT)
    assert sent[-1]["question"] == first  # a question is asked as it is, not "What does the article say about…?"


def test_widget_works_by_keyboard(page, sites):
    name = host_page(sites, "keys", widget_tag(sites, 'data-title="Hip help"'))
    page.goto(f"{sites.friend}/{name}")
    launcher = page.get_by_role("button", name="Hip help", exact=True)
    page.keyboard.press("Tab")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Hip help")
    expect(dialog).to_be_visible()
    expect(page.locator(f"{WIDGET} textarea")).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Hip help", exact=True)).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_widget_survives_hostile_host_css(page, sites, seed_assistant):
    hostile = ("<style>* { all: unset !important; } div, section, button, textarea, "
               f"{WIDGET} {{ display: none !important; color: red !important; }}</style>")
    tag = widget_tag(sites, 'data-open="true" data-position="left" data-placeholder="Type here"')
    page.goto(f"{sites.friend}/{host_page(sites, 'hostile', tag, head=hostile)}")
    dialog = page.get_by_role("dialog", name="Ask the article")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box["x"] < 100 and box["width"] > 300 and box["height"] > 300  # left corner, full size
    expect(page.get_by_placeholder("Type here")).to_be_visible()
    ask_in(page, "What is a labral tear?")
    expected = seed_assistant.ask("What is a labral tear?")
    expect(bot_messages(page).nth(0).locator(".text")).to_have_text(expected.text, timeout=WAIT)
    expect(bot_messages(page).nth(0).locator(".quote").first).to_be_visible()


def test_widget_is_full_screen_at_phone_width(browser, sites):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        page.goto(f"{sites.friend}/{host_page(sites, 'phone', widget_tag(sites))}")
        page.get_by_role("button", name="Ask the article", exact=True).click()
        box = page.get_by_role("dialog").bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 667)
    finally:
        context.close()


def test_widget_shows_errors(page, sites):
    page.goto(f"{sites.qa}/embed")  # the same widget, inline, on the app's own origin
    ask_in(page, "a" * 1001)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("the limit is 1000", timeout=WAIT)
    expect(page.locator(f"{WIDGET} textarea")).to_have_value("a" * 1001)  # kept for another try

    page.route("**/api/ask", lambda route: route.fulfill(status=429, headers={"Retry-After": "7"},
                                                          json={"error": "Too many"}))
    ask_in(page, "What is a labral tear?")
    expect(alert.nth(1)).to_have_text("Too many questions right now; try again in 7 seconds.")
    page.unroute("**/api/ask")
    page.route("**/api/ask", lambda route: route.abort())
    ask_in(page, "What is a labral tear?")
    expect(alert.nth(2)).to_contain_text("Could not reach the assistant")


def test_widget_renders_server_text_as_text(page, sites):
    evil = '<img src=x onerror="window.__pwned=1">'
    fake = {"question": "q", "answer": f"Answer {evil}", "declined": True, "confidence": 0.1,
            "citations": [{"source": "a.txt", "section": evil, "section_path": [evil], "quote": f"Quote {evil}",
                           "start": 0, "end": 1, "page": None}], "suggestions": [evil]}
    page.route("**/api/ask", lambda route: route.fulfill(json=fake))
    page.goto(f"{sites.qa}/embed")
    ask_in(page, "Anything?")
    message = bot_messages(page).nth(0)
    expect(message.locator(".text")).to_have_text(f"Answer {evil}", timeout=WAIT)
    expect(message.locator(".quote")).to_have_text(f"Quote {evil}")
    expect(message.get_by_role("button", name=evil)).to_be_visible()
    assert page.locator(f"{WIDGET} img").count() == 0
    assert page.evaluate("window.__pwned") is None


# ------------------------------------------------------------------ iframe and web component
def test_iframe_embed_answers(page, sites, seed_assistant):
    frame_tag = f'<iframe src="{sites.qa}/embed?title=Hip%20help" title="Hip help" width="420" height="600"></iframe>'
    page.goto(f"{sites.friend}/{host_page(sites, 'iframe', frame_tag)}")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", name="Hip help")).to_be_visible(timeout=WAIT)
    ask_in(frame, "What is a labral tear?")
    expected = seed_assistant.ask("What is a labral tear?")
    expect(bot_messages(frame).nth(0).locator(".text")).to_have_text(expected.text, timeout=WAIT)
    expect(bot_messages(frame).nth(0).locator(".section").first).to_contain_text(expected.citations[0].section)


def test_web_component_renders_and_answers(page, sites, seed_assistant):
    body = (f'<script type="module" src="{sites.qa}/gradio.js"></script>'
            f'<gradio-app src="{sites.qa}/"></gradio-app>')
    page.goto(f"{sites.friend}/{host_page(sites, 'component', body)}")
    box = page.locator("gradio-app textarea").first
    expect(box).to_be_visible(timeout=WAIT)
    box.fill("What is a labral tear?")
    box.press("Enter")
    quote = seed_assistant.ask("What is a labral tear?").citations[0].quote
    expect(page.locator("gradio-app [data-testid=bot]").first).to_contain_text(quote[:40], timeout=WAIT)


# ------------------------------------------------------------------ refused origin
def test_a_site_not_on_the_allow_list_is_refused(page, sites):
    body = (widget_tag(sites, 'data-open="true"')
            + f'<iframe src="{sites.qa}/embed" title="chat" width="400" height="400"></iframe>'
            + f'<script type="module" src="{sites.qa}/gradio.js"></script><gradio-app src="{sites.qa}/"></gradio-app>')
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(f"{sites.stranger}/{host_page(sites, 'stranger', body)}")

    ask_in(page, "What is a labral tear?")
    expect(page.get_by_role("alert")).to_contain_text("Could not reach the assistant", timeout=WAIT)
    assert bot_messages(page).count() == 0
    assert any("CORS policy" in line and "/api/ask" in line for line in console), console

    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if f.parent_frame is page.main_frame)
    assert not frame.url.startswith(sites.qa), frame.url  # the browser refused to render /embed here
    assert frame.locator("textarea").count() == 0
    assert page.locator("gradio-app textarea").count() == 0
