"""Scored -> Answer: the sentences that answer, quoted and cited, or a decline.

The answer is the best sentence (answer_score.py), grown only where it must be:
- a list item, or a lead-in ending in ":", brings its whole list when the
  question asks for several things, and so do most of a list's items when they
  score high enough to be quoted; a list comes with its lead-in;
- a sentence that leans on the previous one ("It happens when…") brings it;
- a sentence followed by its examples ("These can include a, b, and c.") brings them, in any place;
- a sentence that announces what follows ("X has a number of advantages.") brings the next one;
- a second sentence or place is added when it scores almost as well.
Quotes are verbatim slices of the document; `Document.text[start:end] == quote`.
Below the confidence threshold the assistant declines and offers the closest sections instead.

Not here: how candidates are scored and how sure the best one is (answer_score.py).
"""
from __future__ import annotations

import re

import numpy as np

from .answer_score import FEATURES, LEANS, THRESHOLD, Scored, confidence, lead_in
from .datatypes import Answer, Citation, Document, Sentence
from .index import IndexData
from .lexical import terms
from .question import is_series, item_label, wants_list

MAX_WORDS = 80
LIST_WORDS = MAX_WORDS + 20  # a whole list may run past MAX_WORDS by this much
MAX_PLACES = 3
SECOND_MARGIN = 0.12
NEXT_MARGIN = 0.2  # for the sentence right after the best one, in its paragraph (see DESIGN notes)
_POINTS_BACK = re.compile(r"^(\w+\s+){1,3}(these|those)\b", re.I)  # "By targeting these specific areas, …"
# "It's important for runners to…", "It is believed that…": an "it" that points at the clause after it
_DUMMY_IT = re.compile(r"^it(’s|'s| is| was)\s+(\w+\s+){0,2}?(to|for|that)\b", re.I)
_EXAMPLES = re.compile(r"^(these|they|such)\b", re.I)
# A sentence that announces what follows without saying it ("Baculoviruses have a number of advantages
# as vaccine vectors."): the next sentence of its paragraph says it. Not when the sentence lists them itself.
_ANNOUNCES = re.compile(
    r"\b(a number of|several|many|various|a few|some|numerous|multiple|a variety of|a range of|two|three|four)\s+"
    r"(?:[\w-]+\s+)?(advantages|benefits|features|qualities|reasons|ways|factors|properties|characteristics|"
    r"limitations|disadvantages|drawbacks|steps|types|kinds|strategies|approaches|mechanisms|functions|roles|"
    r"challenges|problems|issues|options|components|stages|phases)\b", re.I)
_LISTS_ITSELF = re.compile(r"such as|including|:|,.*,", re.I)


def _text(data: IndexData, sent: Sentence) -> str:
    return data.documents[sent.doc_id].text[sent.start:sent.end]


def _same_block(data: IndexData, a: int, b: int) -> bool:
    if not (0 <= b < len(data.sentences)):
        return False
    sa, sb = data.sentences[a], data.sentences[b]
    return sa.doc_id == sb.doc_id and sa.block == sb.block


def _block_rows(data: IndexData, row: int) -> list[int]:
    """The rows of the block (a paragraph, or a list) that `row` belongs to."""
    lo = hi = row
    while _same_block(data, row, lo - 1):
        lo -= 1
    while _same_block(data, row, hi + 1):
        hi += 1
    return list(range(lo, hi + 1))


def _whole_list(data: IndexData, row: int) -> list[int]:
    """The list that item `row` belongs to, after its lead-in ("Here's how each factor can affect your
    hips:") and the sentence that lead-in leans on ("Risk factors like overuse, weak muscles, and previous
    injuries can contribute to hip pain."), within the word cap."""
    rows = _block_rows(data, row)
    lead = rows[0] - 1
    if lead >= 0 and not data.sentences[lead].is_item \
            and data.sentences[lead].section_path == data.sentences[row].section_path \
            and lead_in(_text(data, data.sentences[lead])):
        rows.insert(0, lead)
        if LEANS.match(_text(data, data.sentences[lead])) and _same_block(data, lead, lead - 1):
            rows.insert(0, lead - 1)
    return _cap(data, rows)


def _announces_list(data: IndexData, row: int) -> bool:
    """The sentence is a lead-in ("Here are some common causes:") and its list follows in its section."""
    sent, nxt = data.sentences[row], row + 1
    return nxt < len(data.sentences) and data.sentences[nxt].is_item \
        and data.sentences[nxt].section_path == sent.section_path and lead_in(_text(data, sent))


def _words_in(data: IndexData, rows) -> int:
    return sum(len(_text(data, data.sentences[r]).split()) for r in rows)


