"""Gradio chat: `build_ui(assistant)` formats Answers, nothing more.

An answer shows the quoted sentences with numbered markers [1], [2] and, below
them, a collapsed "Sources (n)" box: for each citation the document title, the
section path, the page (PDFs) and the section's text with the quote marked in
place. A decline says so and offers the closest sections as buttons that ask
about them. Likes, dislikes and declines go to the `FeedbackStore`.

Safety rule: every piece of corpus or user text passes through `md_text` or
`html_text` (HTML-escaped) before it reaches the chat; the only markup is the
one written here. The chat sanitizes HTML but keeps `<img src>`, so escaping is
what keeps article text inert.

Not here: answering (pipeline), feedback storage (feedback), the server and
its theme/CSS wiring (api.py passes `UI_THEME` and `UI_CSS` to the mount).
There is deliberately no rebuild control: rebuilding is an admin route.
"""
import html
import re

from .chunk import MIN_WRAP
from .datatypes import Answer, Citation, Document
from .errors import AssistantError
from .feedback import FeedbackStore, answer_record

UI_THEME = "default"  # a built-in theme: other names are fetched from the network
CHAT_ID, INPUT_ID, ASK_ID, NEW_ID = "chat", "question", "ask", "new-conversation"
CONTEXT_CHARS = 450  # section text shown on each side of a quote before "…"
_MARKER = re.compile("\ue000(\\d+)\ue001")  # placeholder for [n], survives escaping
# a line break inside a sentence of hard-wrapped text (PDF pages, papers saved as text), close to how the
# chunker reads one (chunk._unwrapped): after a full line (chunk.MIN_WRAP characters; a quote does not show
# its paragraph's longest line, so not WRAP_SHARE of it) or before one going on in lower case; never after a
# sentence's or a lead-in's end, nor before a blank line or a list item
_WRAP = re.compile(r"(?:(?<=[^\s.:!?;])(?<=[^\n]{%d})[^\S\n]*\n|[^\S\n]*\n(?=[^\S\n]*[a-z]))"
                   r"(?![^\S\n]*(?:\n|(?:[•\-*–·▪◦‣]|\d{1,3}[.)])\s))[^\S\n]*" % MIN_WRAP)

UI_CSS = """
#chat .thought-group .message-content { opacity: 1; }
#chat .sources, #chat .sources * { font-size: var(--text-md); line-height: 1.5; }
#chat mark { background: #fde68a; color: #1f2937; padding: 0 .1em; border-radius: 2px; }
#chat .source + .source { margin-top: 1em; }
#chat .sources .source-file { color: var(--body-text-color-subdued); font-size: var(--text-sm); }
#chat blockquote.section-text { margin: .4em 0 0; padding: .1em 0 .1em .75em; font-style: normal;
  border-left: 3px solid var(--border-color-primary); overflow-wrap: anywhere; }
#chat .decline-note { font-weight: 600; }
/* panel layout repeats copy/like under the sources box: keep the set under the answer */
#chat .message.thought + .message-buttons { display: none; }
#top-row { align-items: center; }
#new-conversation { flex-grow: 0; white-space: nowrap; }
#ask-row { align-items: flex-end; flex-wrap: nowrap; }
@media (max-width: 480px) { #top-row h2 { font-size: 1.25em; margin: 0; } }
"""


# ------------------------------------------------------------------ escaping
def html_text(text: str) -> str:
    """Text for inside HTML: escaped, newlines as <br> (one line, so no Markdown runs on it)."""
    return html.escape(text, quote=True).replace("\r", "").replace("\n", "<br>")


def md_text(text: str) -> str:
    """Text for Markdown that renders literally: HTML-escaped, Markdown syntax backslash-escaped."""
    text = html.escape(text, quote=False).replace("\r", "")
    text = re.sub(r"([\\`*_\[\]~|$])", r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        line = line.lstrip()  # four leading spaces would make a code block
        line = re.sub(r"^([#+=-])", r"\\\1", line)  # headings, bullets, underlines
        line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)  # "1." must stay text, not a numbered list
        lines.append(line)
    return "\n".join(lines)


# ------------------------------------------------------------------ answers
def answer_markdown(answer: Answer) -> str:
    """The answer text with a marker [n] after each cited quote."""
    text, pos, parts, missing = answer.text, 0, [], []
    for n, c in enumerate(answer.citations, 1):
        i = text.find(c.quote, pos)
        if i < 0:
            missing.append(n)
            continue
        parts.append(text[pos:i + len(c.quote)] + f"\ue000{n}\ue001")
        pos = i + len(c.quote)
    parts.append(text[pos:] + "".join(f"\ue000{n}\ue001" for n in missing))
    return _MARKER.sub(r" [\1]", md_text(_WRAP.sub(" ", "".join(parts))))


