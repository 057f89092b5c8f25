"""PDF: pages -> the text of a Document, its headings and page offsets (pypdf).

The text is the page texts joined by a blank line (by a line break where a sentence runs on to
the next page), running headers and footers removed (a first or last line recurring, digits
aside, on at least half the pages and on three at least);
`Document.pages` holds each page's offset. Headings come from the PDF outline, placed on the line
of their page that reads as their title; without an outline, the plain-text heading rules apply
(load_text.py). Encrypted files open only with the empty password. The page and time limits are
passed in by load.py, which owns them.

Not here: OCR of scanned PDFs (a PDF without extractable text is refused), cutting the text into
sections (load_sections.py).
"""
from __future__ import annotations

import io
import logging
import re
import time
from bisect import bisect_left
from collections import Counter

from .datatypes import Document
from .errors import DocumentLoadError
from .load_sections import _debris_line, _document, _Head, _Line, _lines, _sections
from .load_text import _text_heads

# pypdf logs what it mends or cannot read ("EOF marker not found") without saying which file; a file it
# cannot read is reported by name, with what to do, as a DocumentLoadError
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _read_pdf(data: bytes, source: str, max_pages: int, seconds: float) -> Document:
    """The Document of a PDF of at most `max_pages` pages, parsed within about `seconds`."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, source)
        if len(reader.pages) > max_pages:
            raise DocumentLoadError(source, f"PDF has {len(reader.pages)} pages, over the {max_pages}-page "
                                            "limit (MAX_PDF_PAGES); split it into smaller files")
        pages = _pdf_pages(reader, source, seconds)
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


def _pdf_pages(reader, source: str, seconds: float) -> list[list[str]]:
    """Each page's lines, right-stripped, with blank lines at either end removed."""
    deadline, pages = time.monotonic() + seconds, []
    for number, page in enumerate(reader.pages, 1):
        if time.monotonic() > deadline:
            raise DocumentLoadError(source, f"PDF parsing stopped after {seconds:.0f} s at page {number} "
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
    """The page texts joined by a blank line, or by a line break where a sentence runs on from one
    page to the next (the page ends without final punctuation and the next opens in lower case), so
    that it stays one sentence; and each page's offset."""
    texts = ["\n".join(lines).strip() for lines in pages]
    starts, parts, pos = [], [], 0
    for i, text in enumerate(texts):
        if i:
            sep = "\n" if _runs_on(texts[i - 1], text) else "\n\n"
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(text)
        pos += len(text)
    return "".join(parts), tuple(starts)


def _runs_on(page: str, next_page: str) -> bool:
    return bool(page and next_page) and page[-1] not in ".!?:;\"'”’)]" and next_page[0].islower()


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

