"""Document -> Sentences and section-bounded Chunks, with character offsets.

Rules:
- Work section by section; a section body splits into blocks at blank lines.
- In a block, two or more consecutive lines that start with a bullet (•, -, *,
  –, ·) or a number ("1." / "1)") are list items: each item is one Sentence
  (`is_item=True`), its offsets exclude the marker, and the whole list shares
  one `block` number. A lone numbered line (a FAQ question) is ordinary text.
- Other lines of a block form one paragraph, split into sentences by pysbd,
  which knows abbreviations ("e.g.", "Dr.", "U.S."), decimals and ellipses.
  pysbd ends a sentence at every line break, so it reads the paragraph with the
  line breaks that wrap a sentence as spaces (after a full line, or before one
  going on in lower case; never after a colon): hard-wrapped text (PDF pages, e-mail, papers saved
  as text) splits into sentences, not lines, while short lines before a capital
  (a list without markers, an address) stay apart. Offsets are unchanged, one
  character for one. pysbd sometimes cuts inside a parenthesis ("…B cells (73," / "74) ."
  in a paper's reference list); a piece that closes the previous one's open
  parenthesis joins it.
- A chunk is a run of consecutive sentences of one section, up to `max_chars`
  (a longer single sentence is a chunk of its own). Chunks never cross a
  section boundary and never cut a sentence.

Not here: overlap between chunks (the answerer reads neighbours from the
sentence list instead), token counting, or any language but English.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .datatypes import Chunk, Document, Section, Sentence

VERSION = 7  # bump when the rules change: index versions record it, so old indexes rebuild
MIN_WRAP, WRAP_SHARE = 30, 0.6  # a line this long wraps its sentence onto the next (_unwrapped)
_ITEM = re.compile(r"[^\S\n]*(?:[•\-*–·▪◦‣]|\d{1,3}[.)])[ \t]+(?=\S)")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _lines(text: str, start: int, end: int):
    """(line_start, line_end) spans of the lines in text[start:end], newline excluded."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def _blocks(text: str, section: Section):
    """Groups of non-blank line spans separated by blank lines."""
    block: list[tuple[int, int]] = []
    for a, b in _lines(text, section.start, section.end):
        if text[a:b].strip():
            block.append((a, b))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _unwrapped(paragraph: str) -> str:
    """The paragraph with each line break that wraps a sentence read as a space: one after a full
    line (at least MIN_WRAP characters and WRAP_SHARE of the longest line), or before a line that
    goes on in lower case, unless the line ends in a colon (a lead-in: "Common triggers:"). A short
    line before a capital ends something: an item of a list without markers, an address line."""
    lines = paragraph.split("\n")
    if len(lines) == 1:
        return paragraph
    longest = max(len(line.strip()) for line in lines)
    out = []
    for line, after in zip(lines, lines[1:]):
        full = len(line.strip()) >= max(MIN_WRAP, WRAP_SHARE * longest)
        wraps = (full or after.lstrip()[:1].islower()) and not line.rstrip().endswith(":")
        out.append(line + (" " if wraps else "\n"))
    return "".join(out) + lines[-1]


def _paragraph_sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for seg in _segmenter().segment(_unwrapped(text[a:b])):
        s, e = _strip(text, a + seg.start, a + seg.end)
        if e <= s:
            continue
        if spans and _open_paren(text[spans[-1][0]:spans[-1][1]]) and ")" in text[s:e]:
            spans[-1] = (spans[-1][0], e)  # pysbd cut inside "(73, 74)": one sentence
        else:
            spans.append((s, e))
    return spans


def _open_paren(sentence: str) -> bool:
    return sentence.count("(") > sentence.count(")")


def sentence_texts(text: str) -> list[str]:
    """The sentences of a short text, such as a chat message, by the same splitter as documents."""
    return [t for t in (seg.sent.strip() for seg in _segmenter().segment(text)) if t]


def split_sentences(doc: Document) -> list[Sentence]:
    """All sentences and list items of the document's sections, in order."""
    out: list[Sentence] = []
    block_no = 0
    for section in doc.sections:
        for block in _blocks(doc.text, section):
            para: list[tuple[int, int]] = []
            i = 0
            while i < len(block):
                run = i
                while run < len(block) and _ITEM.match(doc.text, block[run][0], block[run][1]):
                    run += 1
                if run - i >= 2:  # a list: flush the paragraph before it, then one item each
                    out.extend(_flush(doc, section, para, block_no))
                    block_no += 1 if para else 0
                    para = []
                    for a, b in block[i:run]:
                        m = _ITEM.match(doc.text, a, b)
                        s, e = _strip(doc.text, m.end(), b)
                        out.append(Sentence(doc.id, s, e, section.path, block_no, True))
                    block_no += 1
                    i = run
                else:
                    para.append(block[i])
                    i += 1
            out.extend(_flush(doc, section, para, block_no))
            block_no += 1 if para else 0
    return out


def _flush(doc: Document, section: Section, para, block_no: int) -> list[Sentence]:
    if not para:
        return []
    a, b = para[0][0], para[-1][1]
    m = _ITEM.match(doc.text, a, para[0][1])
    if m:  # a lone numbered line opening a paragraph, e.g. a FAQ question: drop the marker
        a = m.end()
    return [Sentence(doc.id, s, e, section.path, block_no) for s, e in _paragraph_sentences(doc.text, a, b)]


def make_chunks(doc: Document, sentences: list[Sentence], max_chars: int) -> list[Chunk]:
    """Greedy runs of consecutive same-section sentences of at most `max_chars`."""
    chunks: list[Chunk] = []
    run: list[Sentence] = []

    def close():
        if run:
            s, e = run[0].start, run[-1].end
            chunks.append(Chunk(f"{doc.id}-{s}", doc.id, run[0].section_path, s, e, doc.text[s:e]))
            run.clear()

    section = None
    for sent in sentences:
        here = doc.section_at(sent.start)
        if run and (here is not section or sent.end - run[0].start > max_chars):
            close()
        section = here
        run.append(sent)
    close()
    return chunks