def _grow(data: IndexData, row: int, question: str, causes: bool = False) -> list[int]:
    """The rows that make the best sentence a whole answer; `causes`: the question asks "what causes X?"."""
    sent = data.sentences[row]
    text = _text(data, sent)
    nxt = row + 1
    if sent.is_item and wants_list(question) and not causes and is_series(text):
        # an item that names several things itself answers "Which muscles should I stretch after running?" ("After
        # your run, … focusing on the hip flexors, hamstrings, and glutes."), not the whole warm-up list
        return [row]
    if sent.is_item and (wants_list(question) or (causes and not _names_item(question, text))):
        # "What causes hip pain?" answered by one of the causes a list gives ("Impingement occurs if hip bones
        # rub together and cause pain."): the list; "What causes tendinitis?" by the item that names it
        return _whole_list(data, row)
    if _announces_list(data, row):
        return _whole_list(data, nxt)
    rows = [row]
    if not sent.is_item and _leans_back(data, row, text):
        rows.insert(0, row - 1)
        if not _same_block(data, row, row - 1):
            # a paragraph of its own that points back ("By targeting these specific areas…") points at the whole
            # paragraph before, whose last sentence may lean on its first ("It focuses on…"): all of it, if short
            before = _block_rows(data, row - 1)
            if _words_in(data, before + [row]) <= MAX_WORDS:
                rows = before + [row]
    # "Focus on exercises that target the hip muscles. These can include lifts, bridges and squats.":
    # for a list question, or when "These / They / Such" name examples of what the best sentence names
    if not sent.is_item and _same_block(data, row, nxt):
        following = _text(data, data.sentences[nxt])
        if LEANS.match(following) and is_series(following) and (wants_list(question) or _EXAMPLES.match(following)):
            rows.append(nxt)
        elif rows == [row] and _ANNOUNCES.search(text) and not _LISTS_ITSELF.search(text) \
                and len(text.split()) + len(following.split()) <= MAX_WORDS:
            rows.append(nxt)
    return rows


def _examples_after(data: IndexData, row: int) -> int | None:
    """The sentence after `row` in its paragraph when it names examples of what `row` names ("Focus on exercises
    that target the hip abductors… These can include side leg lifts, bridges, clamshells, and squats.")."""
    nxt = row + 1
    if data.sentences[row].is_item or not _same_block(data, row, nxt):
        return None
    following = _text(data, data.sentences[nxt])
    return nxt if _EXAMPLES.match(following) and is_series(following) else None


def _names_item(question: str, item: str) -> bool:
    """The question names what a list item is about: its label ("Overuse: Putting too much…") or, without
    one, its first two words ("Muscle strains happen…", "Tendinitis is…")."""
    label = item_label(item) or " ".join(item.split()[:2])
    return bool(set(terms(label)) & set(terms(question)))


def _leans_back(data: IndexData, row: int, text: str) -> bool:
    """The sentence speaks of the one before it: it opens with a pointer in the same paragraph ("It
    happens when…"), or it is a paragraph of its own, as web articles often write them, that opens with
    a pointer or with "these / those" in its first words ("By targeting these specific areas, physical
    therapy…") after prose of its section. Not across paragraphs of several sentences: there a pointer
    often reaches further back, and the quote would leave the paragraph that answers."""
    if _same_block(data, row, row - 1):
        return bool(LEANS.match(text))
    if row == 0 or len(_block_rows(data, row)) > 1:
        return False
    sent, prev = data.sentences[row], data.sentences[row - 1]
    return prev.doc_id == sent.doc_id and prev.section_path == sent.section_path and not prev.is_item \
        and bool(LEANS.match(text) or _POINTS_BACK.match(text)) and not _DUMMY_IT.match(text)


def _cap(data: IndexData, rows: list[int], limit: int = LIST_WORDS) -> list[int]:
    out, n = [], 0
    for r in rows:
        n += len(_text(data, data.sentences[r]).split())
        if out and n > limit:
            break
        out.append(r)
    return out


_REFERENCE = re.compile(r"\s*[\[(]\d+(?:\s*[,–-]\s*\d+)*[\])]")  # " (28)", " [6, 7]", "[12–14]"


def _plain(text: str) -> str:
    """A sentence as said, reference markers and spacing aside."""
    return " ".join(_REFERENCE.sub("", text).replace(" .", ".").split())


def _said(data: IndexData, rows: list[int]) -> set[str]:
    """What `rows` say: a sentence a document repeats word for word (a caption printed twice, a
    PDF's running line, a finding stated again with its reference) is quoted once."""
    return {_plain(_text(data, data.sentences[r])) for r in rows}


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


