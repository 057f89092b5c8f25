"""A loaded index version in memory: IndexData and its chunk table.

`IndexData` holds one version's documents, sentences and their vectors (memory-mapped; some
sentences have a second vector, see `sentence_cosines`), chunks, FAISS index and keyword lexicon,
and what answering derives from them: each sentence's neighbours in its section and its hubness
(computed on load), its bm25 tokens and the corpus' proper names (computed when first asked for).
`ChunkTable` keeps the chunks as three integer arrays and makes a `Chunk` only when one is asked for.

Not here: reading and verifying a version's files (index.py, index_files.py), search (retrieve.py).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .datatypes import Chunk, Document, Sentence
from .lexical import Lexicon, tokenize, words


@dataclass
class IndexData:
    """A loaded version: documents, sentences, chunks, vectors and keyword indexes."""

    version: str
    path: Path
    manifest: dict
    documents: dict[str, Document]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunks: "ChunkTable"
    chunk_span: np.ndarray  # (n_chunks, 2): first sentence, one past the last
    sentence_chunk: np.ndarray  # chunk row of each sentence
    faiss_index: object
    lexicon: Lexicon
    plain_row: np.ndarray = None  # row in plain_vectors of a sentence also embedded alone, or -1
    plain_vectors: np.ndarray = None  # see index.shared_heading_rows
    prev_row: np.ndarray = None  # previous sentence of the same section, or -1
    next_row: np.ndarray = None
    _chunk_vectors: np.ndarray | None = None
    _tokens: dict = None
    _memo: dict = None  # per_sentence: key -> {row: value}
    _names: frozenset | None = None

    def __post_init__(self):
        n = len(self.sentences)
        if self.plain_row is None:
            self.plain_row = np.full(n, -1, dtype=np.int64)
        self.prev_row = np.full(n, -1, dtype=np.int64)
        self.next_row = np.full(n, -1, dtype=np.int64)
        for i in range(1, n):
            a, b = self.sentences[i - 1], self.sentences[i]
            if a.doc_id == b.doc_id and a.section_path == b.section_path:
                self.prev_row[i], self.next_row[i - 1] = i - 1, i
        self._tokens = {}
        self._memo = {}
        self.hubness = _hubness(np.asarray(self.sentence_vectors))

    def sentence_cosines(self, rows: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """Cosine of the question to each sentence; for a sentence also embedded without its
        heading (index.shared_heading_rows), the better of the two."""
        values = np.asarray(self.sentence_vectors[rows]) @ qvec
        alt = self.plain_row[rows]
        has = alt >= 0
        if has.any():
            values[has] = np.maximum(values[has], np.asarray(self.plain_vectors[alt[has]]) @ qvec)
        return values

    def sentence_text(self, row: int) -> str:
        s = self.sentences[row]
        return self.documents[s.doc_id].text[s.start:s.end]

    def sentence_tokens(self, rows) -> list[set]:
        """bm25 tokens of sentences, computed once per sentence."""
        todo = [int(r) for r in rows if int(r) not in self._tokens]
        if todo:
            for r, toks in zip(todo, tokenize([self.sentence_text(r) for r in todo])):
                self._tokens[r] = set(toks)
        return [self._tokens[int(r)] for r in rows]

    def word_counts(self, rows) -> list[int]:
        """Words per sentence, counted once per sentence."""
        return self.per_sentence("words", rows, lambda r: len(words(self.sentence_text(r))))

    def per_sentence(self, key: str, rows, fn) -> list:
        """fn(row) for each row, computed once per sentence and `key` (a property of the sentence
        alone: whether it speaks of itself, whether it holds a year), so that answering does not
        rerun it for every question."""
        table = self._memo.setdefault(key, {})
        for r in rows:
            if r not in table:
                table[r] = fn(r)
        return [table[r] for r in rows]

    def names(self) -> frozenset[str]:
        """Words the corpus capitalises inside sentences: proper names, so that a sentence
        opening with one ("Tesla was born…") still holds a name for a "who" question."""
        if self._names is None:
            found = set()
            for doc in self.documents.values():
                found.update(m.group(1) for m in _MID_CAPITAL.finditer(doc.text))
            self._names = frozenset(found)
        return self._names

    def heading_tokens(self, path: tuple[str, ...]) -> set:
        key = ("h",) + tuple(path)
        if key not in self._tokens:
            self._tokens[key] = set(tokenize([" ".join(path)])[0])
        return self._tokens[key]

    def chunk_vectors(self, rows: np.ndarray) -> np.ndarray:
        """Chunk vectors from the FAISS index (kept in memory when the index is small)."""
        n = self.faiss_index.ntotal
        if n <= 50_000:
            if self._chunk_vectors is None:
                self._chunk_vectors = self.faiss_index.reconstruct_n(0, n) if n else np.zeros((0, 1), np.float32)
            return self._chunk_vectors[rows]
        return np.stack([self.faiss_index.reconstruct(int(r)) for r in rows])


_MID_CAPITAL = re.compile(r"[a-z,;] ([A-Z][a-z]+)")


class ChunkTable(Sequence):
    """The chunks of a loaded version as three integer arrays; a `Chunk` (and its text,
    sliced from the document) is made only when asked for, so a large index keeps no
    per-chunk Python objects or text copies in memory (see BENCHMARKS.md, Scale)."""

    def __init__(self, docs: list[Document], doc: np.ndarray, start: np.ndarray, end: np.ndarray):
        self.docs, self.doc, self.start, self.end = docs, np.asarray(doc), np.asarray(start), np.asarray(end)

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        doc, a, b = self.docs[int(self.doc[row])], int(self.start[row]), int(self.end[row])
        sec = doc.section_at(a)
        return Chunk(f"{doc.id}-{a}", doc.id, sec.path if sec else (), a, b, doc.text[a:b])


HUB_K = 10
HUB_LIMIT = 20_000


def _hubness(vectors: np.ndarray) -> np.ndarray:
    """Mean cosine of each sentence to its HUB_K nearest other sentences.

    Generic sentences ("hubs") sit close to everything (the quantity the CSLS
    correction of Conneau et al., 2018, subtracts). The answerer weighs it as one
    signal among others; fitted on the dev sets its weight came out small and
    positive, so it does not discount hubs (DESIGN notes give the measurements).
    Skipped (zeros) beyond HUB_LIMIT sentences."""
    n = len(vectors)
    if n <= 1 or n > HUB_LIMIT:
        return np.zeros(n, dtype=np.float32)
    k = min(HUB_K, n - 1)
    out = np.empty(n, dtype=np.float32)
    for a in range(0, n, 2048):
        sims = vectors[a:a + 2048] @ vectors.T
        np.fill_diagonal(sims[:, a:a + 2048], -1.0)
        out[a:a + 2048] = np.sort(np.partition(sims, n - k, axis=1)[:, n - k:], axis=1).mean(axis=1)
    return out
