"""Evidence -> Answer: pick the sentences that answer, cite them, or decline.

Each candidate sentence gets a score, a weighted sum of signals that can be
read off one by one (see `FEATURES` and `WEIGHTS`): cosine of the question to
the sentence embedded with its heading, to its neighbours and to its chunk;
BM25; how much of the question's content (idf-weighted) the sentence and its
heading cover; whether it holds what the question type wants (a number for
"how many", a year for "when", a name for "who").

The answer is the best sentence, grown only where it must be:
- a list item, or a lead-in ending in ":", brings its whole list when the
  question asks for several things;
- a sentence that leans on the previous one ("It happens when…") brings it;
- a second sentence or place is added when it scores almost as well.
Quotes are verbatim slices of the document; `Document.text[start:end] == quote`.

Confidence is a logistic function of the best sentence's signals; below the
threshold the assistant declines and offers the closest sections instead.
Weights and threshold were fitted on the dev sets (see DESIGN notes).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .datatypes import Answer, Citation, Document, Sentence
from .index import IndexData
from .lexical import tokenize, words
from .retrieve import Evidence

FEATURES = ("cos", "cos_prev", "cos_next", "cos_chunk", "bm25", "cover", "head", "atype")
WEIGHTS = np.array([1.0, 0.15, 0.05, 0.3, 0.15, 0.35, 0.1, 0.08], dtype=np.float32)
# Confidence: logistic on (best cosine, coverage, bm25 share); see DESIGN notes.
CONF_W = np.array([9.0, 4.0, 0.0], dtype=np.float32)
CONF_B = -6.0
THRESHOLD = 0.5
MAX_WORDS = 80
SECOND_MARGIN = 0.04

_LEANS = re.compile(r"^(it|its|it’s|it's|this|these|that|those|they|them|their|such|he|she|his|her|"
                    r"however|additionally|also|both|each|here)\b", re.I)
_LIST_Q = re.compile(r"\b(what are|which|list|types?|kinds?|causes|factors|ways|examples|symptoms|signs|"
                     r"steps|tips|exercises|options|name (the|some))\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|several)\b", re.I)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(century|centuries|january|february|march|april|may|june|"
                   r"july|august|september|october|november|december|bc|ad)\b", re.I)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")


def question_type(question: str) -> str | None:
    q = question.lower()
    if re.search(r"\b(what|which) (year|century|decade|date|day|month)\b|^when\b|\bwhen (did|was|were|is|does|do)\b", q):
        return "date"
    if re.search(r"\bhow (many|much|long|old|far|often|large|big|tall|high)\b|\bwhat (percentage|percent|number|amount)\b", q):
        return "number"
    if re.search(r"^who\b|\bwho (is|was|were|did)\b|\bwhose\b|\bwhom\b", q):
        return "name"
    return None


def _atype_match(kind: str | None, text: str) -> float:
    if kind is None:
        return 0.0
    pattern = {"date": _YEAR, "number": _NUMBER, "name": _NAME}[kind]
    return 1.0 if pattern.search(text) else -1.0


@dataclass
class Scored:
    rows: np.ndarray
    scores: np.ndarray
    features: np.ndarray  # (n, len(FEATURES))


def score(data: IndexData, ev: Evidence, question: str) -> Scored:
    """Score every candidate sentence; questions and fragments can never answer."""
    q_tokens = set(tokenize([question])[0])
    idf = {t: data.lexicon.idf(t) for t in q_tokens}
    total = sum(idf.values()) or 1.0
    kind = question_type(question)
    bm_max = float(ev.bm25.max()) if len(ev.bm25) else 0.0
    feats = np.zeros((len(ev.rows), len(FEATURES)), dtype=np.float32)
    for i, r in enumerate(ev.rows):
        sent = data.sentences[int(r)]
        doc = data.documents[sent.doc_id]
        text = doc.text[sent.start:sent.end]
        s_tok = set(tokenize([text])[0])
        h_tok = set(tokenize([" ".join(sent.section_path)])[0])
        cover = sum(idf[t] for t in q_tokens & s_tok) / total
        head = sum(idf[t] for t in q_tokens & h_tok) / total
        feats[i] = (ev.cos[i], ev.cos_prev[i], ev.cos_next[i], ev.cos_chunk[i],
                    ev.bm25[i] / bm_max if bm_max > 0 else 0.0, cover, head, _atype_match(kind, text))
    scores = feats @ WEIGHTS
    for i, r in enumerate(ev.rows):
        if not _can_answer(data, data.sentences[int(r)]):
            scores[i] = -np.inf
    return Scored(ev.rows, scores, feats)


def _text(data: IndexData, sent: Sentence) -> str:
    return data.documents[sent.doc_id].text[sent.start:sent.end]


def _can_answer(data: IndexData, sent: Sentence) -> bool:
    text = _text(data, sent)
    return not text.rstrip().endswith("?") and len(words(text)) >= 3


def confidence(features: np.ndarray) -> float:
    x = np.array([features[0], features[5], features[4]], dtype=np.float32)
    return float(1.0 / (1.0 + math.exp(-(float(x @ CONF_W) + CONF_B))))


def _same_block(data: IndexData, a: int, b: int) -> bool:
    if not (0 <= b < len(data.sentences)):
        return False
    sa, sb = data.sentences[a], data.sentences[b]
    return sa.doc_id == sb.doc_id and sa.block == sb.block


def _list_rows(data: IndexData, row: int) -> list[int]:
    lo = hi = row
    while _same_block(data, row, lo - 1):
        lo -= 1
    while _same_block(data, row, hi + 1):
        hi += 1
    return list(range(lo, hi + 1))


def _grow(data: IndexData, row: int, question: str) -> list[int]:
    """The rows that make the best sentence a whole answer."""
    sent = data.sentences[row]
    text = _text(data, sent)
    nxt = row + 1
    if sent.is_item and _LIST_Q.search(question):
        return _cap(data, _list_rows(data, row))
    if text.rstrip().endswith(":") and nxt < len(data.sentences) and data.sentences[nxt].is_item \
            and data.sentences[nxt].section_path == sent.section_path:
        return _cap(data, [row] + _list_rows(data, nxt))
    rows = [row]
    if not sent.is_item and _LEANS.match(text) and _same_block(data, row, row - 1):
        rows.insert(0, row - 1)
    return rows


def _cap(data: IndexData, rows: list[int], limit: int = MAX_WORDS + 20) -> list[int]:
    out, n = [], 0
    for r in rows:
        n += len(_text(data, data.sentences[r]).split())
        if out and n > limit:
            break
        out.append(r)
    return out


def _places(rows: list[int]) -> list[list[int]]:
    """Group sorted rows into runs of consecutive sentences."""
    groups: list[list[int]] = []
    for r in sorted(set(rows)):
        if groups and r == groups[-1][-1] + 1:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _citation(data: IndexData, rows: list[int]) -> Citation:
    first, last = data.sentences[rows[0]], data.sentences[rows[-1]]
    doc: Document = data.documents[first.doc_id]
    section = doc.section_at(first.start)
    return Citation(doc.id, doc.source, section.title if section else doc.title,
                    section.path if section else (), doc.text[first.start:last.end], first.start, last.end,
                    doc.page_at(first.start))


def choose(data: IndexData, scored: Scored, question: str) -> tuple[list[int], float]:
    """Rows of the answer (document order within each place) and the confidence."""
    order = np.argsort(-scored.scores)
    if len(order) == 0 or not np.isfinite(scored.scores[order[0]]):
        return [], 0.0
    best = int(order[0])
    conf = confidence(scored.features[best])
    rows = _grow(data, int(scored.rows[best]), question)
    words_so_far = sum(len(_text(data, data.sentences[r]).split()) for r in rows)
    for i in order[1:3]:
        i = int(i)
        r = int(scored.rows[i])
        if r in rows or not np.isfinite(scored.scores[i]):
            continue
        if scored.scores[best] - scored.scores[i] > SECOND_MARGIN:
            break
        extra = len(_text(data, data.sentences[r]).split())
        if words_so_far + extra > MAX_WORDS or len(_places(rows + [r])) > 3:
            break
        rows.append(r)
        words_so_far += extra
    return rows, conf


def make_answer(data: IndexData, scored: Scored, question: str, hits, shown_question: str) -> Answer:
    rows, conf = choose(data, scored, question)
    if not rows or conf < THRESHOLD:
        return decline(data, shown_question, conf, hits)
    places = []
    for group in _places(rows):
        # a place never spans two sections or two documents
        split = [[group[0]]]
        for r in group[1:]:
            prev = data.sentences[split[-1][-1]]
            cur = data.sentences[r]
            same = prev.doc_id == cur.doc_id and prev.section_path == cur.section_path
            split[-1].append(r) if same else split.append([r])
        places.extend(split)
    best_row = int(scored.rows[int(np.argmax(scored.scores))])
    places.sort(key=lambda g: (best_row not in g, g[0]))
    citations = tuple(_citation(data, g) for g in places)
    text = "\n\n".join(c.quote for c in citations)
    return Answer(shown_question, text, citations, False, conf, tuple(hits))


def decline(data: IndexData, question: str, conf: float, hits) -> Answer:
    seen, suggestions = set(), []
    for hit in hits:
        path = hit.chunk.section_path
        title = path[-1] if path else data.documents[hit.chunk.doc_id].title
        if path and path[0] == "FAQ":
            title = path[-1]
        if title not in seen:
            seen.add(title)
            suggestions.append(title)
        if len(suggestions) == 3:
            break
    text = "I couldn't find an answer to that in the article."
    return Answer(question, text, (), True, conf, tuple(hits), tuple(suggestions))
