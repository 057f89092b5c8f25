"""The chat UI: formatting (no browser), the feedback store and report, and the
real app (`api.build_app`) in headless chromium with the real model.

The browser tests run their own servers so that every feedback file lands under
tmp_path: one over the seed corpus (reusing the session index), one over a
corpus whose only file holds `<script>` and `<img onerror>` text.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import ui
from assistant.config import Settings
from assistant.datatypes import Answer, Citation, Document, Section
from assistant.errors import InvalidQuestionError
from assistant.feedback import FeedbackStore, answer_record, format_report, gaps, print_report

from conftest import ROOT, ServerThread

# gradio's queue calls pandas APIs that pandas 3 deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore:::gradio.queueing")
FIRST_ANSWER_MS = 60_000
BOT = "[data-testid=bot]"  # inside one .bot-row

# ------------------------------------------------------------------ formatting, no browser
TEXT = "Intro line.\n\nThe <b>knee</b> & hip. Hips rub.\n\nLater text."
DOC = Document(id="d1", source="notes/hips.txt", title="Hips & <Knees>", text=TEXT, pages=(0, 13),
               sections=(Section("Intro", ("Intro",), 0, 11), Section("Joints", ("Body", "Joints"), 13, 44)))


def cite(start: int, end: int) -> Citation:
    return Citation("d1", DOC.source, "Joints", ("Body", "Joints"), TEXT[start:end], start, end, DOC.page_at(start))


def test_md_text_shows_html_and_markdown_literally():
    assert ui.md_text('<img src=x onerror="a()"> *b* [c](d) `e`') == \
        '&lt;img src=x onerror="a()"&gt; \\*b\\* \\[c\\](d) \\`e\\`'
    assert ui.md_text("    # Title\n  1. one\n- two") == "\\# Title\n1\\. one\n\\- two"


def test_answer_markdown_numbers_each_quote_in_order():
    a = Answer("q", "The <b>knee</b> & hip.\n\nHips rub.", (cite(13, 35), cite(36, 45)), False, 0.9)
    assert ui.answer_markdown(a) == "The &lt;b&gt;knee&lt;/b&gt; &amp; hip. [1]\n\nHips rub. [2]"


def test_answer_markdown_reads_a_hard_wrapped_quote_as_one_line_but_keeps_lists_and_places_apart():
    text = ("An estimated third of the world's population (or\n500 million) were ill.\nDeaths rose.\n\n"
            "Causes are:\n  • strains\n  • tears and\nsprains\n\nRest\nIce")
    quotes = text.split("\n\n")
    a = Answer("q", text, tuple(Citation("d1", "x.txt", "S", ("S",), q, 0, len(q), None) for q in quotes), False, 0.9)
    assert ui.answer_markdown(a) == (
        "An estimated third of the world's population (or 500 million) were ill.\nDeaths rose. [1]\n\n"
        "Causes are:\n• strains\n• tears and sprains [2]\n\n"
        "Rest\nIce [3]")  # short lines before a capital are lines of their own, as the chunker reads them


def test_highlight_marks_the_quote_in_place_and_escapes_around_it():
    assert ui.highlight(TEXT, 36, 45, 13, 45) == \
        "The &lt;b&gt;knee&lt;/b&gt; &amp; hip. <mark>Hips rub.</mark>"
    assert ui.highlight("aaa bbb ccc QUOTE ddd eee fff", 12, 17, 0, 29, context=6) == \
        "… ccc <mark>QUOTE</mark> ddd …"


def test_sources_box_lists_title_path_page_and_marked_section():
    a = Answer("q", "Hips rub.", (cite(36, 45),), False, 0.9)
    answer, sources = ui.format_answer(a, {"d1": DOC})
    assert answer == {"role": "assistant", "content": "Hips rub. [1]"}
    assert sources["metadata"] == {"title": "Sources (1)", "status": "done"}
    assert sources["content"] == (
        '<div class="sources"><div class="source"><div class="source-head"><strong>[1] Hips &amp; &lt;Knees&gt;'
        '</strong> · Body › Joints · page 2 <span class="source-file">(notes/hips.txt)</span></div>'
        '<blockquote class="section-text">The &lt;b&gt;knee&lt;/b&gt; &amp; hip. <mark>Hips rub.</mark>'
        '</blockquote></div></div>')


def test_decline_says_so_and_offers_sections_as_questions():
    a = Answer("capital?", "I couldn't find an answer to that in the article.", (), True, 0.1,
               suggestions=("Labral tear", "Why do my hips hurt when I run?"))
    [msg] = ui.format_answer(a, {})
    assert msg["content"].startswith('<span class="decline-note">The article doesn\'t cover this.</span>')
    assert msg["options"] == [{"value": "Tell me about Labral tear", "label": "Labral tear"},
                              {"value": "Why do my hips hurt when I run?", "label": "Why do my hips hurt when I run?"}]


def test_small_talk_is_a_reply_with_questions_to_start_with_not_a_decline():
    answer = Answer("hi", "Hello! Ask me anything.", (), True, 0.0, suggestions=("Why do hips rub?",), small_talk=True)
    [message] = ui.format_answer(answer, {"d1": DOC})
    assert "doesn't cover" not in message["content"] and message["content"].startswith("Hello! Ask me anything.")
    assert message["options"] == [{"value": "Why do hips rub?", "label": "Why do hips rub?"}]


def test_history_is_plain_question_and_answer_text():
    turns = [{"rows": [1, 2], "question": "Q1", "answer": "A1", "citations": []}]
    assert ui.history_of(turns) == [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1"}]


class FakeAssistant:
    """Answers from DOC; records what `ask` was given."""

    def __init__(self, data_dir):
        self.settings = Settings(data_dir=data_dir)
        self.data = SimpleNamespace(documents={"d1": DOC})
        self.calls = []

    def starter_questions(self, limit=4):
        return ["Why do hips rub?"]

    def ask(self, question, history=None):
        self.calls.append((question, history))
        if not question.strip():
            raise InvalidQuestionError("The question is empty; type a question about the article.")
        if question == "thanks":
            return Answer(question, "You're welcome.", (), True, 0.0, small_talk=True)
        if "france" in question.lower():
            return Answer(question, "I couldn't find an answer to that in the article.", (), True, 0.1,
                          suggestions=("Joints",))
        return Answer(question, "Hips rub.", (cite(36, 45),), False, 0.9)


def test_handlers_pass_plain_history_show_errors_and_record_feedback(tmp_path):
    import gradio as gr

    bot = FakeAssistant(tmp_path)
    handlers = {f.name: f.fn for f in ui.build_ui(bot).fns.values()}
    show, respond, vote = handlers["show_question"], handlers["respond"], handlers["vote"]
    box, chat, question, ask, new = show("Why *do* hips rub?", [])
    assert box.interactive is False and ask.interactive is False and new.interactive is False  # until answered
    assert chat == [{"role": "user", "content": "Why \\*do\\* hips rub?"}] and question == "Why *do* hips rub?"
    chat, turns = respond(question, chat, [])
    assert [m.get("metadata", {}).get("title") for m in chat] == [None, None, "Sources (1)"]
    chat, turns = respond("and France?", show("and France?", chat)[1], turns)
    assert bot.calls[1][1] == [{"role": "user", "content": "Why *do* hips rub?"},
                               {"role": "assistant", "content": "Hips rub."}]
    chat, turns = respond("", show("", chat)[1], turns)
    assert chat[-1] == {"role": "assistant",
                        "content": "**Couldn't answer:** The question is empty; type a question about the article."}
    assert [t["rows"] for t in turns] == [[1, 2], [4]]  # the chat rows the like buttons report
    vote(gr.LikeData(None, {"index": 1, "value": [], "liked": False}), turns)
    vote(gr.LikeData(None, {"index": 6, "value": [], "liked": False}), turns)  # the error: not an answer
    entries, _ = FeedbackStore(tmp_path).entries()
    assert [(e["kind"], e["question"], e.get("liked")) for e in entries] == [
        ("declined", "and France?", None), ("vote", "Why *do* hips rub?", False)]
    chat, turns = respond("thanks", show("thanks", chat)[1], turns)
    assert chat[-1]["content"] == "You're welcome." and len(FeedbackStore(tmp_path).entries()[0]) == 2  # no gap


# ------------------------------------------------------------------ feedback store and report
def test_feedback_report_groups_declined_and_disliked_most_frequent_first(tmp_path, capsys):
    store = FeedbackStore(tmp_path / "data")
    declined = Answer("What is the capital of France?", "no", (), True, 0.1, suggestions=("Introduction",))
    liked = Answer("Why do hips hurt?", "Because.", (cite(36, 45),), False, 0.9)
    store.declined(declined)
    store.declined(dataclasses.replace(declined, question="what is the CAPITAL of france"))
    store.vote(answer_record(liked), liked=False)
    store.vote(answer_record(liked), liked=True)
    entries, bad = store.entries()
    assert bad == 0 and [e["kind"] for e in entries] == ["declined", "declined", "vote", "vote"]
    assert entries[2]["citations"] == [{"source": "notes/hips.txt", "section": "Joints",
                                        "section_path": ["Body", "Joints"], "quote": "Hips rub.",
                                        "start": 36, "end": 45}]
    assert [(g.question, g.declined, g.disliked, g.closest_section) for g in gaps(entries)] == [
        ("What is the capital of France?", 2, 0, "Introduction"), ("Why do hips hurt?", 0, 1, "Joints")]
    assert print_report(Settings(data_dir=tmp_path / "data")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:] == ["   2×  What is the capital of France?", "       declined 2 · closest section: Introduction",
                       "   1×  Why do hips hurt?", "       disliked 1 · closest section: Joints"]


def test_report_is_friendly_when_there_is_no_feedback(tmp_path):
    assert format_report([], tmp_path / "feedback.jsonl") == \
        f"No content gaps yet: no question has been declined or disliked ({tmp_path / 'feedback.jsonl'})."


def test_feedback_appends_whole_lines_from_many_threads(tmp_path):
    store = FeedbackStore(tmp_path)
    record = answer_record(Answer("q " * 3000, "a", (), True, 0.0))  # lines far beyond one write buffer
    threads = [threading.Thread(target=lambda: [store.vote(record, True) for _ in range(20)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries, bad = store.entries()
    assert (len(entries), bad) == (160, 0)


# ------------------------------------------------------------------ the real app in a browser
XSS_DOC = """Marathon packing list

