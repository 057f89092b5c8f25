"""Build, verify, publish and load index versions.

    index/
      CURRENT        the live version's name; replaced atomically (temp file + os.replace)
      v-<hash>/      one immutable build: manifest.json, chunks.faiss, arrays, BM25 folders
      cache/         embeddings keyed by hash(model, text), see cache.py
      .lock          serializes builds (CLI and server alike)

A version's name is a hash of everything it is built from (format, model,
parameters, every corpus file's bytes), so "is the index stale?" is one hash of
the corpus compared with CURRENT, and a build with nothing changed publishes
nothing (and an undo back to a version still on disk re-publishes it without
building). A build writes `.tmp-*`, fsyncs and checksums every file into the
manifest, digests the manifest into itself, renames the folder into place,
verifies it, then flips CURRENT; a crash at any moment leaves the previous
version live, and a damaged or edited version fails `load()` with
IndexMismatchError. Old versions are pruned after the flip (the last two are
kept). The corpus is hashed again after it is read: a file saved mid-build
means reading it again, so a version's name always matches its content.

Where: this module builds and loads versions; index_files.py names, writes,
checks, publishes and prunes a version on disk, index_faiss.py makes its FAISS
index, and index_data.py holds a loaded version in memory. Everything this
module defined before that split stays importable from it.

Not here: how documents are read (load.py), split (chunk.py) or searched (retrieve.py).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from .cache import EmbeddingCache
from .chunk import make_chunks, split_sentences
from .datatypes import BuildReport, Chunk, Document, Section, Sentence
from .embed import Embedder
from .errors import BuildError, IndexMismatchError, IndexNotFoundError
from .index_data import ChunkTable, IndexData
from .index_files import (FORMAT, check_files, corpus_files, current_version, flip_current, prune,
                          read_manifest, verify, version_name, write_version)
from .lexical import Lexicon

# Everything this module defined before the split stays importable here.
from .index_data import _MID_CAPITAL, HUB_K, HUB_LIMIT, _hubness  # noqa: F401
from .index_faiss import (FLAT_MAX, IVF_MIN_PROBES, IVF_TRAIN_PER_LIST, describe_faiss,  # noqa: F401
                          ivf_lists, make_faiss)
from .index_files import KEEP_VERSIONS, _manifest_digest, _sha256  # noqa: F401

READ_ATTEMPTS = 3  # reads of a corpus that changes while it is read, before giving up
_SYNTHETIC = {"Introduction", "Conclusion"}


def lent_heading(sent: Sentence) -> str:
    """The heading a sentence is embedded with ("" for none)."""
    head = sent.section_path[-1] if sent.section_path else ""
    # Synthetic sections have no heading to lend: the document title would only pull every
    # introduction sentence towards any question on the topic (measured: see DESIGN.md).
    return "" if head in _SYNTHETIC or head == "FAQ" else head


def sentence_input(doc: Document, sent: Sentence) -> str:
    """What the model embeds for a sentence: its heading as context, then the text."""
    text = doc.text[sent.start:sent.end]
    head = lent_heading(sent)
    return f"{head}: {text}" if head else text


def shared_heading_rows(sentences: list[Sentence]) -> list[int]:
    """Rows of the sentences whose document lends one heading to every sentence (one section
    under the title, as evaluation articles are). Such a heading tells no sentence from another
    and dilutes each one's own words, so these sentences get a second vector of their text
    alone, and retrieval takes the better of the two cosines (measured: see DESIGN.md)."""
    heads: dict[str, set] = {}
    for s in sentences:
        heads.setdefault(s.doc_id, set()).add(lent_heading(s))
    return [r for r, s in enumerate(sentences) if len(heads[s.doc_id]) == 1 and "" not in heads[s.doc_id]]


def chunk_input(doc: Document, chunk: Chunk) -> str:
    head = chunk.section_path[-1] if chunk.section_path else doc.title
    return f"{doc.title} | {head}: {chunk.text}"


def embedding_inputs(by_id: dict[str, Document], sentences: list[Sentence], chunks: list[Chunk]):
    """What a build embeds: sentence inputs, chunk inputs, and the rows and plain texts of the
    sentences that get a second view (shared_heading_rows)."""
    s_texts = [sentence_input(by_id[s.doc_id], s) for s in sentences]
    c_texts = [chunk_input(by_id[c.doc_id], c) for c in chunks]
    plain = shared_heading_rows(sentences)
    plain_texts = [by_id[sentences[r].doc_id].text[sentences[r].start:sentences[r].end] for r in plain]
    return s_texts, c_texts, plain, plain_texts


# ------------------------------------------------------------------ build
def _embed_cached(embedder: Embedder, cache: EmbeddingCache, texts: list[str], progress: bool):
    vectors, missing = cache.lookup(texts)
    if missing:
        todo = list(dict.fromkeys(texts[i] for i in missing))
        fresh = embedder.embed(todo, progress=progress)
        cache.add(todo, fresh)
        by_text = dict(zip(todo, fresh))
        for i in missing:
            vectors[i] = by_text[texts[i]]
    return vectors, len(set(texts[i] for i in missing))


def _lib_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("faiss-cpu", "bm25s", "sentence-transformers", "torch", "pypdf"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _changes(old: dict, new: dict):
    added = tuple(s for s in new if s not in old)
    removed = tuple(s for s in old if s not in new)
    changed = tuple(s for s in new if s in old and old[s] != new[s])
    unchanged = tuple(s for s in new if s in old and old[s] == new[s])
    return added, changed, removed, unchanged


def build(corpus_dir: Path | None, index_dir: Path, embedder: Embedder, params: dict,
          progress: bool | None = None, log=print, documents: list[Document] | None = None) -> BuildReport:
    """Build a version from the corpus (or from `documents`) and publish it.

    The caller holds the build lock (pipeline.build_lock)."""
    t0 = time.perf_counter()
    progress = sys.stderr.isatty() if progress is None else progress
    live = current_version(index_dir)
    for _ in range(READ_ATTEMPTS):
        files = corpus_files(corpus_dir) if documents is None else {d.source: d.id for d in documents}
        version = version_name(files, embedder.fingerprint, params)
        diff = _changes(_live_files(index_dir, live), files)
        if verify(index_dir / version):  # nothing changed, or an undo back to a version still on disk
            return _publish_existing(index_dir, version, live, diff, t0)
        docs, failures = _read_documents(corpus_dir, documents)
        # subtle: the version is named after the bytes hashed above, so they must be the bytes read
        if documents is not None or corpus_files(corpus_dir) == files:
            break
        log("the corpus changed while it was being read; reading it again")
    else:
        raise BuildError(f"The corpus {corpus_dir} kept changing while it was being read; the live index is "
                         "unchanged. Build again once the edits are saved.")
    for source, reason in failures:
        log(f"warning: skipped {source}: {reason}")
    sentences, chunks = _split(docs, params["chunk_chars"])
    by_id = {d.id: d for d in docs}
    cache = EmbeddingCache(index_dir / "cache", embedder.fingerprint, embedder.dim)
    s_texts, c_texts, plain, plain_texts = embedding_inputs(by_id, sentences, chunks)
    texts = s_texts + c_texts + plain_texts
    if progress:
        log(f"embedding {len(s_texts)} sentences and {len(c_texts)} chunks (cached ones are reused)")
    vectors, embedded = _embed_cached(embedder, cache, texts, progress)
    cache.compact(texts)
    lexicon = Lexicon.build([by_id[s.doc_id].text[s.start:s.end] for s in sentences], [c.text for c in chunks])
    manifest = _manifest(version, embedder, params, files, docs, failures, len(sentences), len(chunks))
    n_s, n_c = len(s_texts), len(c_texts)
    _write_and_publish(index_dir, version, lambda tmp: write_version(
        tmp, docs, sentences, vectors[:n_s], chunks, vectors[n_s:n_s + n_c], lexicon, manifest,
        (np.array(plain, dtype=np.int64), vectors[n_s + n_c:])))
    n_texts = len(set(texts))
    return BuildReport(version, True, *diff, tuple(failures), embedded, n_texts - embedded,
                       len(docs), len(chunks), len(sentences), time.perf_counter() - t0)


def _split(docs: list[Document], chunk_chars: int) -> tuple[list[Sentence], list[Chunk]]:
    """Every document's sentences and chunks, in document order."""
    sentences, chunks = [], []
    for doc in docs:
        doc_sents = split_sentences(doc)
        sentences.extend(doc_sents)
        chunks.extend(make_chunks(doc, doc_sents, chunk_chars))
    return sentences, chunks