def _reads_on(data: IndexData, scored: Scored, best: int) -> int | None:
    """The sentence after the best one in its paragraph when it scores within NEXT_MARGIN: prose reads
    on ("The test was plagued with problems. First the crew noticed an odor…"), at a wider margin than
    another place needs. Not a list item: the next item is a sibling, not a continuation."""
    nxt = int(scored.rows[best]) + 1
    if not _same_block(data, nxt - 1, nxt) or data.sentences[nxt].is_item:
        return None
    at = int(np.searchsorted(scored.rows, nxt))  # candidate rows are sorted (retrieve.gather)
    if at < len(scored.rows) and scored.rows[at] == nxt and scored.scores[best] - scored.scores[at] <= NEXT_MARGIN:
        return nxt
    return None


def choose(data: IndexData, scored: Scored, question: str) -> tuple[list[int], float]:
    """Rows of the answer (document order within each place) and the confidence."""
    order = np.argsort(-scored.scores)
    if len(order) == 0 or not np.isfinite(scored.scores[order[0]]):
        return [], 0.0
    best = int(order[0])
    conf = confidence(scored)
    rows = _grow(data, int(scored.rows[best]), question, scored.causes)
    words_so_far = _words_in(data, rows)
    nxt = _reads_on(data, scored, best)
    if nxt is not None and nxt not in rows:
        extra = len(_text(data, data.sentences[nxt]).split())
        if words_so_far + extra <= MAX_WORDS:
            rows.append(nxt)
            words_so_far += extra
    atype = scored.features[:, FEATURES.index("atype")]
    # "what is X?" answered by a sentence that defines X: another place must define too ("The labrum is a
    # piece of…"), not advise beside it ("…seek medical attention"), however close its words
    defined = scored.kind == "definition" and atype[best] > 0
    for i in order[1:MAX_PLACES]:
        i = int(i)
        r = int(scored.rows[i])
        if r in rows or not np.isfinite(scored.scores[i]) or (defined and atype[i] < 0):
            continue
        if scored.scores[best] - scored.scores[i] > SECOND_MARGIN:
            break
        if lead_in(_text(data, data.sentences[r])):  # a lead-in says nothing without its list
            continue
        if _plain(_text(data, data.sentences[r])) in _said(data, rows):
            continue  # said already, in another place
        extra = len(_text(data, data.sentences[r]).split())
        if words_so_far + extra > MAX_WORDS or len(_places(rows + [r])) > 3:
            break
        rows.append(r)
        words_so_far += extra
        examples = _examples_after(data, r)  # "Focus on exercises that target…" brings "These can include…"
        if examples is not None and examples not in rows:
            extra = len(_text(data, data.sentences[examples]).split())
            if words_so_far + extra <= MAX_WORDS:
                rows.append(examples)
                words_so_far += extra
    rows = _lists_whole(data, rows, int(scored.rows[best]))
    return (_with_announced_list(data, rows) if wants_list(question) else rows), conf


def _with_announced_list(data: IndexData, rows: list[int]) -> list[int]:
    """A lead-in the answer quotes ("…It's a problem many runners face. Here are some common causes:",
    joined as the sentence the best one reads on to) brings the list it announces, for a question that
    asks for a list: the answer is the list, and the lead-in says nothing without it. Items of the list
    quoted alone join it; nothing changes when other places follow the list, or past the word cap."""
    lead = next((r for r in rows if not data.sentences[r].is_item and _announces_list(data, r)), None)
    if lead is None:
        return rows
    whole = _whole_list(data, lead + 1)
    if any(x > whole[-1] for x in rows):
        return rows  # other places follow the list: left as they are
    out = sorted(set(x for x in rows if x < whole[0]) | set(whole))  # its items quoted alone join it
    return out if _words_in(data, out) <= LIST_WORDS else rows


def _lists_whole(data: IndexData, rows: list[int], best_row: int) -> list[int]:
    """Most of a list's items in the answer (two of three, three of five) make the question one about
    the list ("What puts a runner at risk?" quoting "Overuse: …" and "Weak muscles: …"): the whole list
    answers, with its lead-in, in place of its parts. It replaces the other places when it holds the
    best sentence. Two items of a long list stay two items: the reader asked about those."""
    items = [r for r in rows if data.sentences[r].is_item]
    for r in items:
        siblings = [x for x in items if _same_block(data, r, x)]
        if len(siblings) >= 2 and 2 * len(siblings) > len(_block_rows(data, r)):
            whole = _whole_list(data, r)
            if best_row in whole:
                return whole
            grown = [x for x in rows if x not in whole] + whole
            return grown if _words_in(data, grown) <= LIST_WORDS else rows
    return rows


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
            if same:
                split[-1].append(r)
            else:
                split.append([r])
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