Race morning

Pack energy gels, spare socks and a charged watch the night before the marathon.
The race bib note read <script>window.__pwned=1</script> in the organiser's email.
A broken badge showed <img src=x onerror="window.__pwned=2"> where the logo should be.
The checklist said *bring* [gels](http://example.com) and `socks` & tape.
"""


@pytest.fixture(scope="module")
def app_server(seed_assistant, embedder, tmp_path_factory):
    """The real app over the seed corpus and index, with its own data folder."""
    from assistant import Assistant
    from assistant.api import build_app

    warnings.filterwarnings("ignore", module="gradio")
    data = tmp_path_factory.mktemp("ui-data")
    s = seed_assistant.settings
    bot = Assistant.open(s.corpus, s.index, settings=dataclasses.replace(s, data_dir=data), embedder=embedder,
                         log=lambda m: None)
    with ServerThread(build_app(bot)) as srv:
        srv.data_dir = data
        yield srv


@pytest.fixture(scope="module")
def xss_server(embedder, tmp_path_factory):
    from assistant import Assistant
    from assistant.api import build_app

    base = tmp_path_factory.mktemp("xss")
    (base / "corpus").mkdir()
    (base / "corpus" / "packing.txt").write_text(XSS_DOC, encoding="utf-8")
    bot = Assistant.open(base / "corpus", base / "index", settings=Settings(data_dir=base / "data"),
                         embedder=embedder, log=lambda m: None)
    with ServerThread(build_app(bot)) as srv:
        yield srv


@pytest.fixture(scope="module")
def slow_server(seed_assistant, tmp_path_factory):
    """The real app and assistant, answering 1.5 s late, as a busy server or a slow link would."""
    import time

    from assistant import Assistant
    from assistant.api import build_app

    class SlowAssistant(Assistant):
        def ask(self, question, history=None):
            time.sleep(1.5)
            return super().ask(question, history)

    s = dataclasses.replace(seed_assistant.settings, data_dir=tmp_path_factory.mktemp("slow-data"))
    with ServerThread(build_app(SlowAssistant(seed_assistant.data, seed_assistant.embedder, s))) as srv:
        yield srv


def open_chat(page, url, width=1200, height=900):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=FIRST_ANSWER_MS)


def ask(page, question):
    """Type a question, press Enter, wait for one more bot turn; its locator."""
    rows = page.locator("#chat .bot-row")
    n = rows.count()
    page.get_by_role("textbox", name="Your question").fill(question)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#chat .bot-row').length > {n}", timeout=FIRST_ANSWER_MS)
    return rows.nth(n)


def test_answer_quotes_with_markers_and_highlights_the_quote_in_sources(app_server, page, tmp_path):
    open_chat(page, app_server.url)
    turn = ask(page, "What is impingement?")
    answer = turn.locator(BOT).first
    assert "Impingement occurs if hip bones rub together" in answer.inner_text()
    assert "[1]" in answer.inner_text()
    turn.locator(".thought-group .title").first.click()
    mark = turn.locator(".thought-group mark").filter(has_text="Impingement occurs if hip bones rub together")
    mark.wait_for(timeout=10_000)
    box = turn.locator(".thought-group").first.inner_text()
    assert "Sources (" in box and "Pain in the hips while running" in box and " › " in box
    # copy, like and dislike on the answer; labelled controls, reachable by role
    for name in ("Copy message", "Like", "Dislike"):
        assert turn.get_by_role("button", name=name).count() >= 1
    assert page.get_by_role("button", name="New conversation").is_visible()
    page.wait_for_timeout(1500)  # the box opens with a slide transition
    turn.evaluate("e => e.scrollIntoView({block: 'start'})")  # the answer, then its sources
    page.wait_for_timeout(300)
    # the README's picture is refreshed on request only, so that a test run leaves the tree clean:
    # SCREENSHOT=docs/screenshot.png python -m pytest tests/test_ui.py
    shot = Path(os.environ.get("SCREENSHOT") or tmp_path / "screenshot.png")
    page.screenshot(path=str(shot if shot.is_absolute() else ROOT / shot))
    assert (shot if shot.is_absolute() else ROOT / shot).stat().st_size > 10_000


def test_follow_up_uses_the_history_and_new_conversation_clears_it(app_server, page):
    open_chat(page, app_server.url, width=375, height=800)  # phone width
    ask(page, "I think I might have a labral tear. What should I do?")
    follow = ask(page, "will I need surgery?")
    assert "surgical" in follow.locator(BOT).first.inner_text()
    follow = ask(page, "is it serious?")
    assert "runners with a labral tear to seek medical attention" in follow.locator(BOT).first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 0", timeout=10_000)
    alone = ask(page, "is it serious?")  # without the history there is nothing for "it" to stand for
    assert "doesn't cover" in alone.inner_text()


def test_no_question_is_lost_while_an_answer_is_on_its_way(slow_server, page):
    """Before, a question sent while the previous one was being answered was echoed, then wiped by
    the earlier answer, and never answered. Now the controls wait for the answer, as in
    gr.ChatInterface, and the cursor is back in the box for the next question."""
    open_chat(page, slow_server.url)
    box = page.get_by_role("textbox", name="Your question")
    box.fill("What is impingement?")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#question textarea').disabled", timeout=10_000)
    assert page.get_by_role("button", name="Ask").is_disabled()
    assert page.get_by_role("button", name="New conversation").is_disabled()
    page.keyboard.type("What is tendinitis?")  # typed ahead into a locked box: nothing is sent
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 1", timeout=FIRST_ANSWER_MS)
    page.wait_for_function("!document.querySelector('#question textarea').disabled", timeout=10_000)
    page.wait_for_function("document.activeElement === document.querySelector('#question textarea')",
                           timeout=10_000)
    assert page.locator("#chat [data-testid=user]").count() == 1
    page.keyboard.type("What is tendinitis?")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 2", timeout=FIRST_ANSWER_MS)
    users = page.locator("#chat [data-testid=user]").all_inner_texts()
    assert users == ["What is impingement?", "What is tendinitis?"]
    bots = page.locator("#chat .bot-row")
    assert "Impingement occurs" in bots.nth(0).inner_text() and "Tendinitis is when" in bots.nth(1).inner_text()
    # the controls unlock in the step after the answer is shown: on a loaded machine, a moment later
    page.wait_for_function("!document.querySelector('#question textarea').disabled", timeout=10_000)
    page.wait_for_function("[...document.querySelectorAll('button')].some(b => b.innerText.trim() === 'Ask' "
                           "&& !b.disabled)", timeout=10_000)


def test_decline_suggestion_and_starter_example_each_ask_a_question(app_server, page):
    open_chat(page, app_server.url)
    declined = ask(page, "What is the capital of France?")
    assert "The article doesn't cover this." in declined.inner_text()
    options = page.locator("#chat button.option")
    assert options.count() >= 1
    label = options.first.inner_text()
    page.get_by_role("textbox", name="Your question").fill("half-typed")
    options.first.click()
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 2", timeout=FIRST_ANSWER_MS)
    assert page.get_by_role("textbox", name="Your question").input_value() == "half-typed"  # not cleared
    page.get_by_role("textbox", name="Your question").fill("")
    assert label in page.locator("#chat [data-testid=user]").last.inner_text()
    page.get_by_role("button", name="New conversation").click()
    starter = page.get_by_role("button", name="Why do my hips hurt when I run?")  # the corpus FAQ
    starter.click()
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 1", timeout=FIRST_ANSWER_MS)
    assert page.locator("#chat [data-testid=user]").inner_text() == "Why do my hips hurt when I run?"


def test_a_greeting_gets_a_reply_and_questions_to_start_with(app_server, page):
    open_chat(page, app_server.url)
    reply = ask(page, "hello!")
    assert "Hello!" in reply.inner_text() and "doesn't cover" not in reply.inner_text()
    option = page.locator("#chat button.option").first
    question = option.inner_text()
    option.click()
    page.wait_for_function("document.querySelectorAll('#chat .bot-row').length === 2", timeout=FIRST_ANSWER_MS)
    assert page.locator("#chat [data-testid=user]").last.inner_text() == question
    assert "doesn't cover" not in page.locator("#chat .bot-row").last.inner_text()  # a starter the article answers


def test_dislike_is_stored_and_shows_in_the_report(app_server, page):
    open_chat(page, app_server.url)
    turn = ask(page, "Why do my hips hurt when I run?")
    turn.get_by_role("button", name="Dislike").first.click()
    feedback = app_server.data_dir / "feedback.jsonl"
    page.wait_for_function("document.body.innerText.includes('feedback was saved')", timeout=30_000)
    votes = [json.loads(line) for line in feedback.read_text().splitlines()]
    vote = next(v for v in votes if v["kind"] == "vote")
    assert vote["liked"] is False and vote["question"] == "Why do my hips hurt when I run?"
    assert vote["citations"] and vote["closest_section"]
    # ASSISTANT_DATA_DIR as well as the flag, until cli.py passes --data-dir into the settings
    env = dict(os.environ, ASSISTANT_DATA_DIR=str(app_server.data_dir))
    out = subprocess.run([sys.executable, "-m", "assistant", "report", "--data-dir", str(app_server.data_dir)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "1×  Why do my hips hurt when I run?" in out.stdout and "disliked 1" in out.stdout


def test_corpus_html_is_shown_as_text_and_never_runs(xss_server, page):
    open_chat(page, xss_server.url)
    turn = ask(page, "What was in the race bib note in the organiser's email?")
    turn.locator(".thought-group .title").first.click()
    text = page.locator("#chat").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    ask(page, '<img src=x onerror="window.__pwned=3"> what did the broken badge show?')
    text = page.locator("#chat").inner_text()
    assert '<img src=x onerror="window.__pwned=2">' in text  # in the sources box
    assert '<img src=x onerror="window.__pwned=3"> what did' in text  # the reader's own question
    assert "*bring* [gels](http://example.com) and `socks` & tape." in text  # no Markdown either
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#chat img[src=x], #chat .message script").count() == 0


def test_no_gradio_endpoint_can_rebuild_the_index(app_server):
    import httpx

    config = httpx.get(app_server.url + "/config", timeout=30).json()
    names = json.dumps([d.get("api_name") for d in config["dependencies"]]).lower()
    assert "rebuild" not in names and "build" not in names
    assert all(d.get("api_visibility", "private") == "private" for d in config["dependencies"])