def highlight(text: str, start: int, end: int, lo: int, hi: int, context: int = CONTEXT_CHARS) -> str:
    """`text[lo:hi]` as HTML with `text[start:end]` in a <mark>, trimmed to `context` chars each side."""
    lo, hi = min(lo, start), max(hi, end)
    before, after = text[lo:start], text[end:hi]
    cut_before = len(before) > context
    if cut_before:  # cut at a space so no word is split
        before = before[-context:]
        before = before[before.find(" ") + 1:] if " " in before else before
    cut_after = len(after) > context
    if cut_after:
        after = after[:context]
        after = after[:after.rfind(" ")] if " " in after else after
    before, after = before.lstrip(), after.rstrip()
    return (("… " if cut_before else "") + html_text(before) + "<mark>" + html_text(text[start:end])
            + "</mark>" + html_text(after) + (" …" if cut_after else ""))


def source_html(n: int, c: Citation, doc: Document | None) -> str:
    """One entry of the sources box: title, section path, page, the section with the quote marked."""
    title = doc.title if doc else c.source
    path = " › ".join(c.section_path) or c.section
    page = f" · page {c.page}" if c.page else ""
    head = (f'<div class="source-head"><strong>[{n}] {html_text(title)}</strong> · {html_text(path)}{page} '
            f'<span class="source-file">({html_text(c.source)})</span></div>')
    if doc is None:
        body = "<mark>" + html_text(c.quote) + "</mark>"
    else:
        section = doc.section_at(c.start)
        lo, hi = (section.start, section.end) if section else (0, len(doc.text))
        body = highlight(doc.text, c.start, c.end, lo, hi)
    return f'<div class="source">{head}<blockquote class="section-text">{body}</blockquote></div>'


def sources_html(answer: Answer, documents: dict[str, Document]) -> str:
    # one line on purpose: a blank line would end the HTML block and let Markdown in
    return "<div class=\"sources\">" + "".join(
        source_html(n, c, documents.get(c.doc_id)) for n, c in enumerate(answer.citations, 1)) + "</div>"


def suggestion_question(title: str) -> str:
    """The question a suggestion asks: FAQ titles are questions already."""
    return title if title.rstrip().endswith("?") else f"Tell me about {title}"


def format_answer(answer: Answer, documents: dict[str, Document]) -> list[dict]:
    """Chat messages for one Answer: the answer, then its sources box (or a decline with suggestions)."""
    if answer.small_talk:
        text = md_text(answer.text)
        options = [{"value": q, "label": q} for q in answer.suggestions]
        # no lead-in line for the options: the chat shows options under its last message only
        return [{"role": "assistant", "content": text, "options": options}]
    if answer.declined:
        text = f'<span class="decline-note">The article doesn\'t cover this.</span> {md_text(answer.text)}'
        if answer.suggestions:
            text += "\n\nThe closest sections might help; choose one to ask about it:"
            options = [{"value": suggestion_question(s), "label": s} for s in answer.suggestions]
            return [{"role": "assistant", "content": text, "options": options}]
        return [{"role": "assistant", "content": text + "\n\nTry asking about something the article covers."}]
    return [{"role": "assistant", "content": answer_markdown(answer)},
            {"role": "assistant", "content": sources_html(answer, documents),
             "metadata": {"title": f"Sources ({len(answer.citations)})", "status": "done"}}]


def history_of(turns: list[dict]) -> list[dict]:
    """Plain-text history for `assistant.ask`: questions and answer texts, no markup, no errors."""
    history = []
    for t in turns:
        history += [{"role": "user", "content": t["question"]}, {"role": "assistant", "content": t["answer"]}]
    return history


