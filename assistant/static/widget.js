/*
 * Article assistant widget. One line on any page:
 *
 *   <script src="https://YOUR-HOST/widget.js" defer></script>
 *
 * adds a floating button that opens a chat panel. Questions go to /api/ask on the origin this
 * file was loaded from (so that origin must list the page's origin in ASSISTANT_ALLOWED_ORIGINS).
 * Options, as attributes of the script tag:
 *   data-title="Ask the article"   panel title      data-placeholder="…"    input placeholder
 *   data-position="right|left"     button corner    data-open="true"        open on load
 *   data-mode="inline"             fill the page, no button (used by /embed)
 * Theming: set --article-assistant-accent on the page (a CSS colour).
 *
 * Everything lives in an open shadow root: page CSS cannot reach in, ours cannot leak out.
 * Text from the server is only ever set with textContent. No framework, no network but /api/ask.
 */
(function () {
  "use strict";

  var script = document.currentScript || findScript();
  if (!script || script.getAttribute("data-assistant-loaded")) return;
  script.setAttribute("data-assistant-loaded", "true");

  var HISTORY_SENT = 20; // messages sent for follow-ups; the server reads only recent turns anyway
  var TIMEOUT_MS = 60000;
  var opts = {
    title: script.getAttribute("data-title") || "Ask the article",
    placeholder: script.getAttribute("data-placeholder") || "Ask a question…",
    left: script.getAttribute("data-position") === "left",
    open: script.getAttribute("data-open") === "true",
    inline: script.getAttribute("data-mode") === "inline",
  };
  var endpoint = new URL("api/ask", script.src).href;

  var CSS = [
    ":host { all: initial !important; display: block !important; visibility: visible !important;",
    "  opacity: 1 !important; contain: none !important; }",
    ":host(.inline) { height: 100% !important; min-height: 100vh !important; }",
    "* { box-sizing: border-box; }",
    ".root { --accent: var(--article-assistant-accent, #1d4ed8); font: 15px/1.45 system-ui, -apple-system,",
    "  'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #111827; }",
    ".launcher { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; display: flex;",
    "  align-items: center; gap: 8px; padding: 12px 18px; border: 0; border-radius: 999px; cursor: pointer;",
    "  background: var(--accent); color: #fff; font: inherit; font-weight: 600;",
    "  box-shadow: 0 6px 20px rgba(0,0,0,.25); }",
    ".left .launcher, .left .panel { right: auto; left: 20px; }",
    ".launcher svg { width: 20px; height: 20px; fill: currentColor; }",
    ".panel { position: fixed; bottom: 84px; right: 20px; z-index: 2147483001; display: flex;",
    "  flex-direction: column; width: 380px; max-width: calc(100vw - 40px); height: 560px;",
    "  max-height: calc(100vh - 110px); background: #fff; border: 1px solid #d1d5db; border-radius: 14px;",
    "  box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; }",
    ".panel[hidden] { display: none; }",
    ".inline .panel { position: static; width: 100%; max-width: none; height: 100vh; max-height: none;",
    "  border: 0; border-radius: 0; box-shadow: none; }",
    "header { display: flex; align-items: center; justify-content: space-between; gap: 8px;",
    "  padding: 12px 16px; background: var(--accent); color: #fff; }",
    "h2 { margin: 0; font-size: 16px; font-weight: 600; }",
    ".close { border: 0; background: transparent; color: #fff; font: inherit; font-size: 22px;",
    "  line-height: 1; cursor: pointer; padding: 2px 8px; border-radius: 6px; }",
    ".log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px;",
    "  background: #f9fafb; }",
    ".msg { max-width: 92%; padding: 10px 12px; border-radius: 12px; white-space: pre-wrap;",
    "  overflow-wrap: anywhere; }",
    ".user { align-self: flex-end; background: var(--accent); color: #fff; }",
    ".bot { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }",
    ".error { align-self: stretch; background: #fef2f2; border: 1px solid #fca5a5; color: #991b1b; }",
    ".pending { color: #4b5563; font-style: italic; }",
    ".text { margin: 0; }",
    ".sources-label { margin: 10px 0 4px; font-size: 12px; font-weight: 600; text-transform: uppercase;",
    "  letter-spacing: .04em; color: #4b5563; }",
    ".citations { margin: 0; padding-left: 20px; white-space: normal; }",
    ".citation { margin: 6px 0; }",
    ".section { display: block; font-weight: 600; font-size: 13px; color: #374151; }",
    ".quote { margin: 4px 0 0; padding-left: 8px; border-left: 3px solid #d1d5db; color: #374151;",
    "  font-size: 13px; }",
    ".suggestions { display: flex; flex-wrap: wrap; gap: 6px; white-space: normal; }",
    ".suggestion { border: 1px solid var(--accent); background: #fff; color: var(--accent); font: inherit;",
    "  font-size: 13px; padding: 4px 10px; border-radius: 999px; cursor: pointer; }",
    "form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }",
    "textarea { flex: 1; resize: none; height: 44px; max-height: 120px; padding: 10px; line-height: 22px;",
    "  border: 1px solid #9ca3af; border-radius: 10px; font: inherit; color: inherit; background: #fff; }",
    ".send { border: 0; border-radius: 10px; padding: 0 16px; background: var(--accent); color: #fff;",
    "  font: inherit; font-weight: 600; cursor: pointer; }",
    ".send:disabled { opacity: .6; cursor: progress; }",
    "button:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }",
    ".sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);",
    "  white-space: nowrap; }",
    "@media (max-width: 480px) {",
    "  .root:not(.inline) .panel { inset: 0; width: 100vw; max-width: none; height: 100vh; height: 100dvh;",
    "    max-height: none; border: 0; border-radius: 0; }",
    "}",
  ].join("\n");

  var history = [];
  var busy = false;
  var ui = build();
  mount();

  function findScript() {
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/widget\.js(\?|#|$)/.test(all[i].src)) return all[i];
    }
    return null;
  }

  // A line break inside a sentence of hard-wrapped text (a PDF page) shows as a space, by the rule of the
  // server's chunker and chat UI (assistant/ui.py _WRAP; 30 = chunk.MIN_WRAP): after a full line or before
  // one going on in lower case, never after a sentence's or lead-in's end, nor before a blank line or an item.
  var WRAP = new RegExp("(?:(?<=[^\\s.:!?;])(?<=[^\\n]{30})[^\\S\\n]*\\n|[^\\S\\n]*\\n(?=[^\\S\\n]*[a-z]))" +
    "(?![^\\S\\n]*(?:\\n|(?:[•\\-*–·▪◦‣]|\\d{1,3}[.)])\\s))[^\\S\\n]*", "g");

  function unwrapped(text) {
    return String(text).replace(WRAP, " ");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function build() {
    var host = el("article-assistant-widget");
    if (opts.inline) host.className = "inline";
    var shadow = host.attachShadow({ mode: "open" });
    if (shadow.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS); // constructed sheets also work under a strict style-src CSP
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.appendChild(el("style", {}, CSS));
    }
    var root = el("div", { class: "root" + (opts.left ? " left" : "") + (opts.inline ? " inline" : "") });
    var launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false",
                                  "aria-controls": "panel", "aria-label": opts.title });
    launcher.appendChild(icon());
    launcher.appendChild(el("span", {}, "Ask"));
    var panel = el("section", { class: "panel", id: "panel", "aria-labelledby": "title" });
    if (!opts.inline) {
      panel.setAttribute("role", "dialog");
      panel.hidden = true;
    }
    var header = el("header");
    header.appendChild(el("h2", { id: "title" }, opts.title));
    var close = el("button", { class: "close", type: "button", "aria-label": "Close chat" }, "×");
    if (!opts.inline) header.appendChild(close);
    var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    var form = el("form", { class: "composer" });
    var label = el("label", { class: "sr-only", for: "question" }, "Your question");
    var input = el("textarea", { id: "question", rows: "1", placeholder: opts.placeholder, enterkeyhint: "send" });
    var send = el("button", { class: "send", type: "submit", "aria-label": "Send question" }, "Send");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(form);
    if (!opts.inline) root.appendChild(launcher);
    root.appendChild(panel);
    shadow.appendChild(root);

    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", function () { setOpen(false); });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !opts.inline) { e.preventDefault(); setOpen(false); }
    });
    input.addEventListener("input", function () { // grow with the text, up to max-height
      input.style.height = "";
      input.style.height = Math.min(input.scrollHeight + 2, 120) + "px";
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    return { host: host, launcher: launcher, panel: panel, log: log, input: input, send: send };
  }

  function mount() {
    var attach = function () {
      document.body.appendChild(ui.host);
      if (opts.inline || opts.open) setOpen(true, true); // shown, but no focus taken from the page
    };
    if (document.body) attach();
    else document.addEventListener("DOMContentLoaded", attach);
  }

  function setOpen(open, quiet) {
    if (opts.inline) { if (!quiet) ui.input.focus(); return; }
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    if (open && !quiet) ui.input.focus();
    if (!open) ui.launcher.focus();
  }

  function add(node) {
    ui.log.appendChild(node);
    ui.log.scrollTop = ui.log.scrollHeight;
    return node;
  }

  function sectionLabel(c) {
    var path = (c.section_path && c.section_path.length) ? c.section_path.join(" › ") : (c.section || c.source);
    return c.page ? path + " (page " + c.page + ")" : path;
  }

  function showAnswer(data) {
    var msg = el("div", { class: "msg bot" });
    msg.appendChild(el("p", { class: "text" }, unwrapped(data.answer)));
    var cites = data.citations || [];
    if (cites.length) {
      msg.appendChild(el("p", { class: "sources-label" }, cites.length === 1 ? "Source" : "Sources"));
      var list = el("ol", { class: "citations" });
      cites.forEach(function (c) {
        var item = el("li", { class: "citation" });
        item.appendChild(el("span", { class: "section", title: c.source || "" }, sectionLabel(c)));
        item.appendChild(el("blockquote", { class: "quote" }, c.quote));
        list.appendChild(item);
      });
      msg.appendChild(list);
    }
    if (data.declined && data.suggestions && data.suggestions.length) {
      // after small talk the suggestions are questions to start with; after a decline, the closest sections
      var label = data.small_talk ? "For example" : "Closest sections";
      msg.appendChild(el("p", { class: "sources-label" }, label));
      var box = el("div", { class: "suggestions", role: "group", "aria-label": label });
      data.suggestions.forEach(function (title) {
        var b = el("button", { class: "suggestion", type: "button" }, title);
        // a FAQ entry's title is a question already
        var question = /\?\s*$/.test(title) ? title : "What does the article say about " + title + "?";
        b.addEventListener("click", function () { ask(question); });
        box.appendChild(b);
      });
      msg.appendChild(box);
    }
    add(msg);
  }

  function Problem(message) { this.message = message; } // an answer from the server that is not an answer

  function problem(status, data, retryAfter) {
    if (status === 429) {
      var wait = parseInt(retryAfter, 10);
      return "Too many questions right now; try again in " + (wait > 0 ? wait : 60) + " seconds.";
    }
    if (data && typeof data.error === "string") return data.error;
    if (status === 413) return "That message is too long; ask something shorter.";
    if (status === 422) return "That question could not be read; rephrase it and try again.";
    return "The assistant had a problem (HTTP " + status + "). Try again in a moment.";
  }

  function submit() {
    var text = ui.input.value.trim();
    if (!text || busy) return;
    ui.input.value = "";
    ui.input.style.height = "";
    ask(text);
  }

  function ask(question) {
    if (busy) return;
    busy = true;
    ui.send.disabled = true;
    add(el("div", { class: "msg user" }, question));
    var pending = add(el("div", { class: "msg bot pending", "aria-busy": "true" }, "Looking in the article…"));
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: question, history: history.slice(-HISTORY_SENT) }),
      credentials: "omit",
      signal: controller ? controller.signal : undefined,
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (data) {
        if (!res.ok || !data || typeof data.answer !== "string") {
          throw new Problem(problem(res.status, data, res.headers.get("Retry-After")));
        }
        pending.remove();
        showAnswer(data);
        history.push({ role: "user", content: question }, { role: "assistant", content: data.answer });
      });
    }).catch(function (err) {
      pending.remove();
      var message = err && err.name === "AbortError" ? "The assistant took too long to answer; try again."
        : err instanceof Problem ? err.message
        : "Could not reach the assistant. Check your connection; if it keeps failing, " +
          "this site may not be allowed to use it.";
      add(el("div", { class: "msg error", role: "alert" }, message));
      if (!ui.input.value) ui.input.value = question; // keep the question for another try
    }).then(function () {
      clearTimeout(timer);
      busy = false;
      ui.send.disabled = false;
      ui.input.focus();
    });
  }
})();
