"""Plain text: bytes decoded to text, and the heading rules for text without markup.

`_decode` serves every text format (.txt, .md, .html): UTF-16 with a byte order mark, else UTF-8,
else the encoding charset_normalizer detects; "\\r\\n" and "\\r" become "\\n"; binary and
empty files are refused. A plain-text heading (`_text_heads`, used by .txt and by PDFs without an
outline) is a short line with no final punctuation that stands alone as a paragraph; if a document
mixes Title Case and sentence-case headings, the sentence-case ones are children of the Title
Case heading before them. The first non-blank line of a .txt file is its title.

Not here: sections, Conclusion, FAQ and debris (load_sections.py), markup (load_html.py), PDFs
(load_pdf.py), file limits and dispatch (load.py).
"""
from __future__ import annotations

import codecs
import re

from .datatypes import Document
from .errors import DocumentLoadError
from .load_sections import _LIST_ITEM, _debris_line, _document, _Head, _Line, _lines, _sections

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16
_FINAL_PUNCT = ".?!:;,…*\"'”’"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # starts with a letter
_MINOR_WORDS = frozenset("a an the and or but nor for so yet of in on at to by up as is it if vs via "
                         "per with from into like over than that off out onto upon".split())


# ---------------------------------------------------------------- bytes -> text
def _decode(data: bytes, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentLoadError(source, "binary file, not text") from exc
    elif _looks_binary(data):
        raise DocumentLoadError(source, "binary file, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _detect_encoding(data, source)
    if not text.strip():
        raise DocumentLoadError(source, "empty file (no text); add content or remove it")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\x1b")
    return b"\x00" in head or controls > len(head) * 0.05


def _detect_encoding(data: bytes, source: str) -> str:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DocumentLoadError(source, "not UTF-8 text and the encoding could not be detected; "
                                        "save it as UTF-8")
    # subtle: on short Western text many 8-bit code pages tie at zero "chaos" and the
    # detector picks any of them ("café" -> "cafщ"); cp1252 is the commonest, so it wins ties.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos:
            return str(match)
    return str(best)


# ---------------------------------------------------------------- plain text
def _load_text(data: bytes, source: str) -> Document:
    text = _decode(data, source)
    lines = _lines(text)
    first = next(i for i, line in enumerate(lines) if line.text)
    heads = _text_heads(lines, first + 1, _debris_line(lines, len(text)))
    return _document(source, lines[first].text, text, _sections(text, lines, heads, first + 1))


def _is_heading(lines: list[_Line], i: int, first: int = 0) -> bool:
    """A short line without final punctuation, standing alone as a paragraph. The title ends a
    paragraph: a heading may follow it on the next line (`first`, the first line after it), as
    a PDF's first heading does."""
    s = lines[i].text
    if (not s or len(s) > MAX_HEADING_CHARS or len(s.split()) > MAX_HEADING_WORDS
            or s[-1] in _FINAL_PUNCT or _LIST_ITEM.match(s)
            or not (s[0].isupper() or s[0].isdigit()) or not any(c.isalpha() for c in s)):
        return False
    before = lines[i - 1].text if i > 0 else ""
    after = lines[i + 1].text if i + 1 < len(lines) else ""
    # subtle: "or" would make the first line of every hard-wrapped paragraph a heading;
    # a paragraph has ended before the line (blank, end of sentence, list item) and
    # the line is followed by a blank or by a clearly longer prose line.
    after_title = first > 0 and i == first
    ended = not before or before[-1] in ".!?:" or bool(_LIST_ITEM.match(before)) or after_title
    alone = not after or (len(after) >= 1.5 * len(s) and not _LIST_ITEM.match(after))
    return ended and alone


def _case_style(heading: str) -> str:
    """'title' when most words after the first (minor words and acronyms aside) are
    capitalised, 'sentence' when most are not, 'unknown' when there are none."""
    words = [w for w in _WORD.findall(heading)[1:]
             if w.lower() not in _MINOR_WORDS and not w.isupper()]
    if not words:
        return "unknown"
    return "title" if 2 * sum(w[0].isupper() for w in words) > len(words) else "sentence"


def _text_heads(lines: list[_Line], first: int, stop: int) -> list[_Head]:
    found = [i for i in range(first, stop) if _is_heading(lines, i, first)]
    styles = [_case_style(lines[i].text) for i in found]
    mixed = "title" in styles and "sentence" in styles
    heads, level = [], 1
    for i, style in zip(found, styles):
        if mixed and style != "unknown":  # an "unknown" heading stays a sibling of the one before
            level = 1 if style == "title" else 2
        heads.append(_Head(i, level, lines[i].text))
    return heads