# ------------------------------------------------------------------ the app
def build_ui(assistant):
    """The chat page; `api.build_app` mounts it with `UI_THEME` and `UI_CSS`."""
    # subtle: no `from __future__ import annotations` in this module, so Gradio sees the
    # real gr.SelectData / gr.LikeData classes in the handlers' annotations.
    import gradio as gr

    store = FeedbackStore(assistant.settings.data_dir)

    def show_question(question: str, chat: list):
        """Echo the question at once, clear the box and lock the controls until the answer is in (as
        gr.ChatInterface does): a question sent while another is answered would be echoed, then wiped
        by the earlier answer, which writes the chat as it was when that question was sent."""
        question = question or ""
        if question.strip():
            chat = chat + [{"role": "user", "content": md_text(question)}]
        locked = gr.Button(interactive=False)
        return gr.Textbox(value="", interactive=False), chat, question, locked, locked

    def unlock():
        return gr.Textbox(interactive=True), gr.Button(interactive=True), gr.Button(interactive=True)

    def pick(evt: gr.SelectData, chat: list):
        """A starter example or a decline's suggestion was chosen: ask it."""
        value = evt.value["text"] if isinstance(evt.value, dict) else str(evt.value)
        _, chat, question, ask_locked, new_locked = show_question(value, chat)
        return gr.Textbox(interactive=False), chat, question, ask_locked, new_locked  # what is typed stays

    def respond(question: str, chat: list, turns: list):
        try:
            answer = assistant.ask(question, history_of(turns))
        except AssistantError as exc:
            return chat + [{"role": "assistant", "content": f"**Couldn't answer:** {md_text(str(exc))}"}], turns
        messages = format_answer(answer, assistant.data.documents)
        # the chat rows of this answer: a like reports the row of its message
        record = answer_record(answer) | {"rows": list(range(len(chat), len(chat) + len(messages)))}
        if answer.declined and not answer.small_talk:  # a gap in the article, for its owner's report
            try:
                store.declined(answer)
            except AssistantError as exc:
                gr.Warning(str(exc))
        return chat + messages, turns + [record]

    def vote(evt: gr.LikeData, turns: list):
        record = next((t for t in turns if evt.index in t["rows"]), None)
        if record is None or not isinstance(evt.liked, bool):
            return  # an error message, or a vote withdrawn
        try:
            store.vote({k: v for k, v in record.items() if k != "rows"}, evt.liked)
        except AssistantError as exc:
            gr.Warning(str(exc))
            return
        gr.Info("Thanks, your feedback was saved.", duration=3)

    starters = [{"text": q} for q in assistant.starter_questions(4)]
    titles = "; ".join(md_text(d.title) for d in list(assistant.data.documents.values())[:3])
    with gr.Blocks(title="Ask the article", analytics_enabled=False) as demo:
        with gr.Row(elem_id="top-row"):
            gr.Markdown(f"## Ask the article\nAnswers are quoted word for word from *{titles}*, with their sources.")
            new = gr.Button("New conversation", elem_id=NEW_ID, variant="secondary", size="sm", scale=0)
        chat = gr.Chatbot(elem_id=CHAT_ID, label="Conversation", show_label=False, height="65vh",
                          buttons=["copy"], feedback_options=("Like", "Dislike"), examples=starters or None,
                          placeholder="Ask a question about the article, or pick one of these:",
                          latex_delimiters=[], sanitize_html=True, layout="panel")
        with gr.Row(elem_id="ask-row", equal_height=False):
            box = gr.Textbox(elem_id=INPUT_ID, label="Your question", placeholder="Type a question and press Enter",
                             lines=1, max_lines=4, scale=5, min_width=150, autofocus=True)
            ask = gr.Button("Ask", elem_id=ASK_ID, variant="primary", scale=0, min_width=70)
        turns = gr.State([])  # one plain record per answer: its chat rows, question, text, citations
        pending = gr.State("")

        answer_args = dict(fn=respond, inputs=[pending, chat, turns], outputs=[chat, turns],
                           api_visibility="private", show_progress="minimal")
        controls = [box, ask, new]
        # `.then` runs whether or not the answer succeeded, so the controls always come back
        unlock_args = dict(fn=unlock, inputs=None, outputs=controls, queue=False, api_visibility="private")
        # and the cursor goes back into the box, so that the next question can be typed at once
        focus_args = dict(fn=None, inputs=None, outputs=None, api_visibility="private",
                          js=f"() => {{ document.querySelector('#{INPUT_ID} textarea')?.focus(); }}")
        for trigger in (box.submit, ask.click):
            trigger(show_question, [box, chat], [box, chat, pending, ask, new], queue=False,
                    api_visibility="private").then(**answer_args).then(**unlock_args).then(**focus_args)
        for trigger in (chat.example_select, chat.option_select):
            trigger(pick, [chat], [box, chat, pending, ask, new], queue=False,
                    api_visibility="private").then(**answer_args).then(**unlock_args).then(**focus_args)
        chat.like(vote, [turns], None, api_visibility="private")
        new.click(lambda: ([], [], "", ""), None, [chat, turns, box, pending], queue=False, api_visibility="private")
        chat.clear(lambda: ([], ""), None, [turns, pending], queue=False, api_visibility="private")
    return demo
