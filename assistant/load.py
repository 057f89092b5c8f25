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

Where: this module reads files and folders, applies the size limit and
dispatches on the suffix; load_text.py decodes bytes and finds plain-text
headings, load_html.py reads HTML and Markdown, load_pdf.py reads PDFs, and
load_sections.py cuts every format's text into sections. Underscored names are
private to these modules; those that moved out of this one stay importable
from it.

Not here: OCR of scanned PDFs, other formats (.docx, .epub), fetching URLs,
Unicode normalisation (quotes and dashes stay as written, so quotes can be
checked against the file), and chunking (chunk.py).
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .datatypes import Document, Section
from .errors import DocumentLoadError, EmptyCorpusError
from .load_html import _load_html, _load_markdown
from .load_pdf import _read_pdf
from .load_sections import _document, _trim
from .load_text import _load_text

# Everything this module defined before the format-specific parts moved out stays importable here.
from .load_html import (_BLOCKS, _BR, _DROP_MARKS, _DROP_TAGS, _HEADINGS, _Block,  # noqa: F401
                        _drop_clutter, _front_matter, _html_blocks, _html_document, _html_title,
                        _inline_text, _is_clutter, _join_blocks, _list_items, _special_block)
from .load_pdf import (_drop_running_lines, _join_pages, _outline_heads, _pdf_outline,  # noqa: F401
                       _pdf_pages, _pdf_title, _unlock)
from .load_sections import (_CONCLUSION, _DEBRIS, _FAQ_QUESTION, _LIST_ITEM, _cut,  # noqa: F401
                            _debris_line, _faq_lines, _Head, _Line, _lines, _sections)
from .load_text import (MAX_HEADING_CHARS, MAX_HEADING_WORDS, _FINAL_PUNCT,  # noqa: F401
                        _MINOR_WORDS, _WORD, _case_style, _decode, _detect_encoding, _is_heading,
                        _looks_binary, _text_heads)

VERSION = 4  # bump when the rules that read files into Documents change: indexes record it and rebuild
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 1000
PDF_SECONDS = 60.0  # checked between pages: one pathological page can still overrun it

_OUTSIDE = "points outside the corpus folder; not followed"


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


def _load_pdf(data: bytes, source: str) -> Document:
    # the limits are read here, at call time, so that a change to them on this module counts
    return _read_pdf(data, source, MAX_PDF_PAGES, PDF_SECONDS)


_LOADERS = {".txt": _load_text, ".md": _load_markdown, ".markdown": _load_markdown,
            ".html": _load_html, ".htm": _load_html, ".pdf": _load_pdf}
