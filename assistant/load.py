"""Corpus files -> Documents: text, title, sections and (for PDFs) page offsets.

Formats: .txt; .md/.markdown (rendered by markdown-it, then read as HTML);
.html/.htm (BeautifulSoup, main content only); .pdf (pypdf).

Rules
- `Document.text` is what every offset refers to: the decoded file with "\\r\\n"
  and "\\r" turned into "\\n" (txt); text rebuilt from markup (html, md): the
  title line, then headings on their own lines, blocks split by a blank line,
  list items as "• item" / "1. item" lines; or the page texts joined by a blank
  line, running headers and footers removed (pdf).
- The title line is never a section. Sections are flat, ordered,
  non-overlapping spans of body text, trimmed of surrounding whitespace;
  heading lines lie outside them and empty bodies are dropped. Text before the
  first heading is `Introduction`.
- Plain-text headings (txt, and PDFs without an outline) are short lines with
  no final punctuation that stand alone as a paragraph. If a document mixes
  Title Case and sentence-case headings, the sentence-case ones are children of
  the Title Case heading before them.
- In every format: an unheaded paragraph opening "In conclusion" (or "In
  summary", "To conclude", "To sum up") starts `Conclusion`; two or more
  numbered question lines, each followed by its answer, make `FAQ` entries (one
  section per question, question line included); comment-form debris in the
  second half of the document ("Leave a Reply", ...) is cut off.
- Limits: MAX_FILE_BYTES per file, MAX_PDF_PAGES and PDF_SECONDS per PDF.

Not here: OCR of scanned PDFs, other formats (.docx, .epub), fetching URLs,
Unicode normalisation (quotes and dashes stay as written, so quotes can be
checked against the file), and chunking (chunk.py).
"""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import count
from pathlib import Path, PurePosixPath

from .datatypes import Document, Section
from .errors import DocumentLoadError, EmptyCorpusError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 1000
PDF_SECONDS = 60.0  # checked between pages: one pathological page can still overrun it
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16

