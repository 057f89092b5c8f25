"""Keyword side of retrieval: bm25s indexes over chunks and sentences, and the
corpus vocabulary used to mend typos in questions.

Tokens are bm25s' own (lower-cased words of two or more characters, English stop
words removed, Snowball-stemmed by PyStemmer), the same at build and at query time.

Typo repair ("strenght" -> "strength") maps a question word to a corpus word only
when the word is unknown to both the corpus and the embedding model's word list
(so real words such as "brace" are never "corrected" into corpus words), and a
corpus word lies within a small edit distance. No list of known misspellings. A word that
stays unknown to both after that (`unfamiliar`: "glucosamine") lowers the answer's confidence.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import thesaurus

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


# Function words and the words of asking ("what", "should", "tell me"), which
# carry no content of the article; bm25s' own English list has only 33 words.
STOPWORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself
yourselves will shall may might must also just really actually ok okay pls please hey hi thanks thank
get gets got getting go goes going gonna wanna kind sort lot lots thing things something anything
im ive dont doesnt cant wont whats wat wut u ur tell know want like
""".split())


# Chat spellings of function words, spelt out before a question is read, so that "wat is X" is
# typed as "what is X" ("wat", three letters, is too short for typo repair). Never single
# letters ("y. pestis" is not "why pestis"), and only as chat writes them, in lower case or
# capitalised at the start: "BC", "IM" and "Ur" are a date, a route and a city.
CHAT_FORMS = {"wat": "what", "wut": "what", "wht": "what", "whats": "what's", "wats": "what's", "hw": "how",
              "wen": "when", "wher": "where", "ur": "your", "shud": "should", "shld": "should", "cud": "could",
              "wud": "would", "cn": "can", "abt": "about", "bc": "because", "cuz": "because", "im": "I'm",
              "dont": "don't", "doesnt": "doesn't", "cant": "can't", "wont": "won't", "isnt": "isn't",
              "ive": "I've", "thru": "through", "b4": "before", "pls": "please", "plz": "please"}
_CHAT = re.compile(r"\b(" + "|".join(map(re.escape, CHAT_FORMS)) + r")\b")
_CHAT_FIRST = re.compile(r"^\W*(" + "|".join(re.escape(w.capitalize()) for w in CHAT_FORMS) + r")\b")


def spell_out(text: str) -> str:
    """`text` with chat spellings of function words written out (CHAT_FORMS)."""
    text = _CHAT_FIRST.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + CHAT_FORMS[m.group(1).lower()], text)
    return _CHAT.sub(lambda m: CHAT_FORMS[m.group(0)], text)


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")

# BM25's term-frequency saturation and length normalisation: Lucene's defaults (bm25s' own k1 is 1.5).
# Measured on the dev sets: COVID-QA 64.4 -> 64.9% (k1 0.9-1.2 alike), XQuAD and article-qa unchanged.
BM25_K1, BM25_B = 1.2, 0.75
# A reader's word the corpus never uses brings the corpus's WordNet synonyms of it only when it is rarer
# in English than this, per million words (pyspellchecker's frequency list): a rare word ("bum", "trot",
# "sidewalks") has few senses, a common one many, and its synsets are mostly other senses ("end" ->
# "conclusion", "look" -> "spirit"). Measured on the article sets at 5, 10, 20 and 50 (see DESIGN notes).
SYNONYM_RARITY = 20.0
# what an index version records of this module: the stop-word list's edition, BM25's parameters, the thesaurus
VERSION = f"stop-2 phr k1={BM25_K1} b={BM25_B} {thesaurus.VERSION} abbr"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords=list(STOPWORDS), stemmer=_stemmer(), return_ids=False, show_progress=False)


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[str, ...]:
    """`tokenize` of one text, remembered: a question is tokenized by retrieval, scoring and the
    follow-up check, and bm25s' tokenizer costs a fraction of a millisecond per call."""
    return tuple(tokenize([text])[0])