def _manifest(version: str, embedder: Embedder, params: dict, files: dict, docs: list[Document],
              failures: list[tuple[str, str]], n_sentences: int, n_chunks: int) -> dict:
    """What a version records about itself; write_version adds the FAISS type, checksums and digest."""
    return {
        "format": FORMAT, "version": version, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "model": {"name": embedder.name, "fingerprint": embedder.fingerprint, "dim": embedder.dim},
        "normalized": True, "metric": "inner_product", "params": params, "files": files,
        "documents": [{"source": d.source, "id": d.id, "title": d.title} for d in docs],
        "failures": [list(f) for f in failures],
        "counts": {"documents": len(docs), "sentences": n_sentences, "chunks": n_chunks},
        "libraries": _lib_versions(),
    }


def _live_files(index_dir: Path, live: str | None) -> dict:
    """The corpus files the live version was built from ({} when there is none or it is unreadable)."""
    try:
        return read_manifest(index_dir / live).get("files", {}) if live else {}
    except IndexMismatchError:
        return {}


def _read_documents(corpus_dir: Path | None, documents: list[Document] | None):
    if documents is not None:
        return documents, []
    from .load import load_corpus

    return load_corpus(corpus_dir)


def _publish_existing(index_dir: Path, version: str, live: str | None, diff, t0: float) -> BuildReport:
    """Serve a verified version already on disk; nothing is embedded or written but CURRENT."""
    manifest = read_manifest(index_dir / version)
    if live != version:
        flip_current(index_dir, version)
        prune(index_dir)
    counts = manifest.get("counts", {})
    return BuildReport(version, live != version, *diff, tuple(tuple(f) for f in manifest.get("failures", [])),
                       documents=counts.get("documents", 0), chunks=counts.get("chunks", 0),
                       sentences=counts.get("sentences", 0), seconds=time.perf_counter() - t0)


