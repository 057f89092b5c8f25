"""A document's text and its headings -> sections; the Document itself.

Every loader rebuilds or decodes its text and finds its headings its own way, then comes here.
`_sections` cuts the body into flat, ordered, non-overlapping sections at the headings (heading
lines lie outside them), trims them and drops empty ones; text before the first heading is
`Introduction`. In every format, an unheaded paragraph opening "In conclusion" (or "In summary",
"To conclude", "To sum up") starts `Conclusion`; two or more numbered question lines, each
followed by its answer, make `FAQ` entries (one section per question, question line included);
comment-form debris in the second half of the document ("Leave a Reply", ...) is cut off.
`_document` names a Document by a hash of its text.

Not here: reading files and the limits (load.py), decoding and plain-text headings
(load_text.py), markup (load_html.py), PDFs (load_pdf.py).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .datatypes import Document, Section

_LIST_ITEM = re.compile(r"^(?:[•\-*–·▪◦‣]|\d{1,3}[.)](?:\s|$))")
_CONCLUSION = re.compile(r"^(?:in conclusion|in summary|to conclude|to sum up)\b", re.I)
_FAQ_QUESTION = re.compile(r"^\d{1,3}[.)]\s+(.+\?)$")
_DEBRIS = re.compile(r"^(?:leave a (?:reply|comment)|post comment|save my name, email)"
                     r"|your email address will not be published|required fields are marked", re.I)


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # stripped; "" for a blank line


@dataclass(frozen=True)
class _Head:
    line: int  # index into the lines
    level: int
    title: str
    own_line: bool = True  # False: the heading is not in the text; its body starts at `line`


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _document(source: str, title: str, text: str, sections, pages=()) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Document(digest, source, title, text, tuple(sections), tuple(pages))


def _debris_line(lines: list[_Line], text_length: int) -> int:
    """Index of the first comment-form line in the second half, or len(lines)."""
    for i, line in enumerate(lines):
        if line.start >= text_length // 2 and _DEBRIS.search(line.text):
            return i
    return len(lines)


def _faq_lines(lines: list[_Line], stop: int, headings: set[int]) -> dict[int, str]:
    """Numbered question lines followed by an answer: {line index: question}; needs two."""
    found = {}
    for i in range(stop):
        match = _FAQ_QUESTION.match(lines[i].text)
        if match and i not in headings:
            following = next((lines[k].text for k in range(i + 1, stop) if lines[k].text), "")
            if following and not _LIST_ITEM.match(following):
                found[i] = match.group(1)
    return found if len(found) >= 2 else {}


def _sections(text: str, lines: list[_Line], heads: list[_Head], first: int) -> tuple[Section, ...]:
    """Cut lines[first:] into sections at headings, Conclusion, FAQ questions and debris."""
    stop = _debris_line(lines, len(text))
    by_line: dict[int, list[_Head]] = {}
    for head in heads:
        by_line.setdefault(head.line, []).append(head)
    faq = _faq_lines(lines, stop, set(by_line))
    start = lines[first].start if first < len(lines) else len(text)
    marks = [("Introduction", ("Introduction",), start, start)]  # (title, path, cut, body)
    trail: list[tuple[int, str]] = []
    headed = True  # the paragraph at hand follows a heading directly
    for i in range(first, stop):
        line = lines[i]
        for head in by_line.get(i, ()):
            trail = [t for t in trail if t[0] < head.level] + [(head.level, head.title)]
            body = line.end if head.own_line else line.start
            marks.append((head.title, tuple(title for _, title in trail), line.start, body))
            headed = True
        if not line.text or (i in by_line and by_line[i][-1].own_line):
            continue
        if i in faq:
            marks.append(("FAQ", ("FAQ", faq[i]), line.start, line.start))
        elif (not headed and not lines[i - 1].text and _CONCLUSION.match(line.text)
              and marks[-1][0] not in ("Conclusion", "FAQ")):
            marks.append(("Conclusion", ("Conclusion",), line.start, line.start))
        headed = False
    return _cut(text, marks, lines[stop].start if stop < len(lines) else len(text))


def _cut(text: str, marks: list[tuple], end: int) -> tuple[Section, ...]:
    """Each mark's body runs to the next mark's cut (or `end`), trimmed; empty ones go.
    A text with no section at all becomes one `Introduction`, so nothing is lost."""
    sections = []
    for (title, path, _, body), cut in zip(marks, [mark[2] for mark in marks[1:]] + [end]):
        if span := _trim(text, body, cut):
            sections.append(Section(title, path, *span))
    if not sections and (span := _trim(text, 0, end)):
        sections.append(Section("Introduction", ("Introduction",), *span))
    return tuple(sections)

