"""Keyword side of retrieval: bm25s indexes over chunks and sentences, and the
corpus vocabulary used to mend typos in questions.

Tokens are bm25s' own (lower-cased words of two or more characters, English stop
words removed, Snowball-stemmed by PyStemmer), the same at build and at query time.

Typo repair ("strenght" -> "strength") maps a question word to a corpus word only
when the word is unknown to both the corpus and the embedding model's word list
(so real words such as "brace" are never "corrected" into corpus words), and a
corpus word lies within a small edit distance. No list of known misspellings.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class Lexicon:
    def __init__(self, chunks, sentences, vocab: Counter):
        self.chunks = chunks  # bm25s.BM25 over chunk texts
        self.sentences = sentences  # bm25s.BM25 over sentence texts
        self.vocab = vocab  # lower-cased corpus word -> count

    @classmethod
    def build(cls, sentence_texts: list[str], chunk_texts: list[str]) -> "Lexicon":
        import bm25s

        out = []
        for texts in (chunk_texts, sentence_texts):
            bm = bm25s.BM25()
            bm.index(tokenize(texts) if texts else [[]], show_progress=False)
            out.append(bm)
        vocab = Counter(w for t in sentence_texts for w in words(t))
        return cls(out[0], out[1], vocab)

    def save(self, folder: Path) -> None:
        for name, bm in (("chunks", self.chunks), ("sentences", self.sentences)):
            bm.save(str(folder / name), show_progress=False)
        with open(folder / "vocab.json", "w", encoding="utf-8") as fh:
            json.dump(self.vocab, fh, ensure_ascii=False)

    @classmethod
    def load(cls, folder: Path) -> "Lexicon":
        import bm25s

        parts = [bm25s.BM25.load(str(folder / name), show_progress=False) for name in ("chunks", "sentences")]
        with open(folder / "vocab.json", encoding="utf-8") as fh:
            vocab = Counter(json.load(fh))
        return cls(parts[0], parts[1], vocab)

    @staticmethod
    def _scores(bm, tokens: list[str], n: int) -> np.ndarray:
        ids = bm.get_tokens_ids(tokens)
        if not ids:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(bm.get_scores_from_ids(ids), dtype=np.float32)

    def chunk_scores(self, tokens: list[str], n: int) -> np.ndarray:
        return self._scores(self.chunks, tokens, n)

    def sentence_scores(self, tokens: list[str], n: int) -> np.ndarray:
        return self._scores(self.sentences, tokens, n)

    def idf(self, token: str) -> float:
        """BM25 idf of a stemmed token over sentences (0 when unseen)."""
        bm = self.sentences
        tid = bm.vocab_dict.get(token)
        if tid is None:
            return 0.0
        indptr = bm.scores["indptr"]
        df = int(indptr[tid + 1] - indptr[tid])
        n = bm.scores["num_docs"]
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def correct(self, text: str, known: frozenset[str] | set[str]) -> str:
        """The question with unknown words replaced by their nearest corpus word."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz import process

        def fix(match: re.Match) -> str:
            word = match.group(0)
            low = word.lower()
            if len(low) < 4 or low in self.vocab or low in known:
                return word
            limit = 1 if len(low) <= 5 else 2
            best = process.extractOne(low, list(self.vocab), scorer=Levenshtein.distance,
                                      score_cutoff=limit)
            return best[0] if best else word

        return _WORD.sub(fix, text)
