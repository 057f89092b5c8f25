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

Not here: how documents are read (load.py), split (chunk.py) or searched (retrieve.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cache import EmbeddingCache
from .chunk import make_chunks, split_sentences
from .datatypes import BuildReport, Chunk, Document, Section, Sentence
from .embed import Embedder
from .errors import BuildError, IndexMismatchError, IndexNotFoundError
from .lexical import Lexicon, tokenize

FORMAT = 2  # 2: manifest.json carries a digest of itself
KEEP_VERSIONS = 2
READ_ATTEMPTS = 3  # reads of a corpus that changes while it is read, before giving up
_SYNTHETIC = {"Introduction", "Conclusion"}


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
    prev_row: np.ndarray = None  # previous sentence of the same section, or -1
    next_row: np.ndarray = None
    _chunk_vectors: np.ndarray | None = None
    _tokens: dict = None
    _names: frozenset | None = None

    def __post_init__(self):
        n = len(self.sentences)
        self.prev_row = np.full(n, -1, dtype=np.int64)
        self.next_row = np.full(n, -1, dtype=np.int64)
        for i in range(1, n):
            a, b = self.sentences[i - 1], self.sentences[i]
            if a.doc_id == b.doc_id and a.section_path == b.section_path:
                self.prev_row[i], self.next_row[i - 1] = i - 1, i
        self._tokens = {}
        self.hubness = _hubness(np.asarray(self.sentence_vectors))

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

    Generic sentences ("hubs") sit close to everything and win dense search for
    any vague question; the answerer discounts them by this (the CSLS correction
    of Conneau et al., 2018). Skipped (zeros) beyond HUB_LIMIT sentences."""
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


def sentence_input(doc: Document, sent: Sentence) -> str:
    """What the model embeds for a sentence: its heading as context, then the text."""
    text = doc.text[sent.start:sent.end]
    head = sent.section_path[-1] if sent.section_path else ""
    # Synthetic sections have no heading to lend: the document title would only pull every
    # introduction sentence towards any question on the topic (measured: see DESIGN.md).
    return text if not head or head in _SYNTHETIC or head == "FAQ" else f"{head}: {text}"


def chunk_input(doc: Document, chunk: Chunk) -> str:
    head = chunk.section_path[-1] if chunk.section_path else doc.title
    return f"{doc.title} | {head}: {chunk.text}"


# ------------------------------------------------------------------ corpus state
def corpus_files(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of the bytes, for every non-hidden file under root."""
    out = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        try:
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            out[rel.as_posix()] = "unreadable"
    return out


def version_name(files: dict[str, str], fingerprint: str, params: dict) -> str:
    blob = json.dumps([FORMAT, fingerprint, params, sorted(files.items())], sort_keys=True)
    return "v-" + hashlib.sha256(blob.encode()).hexdigest()[:12]


def current_version(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except OSError:
        return None
    return name or None


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


def _sha256(path: Path, sync: bool = False) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
        if sync:
            os.fsync(fh.fileno())
    return h.hexdigest()


def _lib_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("faiss-cpu", "bm25s", "sentence-transformers", "torch", "pypdf"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


# Exact flat search up to FLAT_MAX chunks, IVF beyond. Measured by bench/scale.py (BENCHMARKS.md,
# 1 thread, real questions against vectors clustered around real ones): flat costs ~0.08-0.15 ms per
# 1,000 chunks a query (0.8 ms at 10,000, 1.7-3 ms at 20,000, against ~17-20 ms for the query
# embedding); IVF probing 64 lists answers in 0.6 ms at 20,000 and 4 ms at 10^6, recall@10 0.97-0.99.
FLAT_MAX = 10_000
IVF_TRAIN_PER_LIST = 40  # k-means sample per list (faiss warns below 39)
IVF_MIN_PROBES = 64  # recall@10 was 0.93-0.95 at 16 probes and 0.96-0.98 at 32, at every size


def ivf_lists(n: int) -> int:
    """About 2*sqrt(n) lists, a power of two: ~500 vectors a list at 10^6 chunks."""
    return 1 << max(4, round(np.log2(2 * np.sqrt(max(n, 1)))))


def make_faiss(vectors: np.ndarray, kind: str | None = None):
    """Inner product on normalized vectors (score = cosine); row i is chunk i.

    Flat (exact) up to FLAT_MAX rows; IVF-Flat beyond (or `kind="flat"|"ivf"`), probing 64 lists
    or 1/32 of them, with a direct map so `reconstruct(row)` works as it does on the flat index."""
    import faiss

    x = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or ("flat" if len(x) <= FLAT_MAX else "ivf")
    if kind == "flat":
        index = faiss.IndexFlatIP(x.shape[1])
        if len(x):
            index.add(x)
        return index
    nlist = ivf_lists(len(x))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(x.shape[1]), x.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10  # k-means: recall@10 0.97-0.99 with 10 or 25 iterations; 10 trains 2-3x faster
    index.cp.seed = 1234
    rng = np.random.default_rng(0)
    sample = x if len(x) <= IVF_TRAIN_PER_LIST * nlist else \
        x[np.sort(rng.choice(len(x), IVF_TRAIN_PER_LIST * nlist, replace=False))]
    index.train(sample)
    index.add(x)  # ids are 0..n-1 in order: row i is still chunk i
    index.nprobe = min(nlist, max(IVF_MIN_PROBES, nlist // 32))
    index.make_direct_map()
    return index


def describe_faiss(index) -> dict:
    """What the manifest records about the chunk index."""
    import faiss

    if isinstance(index, faiss.IndexIVF):
        return {"type": "IVFFlat", "nlist": int(index.nlist), "nprobe": int(index.nprobe), "ntotal": int(index.ntotal)}
    return {"type": type(index).__name__, "ntotal": int(index.ntotal)}


def write_version(folder: Path, docs: list[Document], sentences: list[Sentence], sent_vecs: np.ndarray,
                  chunks: list[Chunk], chunk_vecs: np.ndarray, lexicon: Lexicon, manifest: dict) -> None:
    """Write every file of a version into `folder`, then the manifest with their checksums."""
    import faiss

    folder.mkdir(parents=True)
    doc_row = {d.id: i for i, d in enumerate(docs)}
    with open(folder / "documents.json", "w", encoding="utf-8") as fh:
        json.dump([{"id": d.id, "source": d.source, "title": d.title, "text": d.text, "pages": list(d.pages),
                    "sections": [[s.title, list(s.path), s.start, s.end] for s in d.sections]} for d in docs],
                  fh, ensure_ascii=False)
    np.savez(folder / "sentences.npz",
             doc=np.array([doc_row[s.doc_id] for s in sentences], dtype=np.int32),
             start=np.array([s.start for s in sentences], dtype=np.int64),
             end=np.array([s.end for s in sentences], dtype=np.int64),
             block=np.array([s.block for s in sentences], dtype=np.int32),
             item=np.array([s.is_item for s in sentences], dtype=bool))
    np.savez(folder / "chunks.npz",
             doc=np.array([doc_row[c.doc_id] for c in chunks], dtype=np.int32),
             start=np.array([c.start for c in chunks], dtype=np.int64),
             end=np.array([c.end for c in chunks], dtype=np.int64))
    np.save(folder / "sentence_vectors.npy", sent_vecs)
    chunk_index = make_faiss(chunk_vecs)
    manifest["faiss"] = describe_faiss(chunk_index)  # flat or IVF, by size (see FLAT_MAX)
    faiss.write_index(chunk_index, str(folder / "chunks.faiss"))
    lexicon.save(folder / "lexicon")
    manifest["checksums"] = {p.relative_to(folder).as_posix(): _sha256(p, sync=True)
                             for p in sorted(folder.rglob("*")) if p.is_file()}
    manifest["digest"] = _manifest_digest(manifest)
    with open(folder / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def _manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest without its own digest: an edited manifest no longer matches."""
    body = {k: v for k, v in manifest.items() if k != "digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def flip_current(index_dir: Path, version: str) -> None:
    tmp = index_dir / f".CURRENT.{os.getpid()}.tmp"
    with open(tmp, "w") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / "CURRENT")
    fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(index_dir: Path, keep: int = KEEP_VERSIONS) -> None:
    """Delete leftover temp folders and all but the `keep` newest versions (CURRENT always kept)."""
    live = current_version(index_dir)
    for tmp in index_dir.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for tmp in index_dir.glob(".CURRENT.*.tmp"):
        tmp.unlink(missing_ok=True)
    versions = sorted((p for p in index_dir.glob("v-*") if p.is_dir()),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    kept = [p for p in versions if p.name == live]
    for p in versions:
        if p.name != live and len(kept) < keep:
            kept.append(p)
        elif p not in kept:
            shutil.rmtree(p, ignore_errors=True)


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
    sentences, chunks = [], []
    for doc in docs:
        doc_sents = split_sentences(doc)
        sentences.extend(doc_sents)
        chunks.extend(make_chunks(doc, doc_sents, params["chunk_chars"]))
    by_id = {d.id: d for d in docs}
    cache = EmbeddingCache(index_dir / "cache", embedder.fingerprint, embedder.dim)
    s_texts = [sentence_input(by_id[s.doc_id], s) for s in sentences]
    c_texts = [chunk_input(by_id[c.doc_id], c) for c in chunks]
    if progress:
        log(f"embedding {len(s_texts)} sentences and {len(c_texts)} chunks (cached ones are reused)")
    vectors, embedded = _embed_cached(embedder, cache, s_texts + c_texts, progress)
    cache.compact(s_texts + c_texts)
    lexicon = Lexicon.build([by_id[s.doc_id].text[s.start:s.end] for s in sentences], [c.text for c in chunks])
    manifest = {
        "format": FORMAT, "version": version, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "model": {"name": embedder.name, "fingerprint": embedder.fingerprint, "dim": embedder.dim},
        "normalized": True, "metric": "inner_product", "params": params, "files": files,
        "documents": [{"source": d.source, "id": d.id, "title": d.title} for d in docs],
        "failures": [list(f) for f in failures],
        "counts": {"documents": len(docs), "sentences": len(sentences), "chunks": len(chunks)},
        "libraries": _lib_versions(),
    }
    _write_and_publish(index_dir, version, lambda tmp: write_version(
        tmp, docs, sentences, vectors[:len(s_texts)], chunks, vectors[len(s_texts):], lexicon, manifest))
    n_texts = len(set(s_texts + c_texts))
    return BuildReport(version, True, *diff, tuple(failures), embedded, n_texts - embedded,
                       len(docs), len(chunks), len(sentences), time.perf_counter() - t0)


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
def read_manifest(folder: Path) -> dict:
    try:
        with open(folder / "manifest.json", encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError) as exc:
        raise IndexMismatchError(f"{folder} has no readable manifest.json (a partial build?): {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexMismatchError(f"{folder} is index format {found}, this program reads {FORMAT}; "
                                 "rebuild with `python -m assistant build`.")
    if manifest.get("digest") != _manifest_digest(manifest):
        raise IndexMismatchError(f"{folder}/manifest.json does not match its digest (edited or damaged); "
                                 "rebuild with `python -m assistant build`.")
    if manifest.get("version") != folder.name:
        raise IndexMismatchError(f"{folder}/manifest.json describes version {manifest.get('version')}, "
                                 f"not {folder.name}; rebuild with `python -m assistant build`.")
    return manifest


def verify(folder: Path, quick: bool = False) -> bool:
    """True when the manifest is readable and every listed file has its size/checksum."""
    try:
        check_files(folder, read_manifest(folder), quick)
    except IndexMismatchError:
        return False
    return True


def check_files(folder: Path, manifest: dict, quick: bool = False) -> None:
    sums = manifest.get("checksums") or {}
    if not sums:
        raise IndexMismatchError(f"{folder}/manifest.json lists no files.")
    for name, digest in sums.items():
        path = folder / name
        if not path.is_file():
            raise IndexMismatchError(f"{path} is missing (a partial or damaged index version).")
        if not quick and _sha256(path) != digest:
            raise IndexMismatchError(f"{path} does not match its checksum in manifest.json (damaged or edited).")


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
    if index.ntotal != len(chunks) or len(sent_vecs) != len(sentences):
        raise IndexMismatchError(f"{folder}: vector counts do not match the chunk and sentence lists.")
    return IndexData(version, folder, manifest, {d.id: d for d in docs}, sentences, sent_vecs, chunks,
                     span, owner, index, lexicon)


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
