"""Frozen records that flow between the pipeline stages.

Every offset is a character offset into `Document.text`, so a citation can always
be checked by slicing: `document.text[c.start:c.end] == c.quote`.

Not here: behaviour. These are values; the stages (load, chunk, index, retrieve,
answer) create them and never mutate them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Section:
    """A part of a document and the span of body text it governs.

    `title` is the name a citation uses: the heading as written, or one of the
    synthetic names `Introduction`, `Conclusion`, `FAQ`. `path` is the heading
    trail from the top level, for display; for a FAQ entry it ends with the
    entry's question, e.g. `("FAQ", "Why do my hips hurt when I run?")`.
    `start:end` is the body: heading lines are outside it.
    """

    title: str
    path: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    id: str  # content hash of `text`
    source: str  # file name relative to the corpus folder, with "/" separators
    title: str
    text: str
    sections: tuple[Section, ...]
    pages: tuple[int, ...] = ()  # start offset of each page (PDF only)

    def section_at(self, offset: int) -> Section | None:
        """The section whose body holds `offset`, if any."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def page_at(self, offset: int) -> int | None:
        """1-based page number holding `offset` (PDF only), else None."""
        page = None
        for number, start in enumerate(self.pages, 1):
            if start <= offset:
                page = number
            else:
                break
        return page


@dataclass(frozen=True)
class Sentence:
    """A sentence or a list item. `block` numbers paragraphs and lists within the
    document; consecutive list items share one block."""

    doc_id: str
    start: int
    end: int
    section_path: tuple[str, ...]
    block: int = 0
    is_item: bool = False


@dataclass(frozen=True)
class Chunk:
    """Consecutive sentences of one section; never crosses a section boundary."""

    id: str
    doc_id: str
    section_path: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk; `ranks` keeps each retriever's rank (0-based, None when
    that retriever did not return it) so the fused score can be explained."""

    chunk: Chunk
    score: float
    ranks: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    doc_id: str
    source: str
    section: str
    section_path: tuple[str, ...]
    quote: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("doc_id")
        data["section_path"] = list(self.section_path)
        return data


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    declined: bool
    confidence: float
    hits: tuple[Hit, ...] = ()
    suggestions: tuple[str, ...] = ()  # closest section titles on a decline; starter questions on small talk
    # a greeting, thanks, goodbye or "who are you?" got the assistant's own reply: no quote, no gap in the
    # article (declined is True, as for every answer without citations)
    small_talk: bool = False

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "declined": self.declined,
            "confidence": round(float(self.confidence), 4),
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": list(self.suggestions),
            "small_talk": self.small_talk,
        }


@dataclass(frozen=True)
class BuildReport:
    """What a build did: per-document changes, embedding work, the version served."""

    version: str
    published: bool
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (source, reason)
    embedded: int = 0
    reused: int = 0
    documents: int = 0
    chunks: int = 0
    sentences: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        # a file that could not be read is counted as skipped, not as added, changed or unchanged: it is
        # not in the index (the tuples above are of files, so that mending it is a change)
        skipped = {source for source, _ in self.failed}
        added, changed, unchanged = ([s for s in group if s not in skipped]
                                     for group in (self.added, self.changed, self.unchanged))
        lines = [
            f"index version {self.version} ({'published' if self.published else 'unchanged, nothing published'})",
            f"documents: {len(added)} added, {len(changed)} changed, {len(self.removed)} removed, "
            f"{len(unchanged)} unchanged" + (f", {len(skipped)} skipped" if skipped else "")
            + f" ({self.documents} in the index)",
            (f"texts embedded: {self.embedded}, reused from cache: {self.reused} "
             if self.published else "texts embedded: 0 (nothing changed) ")
            + f"({self.sentences} sentences, {self.chunks} chunks)",
        ]
        for source, reason in self.failed:
            lines.append(f"skipped {source}: {reason}")
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)