_OUTSIDE = "points outside the corpus folder; not followed"
_LIST_ITEM = re.compile(r"^(?:[•\-*–·▪◦‣]|\d{1,3}[.)](?:\s|$))")
_FINAL_PUNCT = ".?!:;,…*\"'”’"
_CONCLUSION = re.compile(r"^(?:in conclusion|in summary|to conclude|to sum up)\b", re.I)
_FAQ_QUESTION = re.compile(r"^\d{1,3}[.)]\s+(.+\?)$")
_DEBRIS = re.compile(r"^(?:leave a (?:reply|comment)|post comment|save my name, email)"
                     r"|your email address will not be published|required fields are marked", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # starts with a letter
_MINOR_WORDS = frozenset("a an the and or but nor for so yet of in on at to by up as is it if vs via "
                         "per with from into like over than that off out onto upon".split())


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


# ---------------------------------------------------------------- public API
def load_document(path: Path, root: Path) -> Document:
    """Read one corpus file; DocumentLoadError says why it could not be read."""
    path, root = Path(path), Path(root)
    source = _source(path, root)
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DocumentLoadError(source, _unsupported(path))
    return loader(_read(path, root, source), source)


def load_corpus(root: Path) -> tuple[list[Document], list[tuple[str, str]]]:
    """Every supported, non-hidden file under `root` in path order, and (source, reason) for the rest."""
    root = Path(root)
    if not root.is_dir():
        raise EmptyCorpusError(f"Corpus folder {root} does not exist or is not a folder; "
                               "create it and put .txt, .md, .html or .pdf files in it.")
    documents: list[Document] = []
    failures: list[tuple[str, str]] = []
    first_source: dict[str, str] = {}
    for source, path, skip_reason in _corpus_files(root):
        try:
            if skip_reason:
                raise DocumentLoadError(source, skip_reason)
            doc = load_document(path, root)
        except DocumentLoadError as exc:
            failures.append((exc.source, exc.reason))
            continue
        if doc.id in first_source:
            failures.append((source, f"same text as {first_source[doc.id]}; skipped"))
            continue
        first_source[doc.id] = source
        documents.append(doc)
    if not documents:
        raise _empty_corpus(root, failures)
    return documents, failures


def document_from_paragraphs(title: str, paragraphs: list[str], source: str) -> Document:
    """A Document from evaluation data: the title line, then the paragraphs split by
    blank lines, all in one section named `title`."""
    text = title + "\n\n" + "\n\n".join(paragraphs)
    span = _trim(text, len(title) + 2, len(text))
    sections = (Section(title, (title,), *span),) if span else ()
    return _document(source, title, text, sections)


# ---------------------------------------------------------------- files and folders
def _source(path: Path, root: Path) -> str:
    rel = PurePosixPath(Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix())
    if rel.parts and rel.parts[0] == "..":
        raise DocumentLoadError(str(path), "outside the corpus folder; not loaded")
    return str(rel)


def _unsupported(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
    return f"unsupported file type {kind}; supported: .txt, .md, .html, .pdf"


def _read(path: Path, root: Path, source: str) -> bytes:
    try:
        real = path.resolve(strict=True)
        if not real.is_relative_to(root.resolve()):
            raise DocumentLoadError(source, _OUTSIDE)
        size = real.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = 1024 * 1024
            raise DocumentLoadError(source, f"file is {size / mb:.1f} MB, over the {MAX_FILE_BYTES / mb:.0f} MB "
                                            "limit (MAX_FILE_BYTES); split it into smaller files")
        return real.read_bytes()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise DocumentLoadError(source, f"could not read the file ({exc})") from exc


def _corpus_files(root: Path) -> list[tuple[str, Path, str | None]]:
    """(source, path, reason to skip or None), sorted by path. Hidden names are
    ignored; links leading out of `root` and unsupported types are reported."""
    real_root = root.resolve()
    found: list[tuple[str, Path, str | None]] = []
    folders = [(root, (real_root,))]  # each folder with the real folders above it
    while folders:
        folder, above = folders.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            found.append((_source(folder, root), folder, f"could not list the folder ({exc})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                real, reason = entry.resolve(strict=True), None
            except (OSError, RuntimeError):
                real, reason = None, "broken link; its target does not exist"
            if real is not None and not real.is_relative_to(real_root):
                reason = _OUTSIDE
            elif real is not None and real.is_dir():
                if real in above:  # subtle: a link to a folder above it would loop forever
                    reason = "link to a folder that contains it; not followed"
                else:
                    folders.append((entry, above + (real,)))
                    continue
            elif real is not None and not real.is_file():
                reason = "not a regular file"
            elif entry.suffix.lower() not in _LOADERS:
                reason = _unsupported(entry)
            found.append((_source(entry, root), entry, reason))
    return sorted(found, key=lambda item: PurePosixPath(item[0]).parts)


def _empty_corpus(root: Path, failures: list[tuple[str, str]]) -> EmptyCorpusError:
    lines = [f"No documents could be loaded from the corpus folder {root}."]
    if failures:
        lines.append("Skipped:")
        lines += [f"  {source}: {reason}" for source, reason in failures]
    else:
        lines.append("The folder holds no files.")
    lines.append("Add .txt, .md, .html or .pdf files to it (or fix the ones above) and build again.")
    return EmptyCorpusError("\n".join(lines))


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


# ---------------------------------------------------------------- shared structure
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


# ---------------------------------------------------------------- plain text
def _load_text(data: bytes, source: str) -> Document:
    text = _decode(data, source)
    lines = _lines(text)
    first = next(i for i, line in enumerate(lines) if line.text)
    heads = _text_heads(lines, first + 1, _debris_line(lines, len(text)))
    return _document(source, lines[first].text, text, _sections(text, lines, heads, first + 1))


def _is_heading(lines: list[_Line], i: int) -> bool:
    """A short line without final punctuation, standing alone as a paragraph."""
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
    ended = not before or before[-1] in ".!?:" or bool(_LIST_ITEM.match(before))
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
    found = [i for i in range(first, stop) if _is_heading(lines, i)]
    styles = [_case_style(lines[i].text) for i in found]
    mixed = "title" in styles and "sentence" in styles
    heads, level = [], 1
    for i, style in zip(found, styles):
        if mixed and style != "unknown":  # an "unknown" heading stays a sibling of the one before
            level = 1 if style == "title" else 2
        heads.append(_Head(i, level, lines[i].text))
    return heads


# ---------------------------------------------------------------- HTML and Markdown
_DROP_TAGS = ["head", "title", "script", "style", "noscript", "template", "svg", "iframe", "nav",
              "header", "footer", "aside", "form", "button"]
_DROP_MARKS = ("comment", "respond", "share", "sharing", "social", "sidebar", "cookie")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {"p", "div", "section", "article", "main", "blockquote", "pre", "figure",
                       "figcaption", "dl", "dt", "dd", "address", "details", "summary", "hr", "li",
                       "ul", "ol", "table", "tr", "td", "th", "body", "html", "center"}
_BR = "\x00"  # stands for <br> in a paragraph buffer; NUL never survives decoding


@dataclass(frozen=True)
class _Block:
    text: str
    level: int = 0  # 1-6 for a heading
    group: int = 0  # blocks of one list or table share a group and are joined by "\n"


def _load_html(data: bytes, source: str) -> Document:
    return _html_document(_decode(data, source), source)


def _load_markdown(data: bytes, source: str) -> Document:
    from markdown_it import MarkdownIt

    text, title = _front_matter(_decode(data, source))
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    h1s = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    if not title and not (len(h1s) == 1 and tokens and tokens[0] is h1s[0]):
        title = Path(source).stem  # no single leading "# Title": every "#" is a section
    return _html_document(md.render(text), source, title)


def _front_matter(text: str) -> tuple[str, str | None]:
    """Strip a leading YAML front matter block; return the rest and its `title:`."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return text, None
    title = re.search(r"^title:\s*(.+)$", match.group(1), re.M)
    return text[match.end():], title.group(1).strip().strip("\"'") if title else None


def _html_document(markup: str, source: str, title: str | None = None) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    root = soup.find("main") or soup.find("article") or soup.body or soup
    title = title or _html_title(soup, root) or Path(source).stem
    _drop_clutter(root)
    text, head_offsets = _join_blocks(title, _html_blocks(root))
    lines = _lines(text)
    index = {line.start: i for i, line in enumerate(lines) if line.text}
    heads = [_Head(index[pos], level, name) for pos, level, name in head_offsets]
    return _document(source, title, text, _sections(text, lines, heads, 1))


def _html_title(soup, root) -> str:
    """The first <h1>, unless a <title> exists that does not contain it; sites
    append "| Site name" to <title>, so the <h1> is usually the cleaner of the two."""
    tag, h1 = soup.find("title"), root.find("h1")
    page = " ".join(tag.get_text().split()) if tag else ""
    heading = _inline_text(h1) if h1 else ""
    if heading and (not page or heading.casefold() in page.casefold()):
        return heading
    return page or heading


def _drop_clutter(root) -> None:
    for tag in root.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    for tag in root.find_all(_is_clutter):
        if not tag.decomposed and not tag.find(["h1", "main", "article"]):  # never the page itself
            tag.decompose()


def _is_clutter(tag) -> bool:
    names = [tag.get("id") or ""] + list(tag.get("class") or [])
    parts = [p for name in names for p in re.split(r"[-_\s]+", name.lower()) if p]
    return any(part.startswith(_DROP_MARKS) for part in parts)


def _inline_text(tag) -> str:
    """All text under `tag` on one line; block boundaries and <br> become spaces."""
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    parts = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctypes, CDATA
                parts.append(str(node))
        elif node.name == "br" or node.name in _BLOCKS:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _html_blocks(root) -> list[_Block]:
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    blocks: list[_Block] = []
    buffer: list[str] = []
    groups = count(1)

    def flush() -> None:
        pieces = (" ".join(piece.split()) for piece in "".join(buffer).split(_BR))
        buffer.clear()
        if text := "\n".join(piece for piece in pieces if piece):
            blocks.append(_Block(text))

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    buffer.append(str(child))
            elif child.name == "br":
                buffer.append(_BR)
            elif child.name in _HEADINGS or child.name in ("ul", "ol", "table", "pre"):
                flush()
                blocks.extend(_special_block(child, next(groups)))
            elif child.name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return blocks


def _special_block(tag, group: int) -> list[_Block]:
    """Blocks for a heading, a list (one line per item), a table (one line per cell) or <pre>."""
    if tag.name in _HEADINGS:
        text = _inline_text(tag)
        return [_Block(text, level=int(tag.name[1]))] if text else []
    if tag.name == "table":
        cells = (_inline_text(cell) for cell in tag.find_all(["td", "th"]))
        return [_Block(cell, group=group) for cell in cells if cell]
    if tag.name == "pre":
        text = "\n".join(line.rstrip() for line in tag.get_text().strip("\n").split("\n"))
        return [_Block(text)] if text.strip() else []
    return _list_items(tag, group, 0)


def _list_items(tag, group: int, depth: int) -> list[_Block]:
    ordered = tag.name == "ol"
    number = int(tag["start"]) if ordered and str(tag.get("start", "")).isdigit() else 1
    items = []
    for li in tag.find_all("li", recursive=False):
        nested = [sub.extract() for sub in li.find_all(["ul", "ol"]) if sub.find_parent("li") is li]
        marker = f"{number}." if ordered else "•"
        number += 1
        if text := _inline_text(li):
            items.append(_Block("  " * depth + f"{marker} {text}", group=group))
        for sub in nested:
            items += _list_items(sub, group, depth + 1)
    return items


def _join_blocks(title: str, blocks: list[_Block]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text (title line first) and (offset, level, text) of each heading line.
    The first <h1> equal to the title is the title line, not a heading."""
    parts, heads, pos, group, title_seen = [title], [], len(title), 0, False
    for block in blocks:
        if block.level == 1 and not title_seen and block.text.casefold() == title.casefold():
            title_seen = True
            continue
        sep = "\n" if block.group and block.group == group else "\n\n"
        pos += len(sep)
        if block.level:
            heads.append((pos, block.level, block.text))
        parts += [sep, block.text]
        pos += len(block.text)
        group = block.group
    return "".join(parts), heads


# ---------------------------------------------------------------- PDF
def _load_pdf(data: bytes, source: str) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, source)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentLoadError(source, f"PDF has {len(reader.pages)} pages, over the {MAX_PDF_PAGES}-page "
                                            "limit (MAX_PDF_PAGES); split it into smaller files")
        pages = _pdf_pages(reader, source)
    except DocumentLoadError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on bad files
        raise DocumentLoadError(source, f"damaged or truncated PDF ({exc}); re-export or "
                                        "download it again") from exc
    text, starts = _join_pages(_drop_running_lines(pages))
    if not text.strip():
        raise DocumentLoadError(source, "no extractable text (scanned PDF?); run OCR on it first")
    lines = _lines(text)
    outline = _pdf_outline(reader)
    heads = _outline_heads(text, lines, starts, outline) if outline else []
    title, first = _pdf_title(reader, lines, {head.line for head in heads})
    if not outline:
        heads = _text_heads(lines, first, _debris_line(lines, len(text)))
    return _document(source, title, text, _sections(text, lines, heads, first), starts)


def _unlock(reader, source: str) -> None:
    """Open an encrypted PDF with the empty password (owner-password-only files), or fail."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # e.g. AES without the `cryptography` package
        raise DocumentLoadError(source, f"PDF is encrypted and could not be opened ({exc}); "
                                        "save an unencrypted copy") from exc
    if not opened:
        raise DocumentLoadError(source, "PDF is encrypted with a password; save an unencrypted copy")


def _pdf_pages(reader, source: str) -> list[list[str]]:
    """Each page's lines, right-stripped, with blank lines at either end removed."""
    deadline, pages = time.monotonic() + PDF_SECONDS, []
    for number, page in enumerate(reader.pages, 1):
        if time.monotonic() > deadline:
            raise DocumentLoadError(source, f"PDF parsing stopped after {PDF_SECONDS:.0f} s at page {number} "
                                            f"of {len(reader.pages)} (PDF_SECONDS); split or simplify the file")
        raw = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        lines = [line.rstrip() for line in raw.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        pages.append(lines)
    return pages


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove a first or last line that recurs (digits aside, e.g. "Page 3 of 9") on
    at least half the pages, and on three pages at least."""
    if len(pages) < 3:
        return pages
    for edge in (0, -1):
        keys = [re.sub(r"\d+", "#", page[edge].strip()).casefold() if page else None for page in pages]
        counts = Counter(key for key in keys if key)
        common = {key for key, n in counts.items() if n >= 3 and 2 * n >= len(pages)}
        pages = [(page[1:] if edge == 0 else page[:-1]) if key in common else page
                 for page, key in zip(pages, keys)]
    return pages


def _join_pages(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    texts = ["\n".join(lines).strip() for lines in pages]
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 2
    return "\n\n".join(texts), tuple(starts)


def _pdf_title(reader, lines: list[_Line], heading_lines: set[int]) -> tuple[str, int]:
    """The metadata title, else the first line; and the index of the first body line
    (after the first line when it is the title and no outline heading)."""
    first = next(i for i, line in enumerate(lines) if line.text)
    try:
        meta = " ".join(str((reader.metadata or {}).get("/Title") or "").split())
    except Exception:  # damaged metadata must not cost the text
        meta = ""
    is_title = not meta or meta.casefold() == lines[first].text.casefold()
    return meta or lines[first].text, first + 1 if is_title and first not in heading_lines else first


def _pdf_outline(reader) -> list[tuple[int, str, int | None]]:
    """(level, title, 0-based page) for each outline entry, depth first."""
    entries: list[tuple[int, str, int | None]] = []

    def visit(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:
                page = None
            if title := " ".join(str(getattr(item, "title", "") or "").split()):
                entries.append((level, title, page))

    try:
        visit(reader.outline, 1)
    except Exception:  # a broken outline falls back to heading heuristics
        return []
    return entries


def _outline_heads(text: str, lines: list[_Line], starts: tuple[int, ...], outline) -> list[_Head]:
    """Place each outline entry on the line of its page that reads as its title;
    failing that, at the top of its page (the heading is then not in the text)."""
    line_starts = [line.start for line in lines]
    heads, after = [], 0
    for level, title, page in outline:
        if page is None or not 0 <= page < len(starts):
            continue
        page_end = starts[page + 1] if page + 1 < len(starts) else len(text)
        k = max(after, bisect_left(line_starts, starts[page]))
        candidates = []
        while k < len(lines) and lines[k].start < page_end:
            if lines[k].text:
                candidates.append(k)
            k += 1
        key = " ".join(title.split()).casefold()
        found = next((k for k in candidates if " ".join(lines[k].text.split()).casefold() == key), None)
        if found is not None:
            heads.append(_Head(found, level, title))
            after = found + 1
        elif candidates:
            heads.append(_Head(candidates[0], level, title, own_line=False))
            after = candidates[0]
    return heads


_LOADERS = {".txt": _load_text, ".md": _load_markdown, ".markdown": _load_markdown,
            ".html": _load_html, ".htm": _load_html, ".pdf": _load_pdf}
