"""One index version on disk: its name, its files and manifest, and the CURRENT pointer.

A version's name hashes the format, the model fingerprint, the parameters and every corpus file's
bytes (`corpus_files`, `version_name`). `write_version` writes documents.json, sentences.npz,
chunks.npz, sentence_vectors.npy, sentence_plain_vectors.npy, chunks.faiss and the lexicon folder,
fsyncs and checksums each, then writes manifest.json with the checksums and a digest of the
manifest itself; `read_manifest`, `check_files` and `verify` refuse a version whose format,
digest, name or files do not match (IndexMismatchError). `flip_current` replaces CURRENT
atomically; `prune` removes leftovers and all but the newest versions.

Not here: when to build, publish or load a version (index.py), which FAISS index to make
(index_faiss.py), the loaded version in memory (index_data.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

from .datatypes import Chunk, Document, Sentence
from .errors import IndexMismatchError
from .index_faiss import describe_faiss, make_faiss
from .lexical import Lexicon

FORMAT = 3  # 2: manifest.json carries a digest of itself; 3: sentence_plain_vectors.npy
KEEP_VERSIONS = 2


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


# ------------------------------------------------------------------ write and publish
def _sha256(path: Path, sync: bool = False) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
        if sync:
            os.fsync(fh.fileno())
    return h.hexdigest()


def write_version(folder: Path, docs: list[Document], sentences: list[Sentence], sent_vecs: np.ndarray,
                  chunks: list[Chunk], chunk_vecs: np.ndarray, lexicon: Lexicon, manifest: dict,
                  plain: tuple[np.ndarray, np.ndarray]) -> None:
    """Write every file of a version into `folder`, then the manifest with their checksums.
    `plain` is (rows, vectors): the sentences that also have a vector of their text alone."""
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
             item=np.array([s.is_item for s in sentences], dtype=bool),
             plain=_plain_column(len(sentences), plain[0]))
    np.savez(folder / "chunks.npz",
             doc=np.array([doc_row[c.doc_id] for c in chunks], dtype=np.int32),
             start=np.array([c.start for c in chunks], dtype=np.int64),
             end=np.array([c.end for c in chunks], dtype=np.int64))
    np.save(folder / "sentence_vectors.npy", sent_vecs)
    plain_vecs = np.asarray(plain[1], dtype=np.float32).reshape(-1, sent_vecs.shape[1])
    np.save(folder / "sentence_plain_vectors.npy", plain_vecs)
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


def _plain_column(n: int, rows: np.ndarray) -> np.ndarray:
    """Per sentence: its row in sentence_plain_vectors.npy, or -1."""
    col = np.full(n, -1, dtype=np.int64)
    col[rows] = np.arange(len(rows))
    return col


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


# ------------------------------------------------------------------ check
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