@lru_cache(maxsize=1)
def _tokens_of(words_: tuple[str, ...]) -> list[list[str]]:
    return tokenize(list(words_))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class Lexicon:
    def __init__(self, chunks, sentences, vocab: Counter, synonyms: dict[str, list[str]] | None = None,
                 abbreviations: frozenset[str] = frozenset(), forms: dict[str, list[str]] | None = None):
        self.chunks = chunks  # bm25s.BM25 over chunk texts
        self.sentences = sentences  # bm25s.BM25 over sentence texts
        self.vocab = vocab  # lower-cased corpus word -> count
        self.synonyms = synonyms or {}  # a word the corpus never uses -> its WordNet synonyms it does (thesaurus)
        self.abbreviations = abbreviations  # WordNet's abbreviations, lower case ("ecg"; thesaurus.abbreviations)
        self.forms = forms or {}  # a word the corpus never uses -> its noun / adjective it does (related_forms)
        self._sorted: list[str] | None = None  # the corpus words in order, to find those a word begins (names)
        self._keys: list[str] | None = None  # the synonyms' keys in order, to find those a word begins

    @classmethod
    def build(cls, sentence_texts: list[str], chunk_texts: list[str]) -> "Lexicon":
        import bm25s

        out = []
        for texts in (chunk_texts, sentence_texts):
            bm = bm25s.BM25(k1=BM25_K1, b=BM25_B)
            bm.index(tokenize(texts) if texts else [[]], show_progress=False)
            out.append(bm)
        vocab = Counter(w for t in sentence_texts for w in words(t))
        lexicon = cls(out[0], out[1], vocab, abbreviations=thesaurus.abbreviations())
        lexicon.synonyms = thesaurus.synonyms(lexicon._lemmas_used, _said_in(sentence_texts))
        lexicon.forms = thesaurus.related_forms(lexicon._lemmas_used)
        return lexicon

    def save(self, folder: Path) -> None:
        for name, bm in (("chunks", self.chunks), ("sentences", self.sentences)):
            bm.save(str(folder / name), show_progress=False)
        with open(folder / "vocab.json", "w", encoding="utf-8") as fh:
            json.dump(self.vocab, fh, ensure_ascii=False)
        with open(folder / "thesaurus.json", "w", encoding="utf-8") as fh:
            json.dump({"synonyms": self.synonyms, "abbreviations": sorted(self.abbreviations), "forms": self.forms},
                      fh, ensure_ascii=False)

    @classmethod
    def load(cls, folder: Path) -> "Lexicon":
        import bm25s

        parts = [bm25s.BM25.load(str(folder / name), show_progress=False) for name in ("chunks", "sentences")]
        with open(folder / "vocab.json", encoding="utf-8") as fh:
            vocab = Counter(json.load(fh))
        words_of = {}  # versions built before the thesaurus have no thesaurus.json
        if (folder / "thesaurus.json").exists():
            with open(folder / "thesaurus.json", encoding="utf-8") as fh:
                words_of = json.load(fh)
        return cls(parts[0], parts[1], vocab, words_of.get("synonyms"), frozenset(words_of.get("abbreviations", ())),
                   words_of.get("forms"))

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

    def _lemmas_used(self, lemmas: tuple[str, ...]) -> list[bool]:
        """`_in_corpus` of WordNet's one-word lemmas (38,704, tokenized once per process): a token
        of the sentence index's vocabulary is one the corpus uses."""
        vocab = self.sentences.vocab_dict
        return [any(t in vocab for t in toks) for toks in _tokens_of(lemmas)]

    def _in_corpus(self, words_: list[str]) -> list[bool]:
        """Per word: does the corpus use it, by stem (one tokenizer call for all of them)."""
        return [any(self.idf(t) > 0 for t in toks) for toks in tokenize(words_)] if words_ else []

    def _unknown(self, low: str, known: frozenset[str] | set[str]) -> bool:
        """A word of four letters or more that neither the corpus nor the model's word list has as it is."""
        return len(low) >= 4 and "'" not in low and "’" not in low and low not in self.vocab and low not in known

    def names(self, phrase: str) -> bool:
        """True when the corpus names the thing `phrase` names: its head (the last content word:
        "a massage *gun*", "a stress *fracture*") is a corpus word by stem, or begins as one does
        for four letters and at least half its length ("surgery" / "surgical"; not "supplements" /
        "support"), unless those letters are a word of its own before a hyphen ("posture" / "post-run").
        A corpus word in front of the head does not name the thing: an article on massage and on
        stress does not name a massage gun or a stress fracture."""
        content = [w for w in words(phrase) if w not in STOPWORDS and len(w) > 2]
        if not content:
            return True
        head = content[-1]
        if self._in_corpus([head])[0]:
            return True
        prefix = head[:max(4, (len(head) + 1) // 2)]
        return len(head) >= 4 and any(not w[len(prefix):].startswith("-") for w in self._begun(prefix))

    def _begun(self, prefix: str) -> Iterator[str]:
        """The corpus words, in order, that begin with `prefix`."""
        if self._sorted is None:  # made once per loaded version, on the first question that asks
            self._sorted = sorted(self.vocab)
        at = bisect_left(self._sorted, prefix)
        while at < len(self._sorted) and self._sorted[at].startswith(prefix):
            yield self._sorted[at]
            at += 1

    def _beginning(self, prefix: str) -> str | None:
        """The first corpus word, in order, that begins with `prefix`."""
        return next(self._begun(prefix), None)

    def with_corpus_words(self, text: str, known: frozenset[str] | set[str] = frozenset()) -> str:
        """`text` followed by the corpus's words for the words of it the corpus never uses (by stem):
        - the corpus word that a word begins as, for five letters and four fifths of its length at
          least: a reader's short or other form of the article's word ("Can a physio help?" -> "Can a
          physio help? physical"; "tingly" -> "tingling", "treat" -> "treatment");
        - the corpus's noun or adjective of a word, however common ("surgery" -> "surgical" in an
          article that only says "surgical intervention"; thesaurus.related_forms);
        - the corpus's WordNet synonyms of a word rarer in English than SYNONYM_RARITY ("my bum" ->
          "buttocks", "sidewalks" -> "pavement"; thesaurus.py); for a word that is not a key of the
          thesaurus and that the model does not know either (not in `known`, its word list), the
          synonyms of the keys it begins: a reader's short form ("physio" -> "physiotherapy" ->
          "physical therapy"), not an English word that begins a longer one ("author" is not
          "authoritative").
        BM25, coverage and the vector then hold the article's word. The words go after the question,
        not in place of its own: written in place, "How do I treat treatment a stress fracture?" no
        longer asked about a stress fracture, and was answered."""
        found = [w.lower() for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in STOPWORDS]
        unused = [w for w, used in zip(found, self._in_corpus(found)) if not used]
        added = [self._clipped(w) for w in unused if len(w) >= 5]
        added += [f for w in unused for f in self._lookup(self.forms, w)]
        added += [s for w in unused if _rare(w)
                  for s in self._synonyms_of(w) or (self._synonyms_begun(w) if w not in known else [])]
        have = set(words(text))
        return " ".join([text] + [a for a in dict.fromkeys(added) if a and a not in have])

    def uses(self, word: str) -> bool:
        """Does the corpus use `word`, by stem?"""
        return self._in_corpus([word])[0]

    def _synonyms_of(self, word: str) -> list[str]:
        """The corpus's synonyms of `word` (lower case), as it is or with an inflection detached."""
        return self._lookup(self.synonyms, word)

    @staticmethod
    def _lookup(table: dict[str, list[str]], word: str) -> list[str]:
        """`table`'s entry for `word` (lower case), as it is or with an inflection detached."""
        for form in (word, *(word[:-len(end)] + put for pos in ("noun", "adj")
                             for end, put in thesaurus.DETACH[pos] if word.endswith(end))):
            if form in table:
                return table[form]
        return []

    def _synonyms_begun(self, word: str) -> list[str]:
        """The corpus's synonyms of the thesaurus's words that `word` (lower case, five letters or more)
        begins: "physio" -> "physiotherapy" -> "physical therapy"."""
        if len(word) < 5:
            return []
        if self._keys is None:  # made once per loaded version, on the first question that asks
            self._keys = sorted(self.synonyms)
        found, at = [], bisect_left(self._keys, word)
        while at < len(self._keys) and self._keys[at].startswith(word):
            found += self.synonyms[self._keys[at]]
            at += 1
        return found

    def _clipped(self, word: str) -> str | None:
        """The corpus word that `word` (lower case) is a short or other form of: the first that begins
        with its first five letters and four fifths of it at least ("physio" -> "physical"); None."""
        return self._beginning(word[:max(5, -(-4 * len(word) // 5))]) if len(word) >= 5 else None

    def unfamiliar(self, text: str, known: frozenset[str] | set[str]) -> list[str]:
        """Words of `text` that neither the corpus (in any inflection or short form) nor the model's
        word list knows: rare names and terms the corpus never mentions ("glucosamine"), not a
        reader's short form of the corpus's word ("physio", which `with_corpus_words` reads as
        "physical"). Run it after `correct`, which has mended the typos among them."""
        todo = []
        for word in _WORD.findall(text):
            low = word.lower()
            forms = {low} | {f for s in _SUFFIXES if low.endswith(s) and len(low) - len(s) >= 3
                             for f in _bases(low[:-len(s)], s)}
            if self._unknown(low, known) and low not in STOPWORDS and not forms & known:
                todo.append(low)
        return [w for w, used in zip(todo, self._in_corpus(todo)) if not used and not self._clipped(w)]

    def correct(self, text: str, known: frozenset[str] | set[str]) -> str:
        """The question with unknown words replaced by their nearest corpus word; failing that, a
        lower-case word of five letters or more that no English dictionary has either ("setles",
        "acctually") by the commonest English word one edit away (english_typo)."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz import process

        def fix(match: re.Match) -> str:
            word = match.group(0)
            low = re.split(r"['’]", word.lower())[0]
            if "'" in word or "’" in word or not self._unknown(low, known):
                return word
            limit = 1 if len(low) <= 5 else 2
            best = process.extractOne(low, list(self.vocab), scorer=Levenshtein.distance,
                                      score_cutoff=limit)
            if best:
                return best[0]
            return english_typo(word) or word

        return _WORD.sub(fix, text)


def _said_in(texts: list[str]) -> Callable[[tuple[str, ...]], list[bool]]:
    """A test of phrases ("physical therapy"): per phrase, do `texts` hold its words in a row, by stem
    ("hip flexors" holds "hip flexor")? For thesaurus.synonyms, once per build."""
    stem = _stemmer().stemWords
    grams = {g for t in texts for ws in [stem(words(t))] for n in (2, 3, 4) for g in zip(*(ws[i:] for i in range(n)))}
    return lambda phrases: [g in grams for g in _stemmed(phrases)]


@lru_cache(maxsize=1)
def _stemmed(phrases: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each phrase's words, stemmed: WordNet's 21,566 phrases are stemmed once per process."""
    stem = _stemmer().stemWords
    return [tuple(stem(p.split())) for p in phrases]


def _bases(rest: str, suffix: str) -> tuple[str, ...]:
    """What a word may be once `suffix` is taken off and `rest` is left: `rest`, and after a suffix
    that begins with a vowel, `rest` with the letters English spelling changed before it put back
    ("flar-ing" -> "flare", "stopp-ed" -> "stop", "studi-es" -> "study")."""
    if suffix[0] not in "ei":
        return (rest,)
    doubled = (rest[:-1],) if len(rest) > 3 and rest[-1] == rest[-2] else ()
    return (rest, rest + "e", *doubled, *((rest[:-1] + "y",) if rest.endswith("i") else ()))


def _rare(word: str) -> bool:
    """Is `word` rarer in English than SYNONYM_RARITY per million words?"""
    frequency = _english().word_frequency
    return frequency.dictionary.get(word, 0) * 1e6 < SYNONYM_RARITY * _english_total()


@lru_cache(maxsize=1)
def _english_total() -> int:
    return sum(_english().word_frequency.dictionary.values())


@lru_cache(maxsize=1)
def _english():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def load_english() -> None:
    """Load the English dictionary now rather than on the first typo that needs it."""
    _english()


def english_typo(word: str) -> str | None:
    """The commonest English word one edit away from `word`, when `word` is an alphabetic word of
    five letters or more that the English dictionary lacks ("setles" -> "settles"); None for real
    words ("clunks", which the model does not know but a reader may type), short words, and
    capitalised or upper-case words, which may be names: "COVID" is not "bovid"."""
    if len(word) < 5 or not word.isalpha() or not word.islower():
        return None
    english = _english()
    if word in english:
        return None
    fixed = english.correction(word)
    return fixed if fixed and fixed != word else None