def _write_and_publish(index_dir: Path, version: str, write) -> None:
    """write(tmp folder) -> rename into place -> verify -> flip CURRENT -> prune; a crash anywhere
    before the flip leaves the previous version live, and the leftovers are pruned next time."""
    tmp = index_dir / f".tmp-{version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        write(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    final = index_dir / version
    shutil.rmtree(final, ignore_errors=True)  # a damaged or partial copy of this version (never a valid live one)
    os.replace(tmp, final)
    if not verify(final):
        shutil.rmtree(final, ignore_errors=True)
        raise IndexMismatchError(f"The new index {final} failed verification after writing; the live index is unchanged.")
    flip_current(index_dir, version)
    prune(index_dir)


# ------------------------------------------------------------------ load
def load(index_dir: Path, version: str | None = None) -> IndexData:
    """Load and verify the CURRENT version (or `version`)."""
    import faiss

    version = version or current_version(index_dir)
    if not version:
        raise IndexNotFoundError(f"No index in {index_dir} — run `python -m assistant build` first.")
    folder = index_dir / version
    manifest = read_manifest(folder)
    check_files(folder, manifest)
    try:
        with open(folder / "documents.json", encoding="utf-8") as fh:
            raw = json.load(fh)
        docs = [Document(d["id"], d["source"], d["title"], d["text"],
                         tuple(Section(t, tuple(p), a, b) for t, p, a, b in d["sections"]), tuple(d["pages"]))
                for d in raw]
        # dict(): an NpzFile re-reads an array on every subscript, which made _chunk_spans quadratic
        sz, cz = dict(np.load(folder / "sentences.npz")), dict(np.load(folder / "chunks.npz"))
        sent_vecs = np.load(folder / "sentence_vectors.npy", mmap_mode="r")
        plain_vecs = np.load(folder / "sentence_plain_vectors.npy", mmap_mode="r")
        index = faiss.read_index(str(folder / "chunks.faiss"))
        lexicon = Lexicon.load(folder / "lexicon")
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexMismatchError(f"{folder} could not be read ({exc}); rebuild with `python -m assistant build`.") from exc
    sentences = []
    for d, a, b, blk, item in zip(sz["doc"], sz["start"], sz["end"], sz["block"], sz["item"]):
        doc = docs[d]
        sec = doc.section_at(int(a))
        sentences.append(Sentence(doc.id, int(a), int(b), sec.path if sec else (), int(blk), bool(item)))
    chunks = ChunkTable(docs, cz["doc"], cz["start"], cz["end"])
    span, owner = _chunk_spans(sz, cz)
    plain_row = np.asarray(sz["plain"], dtype=np.int64)
    if index.ntotal != len(chunks) or len(sent_vecs) != len(sentences) or len(plain_row) != len(sentences) \
            or int(plain_row.max(initial=-1)) >= len(plain_vecs):
        raise IndexMismatchError(f"{folder}: vector counts do not match the chunk and sentence lists.")
    return IndexData(version, folder, manifest, {d.id: d for d in docs}, sentences, sent_vecs, chunks,
                     span, owner, index, lexicon, plain_row, plain_vecs)


def _chunk_spans(sz, cz) -> tuple[np.ndarray, np.ndarray]:
    """Which sentences each chunk covers: chunks and sentences are both in document order."""
    owner = np.zeros(len(sz["start"]), dtype=np.int64)
    span = np.zeros((len(cz["start"]), 2), dtype=np.int64)
    j = 0
    for i, (d, a, b) in enumerate(zip(cz["doc"], cz["start"], cz["end"])):
        while j < len(owner) and (sz["doc"][j], sz["start"][j]) < (d, a):
            j += 1
        first = j
        while j < len(owner) and sz["doc"][j] == d and sz["end"][j] <= b:
            owner[j] = i
            j += 1
        span[i] = (first, j)
    return span, owner

