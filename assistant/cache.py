"""Embedding cache: vectors keyed by hash(model fingerprint, input text).

Stored as immutable shards `index/cache/<fingerprint>/<name>.npz`, each written to a
temporary name and renamed into place, so a crash leaves either a whole shard or
none. A build reads every shard, embeds only the texts it has not seen, and
writes them as one new shard; when shards pile up they are compacted to the
keys the last build used.

Not here: eviction by age or size (compaction bounds it to the live corpus).
"""
from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

MAX_SHARDS = 8


def text_key(fingerprint: str, text: str) -> bytes:
    return hashlib.blake2b(f"{fingerprint}\0{text}".encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    def __init__(self, folder: Path, fingerprint: str, dim: int):
        self.folder = folder / fingerprint
        self.fingerprint = fingerprint
        self.dim = dim
        self._vectors: dict[bytes, np.ndarray] = {}
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        for tmp in self.folder.glob(".*.tmp.npz"):
            tmp.unlink(missing_ok=True)  # left by a killed build; builds hold the index lock, so none is in flight
        for shard in self._shards():
            try:
                with np.load(shard) as data:
                    keys, vecs = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
                shard.unlink(missing_ok=True)  # a damaged shard is only lost work
                continue
            if vecs.ndim == 2 and vecs.shape[1] == self.dim:
                for k, v in zip(keys, vecs):
                    self._vectors[bytes(k)] = v
        self._loaded = True

    def lookup(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        """Vectors for `texts` (zero rows where missing) and the indexes missing."""
        self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = []
        for i, t in enumerate(texts):
            v = self._vectors.get(text_key(self.fingerprint, t))
            if v is None:
                missing.append(i)
            else:
                out[i] = v
        return out, missing

    def add(self, texts: list[str], vectors: np.ndarray) -> None:
        """Store new vectors as one shard (atomic)."""
        if not texts:
            return
        keys = np.array([text_key(self.fingerprint, t) for t in texts], dtype="S16")
        for k, v in zip(keys, vectors):
            self._vectors[bytes(k)] = v
        self._write(keys, np.asarray(vectors, dtype=np.float32))

    def compact(self, live_texts: list[str]) -> None:
        """Rewrite the shards as one holding only `live_texts`, when there are many."""
        shards = self._shards()
        if len(shards) <= MAX_SHARDS:
            return
        keys = [text_key(self.fingerprint, t) for t in dict.fromkeys(live_texts)]
        keys = [k for k in keys if k in self._vectors]
        kept = self._write(np.array(keys, dtype="S16"), np.stack([self._vectors[k] for k in keys]) if keys else
                           np.zeros((0, self.dim), np.float32))
        for shard in shards:  # subtle: only after the compacted shard is in place, so a crash loses nothing
            if shard != kept:
                shard.unlink(missing_ok=True)

    def _shards(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.npz") if not p.name.startswith("."))

    def _write(self, keys: np.ndarray, vectors: np.ndarray) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.blake2b(keys.tobytes(), digest_size=8).hexdigest()
        tmp = self.folder / f".{name}.{os.getpid()}.tmp.npz"
        np.savez(tmp, keys=keys, vectors=vectors)
        final = self.folder / f"{name}.npz"
        os.replace(tmp, final)
        return final
