"""What a question asks for: its answer type, and the words that only frame it.

- Answer type: "how many" wants a number, "when" a time, "who" a name, "why" a
  cause, a list question the whole list. Two more types are questions about the
  document itself: "the author's background" (`author`) and "what will I get out
  of reading this?" (`document`), and its gist ("what's the main takeaway?",
  `summary`). No sentence shares words with such questions;
  their answer is where the text speaks of itself ("I have treated runners for…",
  "This article will guide you…") or sums itself up (its conclusion, "In short,…"),
  so only those sentences may answer them.
- Framing: "does the article suggest…", "according to the author" say where to
  look, not what to find; `strip_framing` removes them before retrieval, so that
  "Where does the article suggest looking for guidance?" is matched on "looking
  for guidance" and not on every sentence that says "article".

Cues are English function words and phrases of asking, never words of a corpus.
Not here: scoring (answer.py), follow-ups (conversation.py).
"""
from __future__ import annotations

import re

from .lexical import STOPWORDS, words

_DOC = r"(article|text|post|guide|passage|piece|page|blog|author|writer)"
_SAYS = (r"(say|says|said|suggest|suggests|recommend|recommends|advise|advises|mention|mentions|describe|"
         r"describes|discuss|discusses|explain|explains|cover|covers|list|lists|propose|proposes|state|states|"
         r"claim|claims|argue|argues|talk about|talks about|go into|goes into|tell us|tells us|tell me|"
         r"consider|considers|note|notes|point out|points out|identify|identifies|name|names|offer|offers|"
         r"give|gives|provide|provides|emphasi[sz]e|emphasi[sz]es|highlight|highlights|stress|stresses|"
         r"think|thinks|call|calls)")
_FRAMING = re.compile(
    rf"\b(according to|as per) (the|this) {_DOC}('s|’s)?\b,?"
    rf"|\b(does|did|do|would|will|can|could) (the|this) {_DOC} {_SAYS}\b"
    rf"|\b(the|this) {_DOC} {_SAYS}( that)?\b"
    rf"|\b(in|from) (the|this) {_DOC}\b", re.I)

_AUTHOR_Q = re.compile(r"\b(the|this|your) (author|writer)(?!\s+of\b)|\bwho wrote (this|it)\b|"
                       r"\bwho (is|was) the (author|writer)\s*\?", re.I)
_DOCUMENT_Q = re.compile(r"\b(this|the) (article|post|guide|piece|page|blog)\b|\b(reading|read) (this|it)\b|"
                         r"\bwhat (will|would|am|do|can|could|should) (i|we) (learn|get|gain|take away)\b|"
                         r"\bwhat('s| is) (this|it) (all )?about\b", re.I)
# "the main idea of Hutton's paper" asks about a thing in the text, "the main idea of this article" its gist
_NOT_OF_ANOTHER = r"(?!\s+of\s+(?!(this|the) (article|post|guide|piece|page|blog)\b))"
_SUMMARY_Q = re.compile(rf"\b((main|key|big|overall) (takeaways?|points?|messages?|lessons?|ideas?)|takeaways?|gist|"
                        rf"bottom line){_NOT_OF_ANOTHER}\b|\bsum (it )?up\b|\bsummari[sz]e (it|this|the "
                        rf"(article|post|guide|piece|page|blog))\b|\bin a nutshell\b|\btl;?dr\b", re.I)

# Where a text speaks of itself: its writer in the first person, or the document by name.
_FIRST_PERSON = re.compile(r"\b(I|I[’']\w+|[Mm]y|[Mm]e|[Mm]yself|[Ww]e|[Ww]e[’']\w+|[Oo]ur|[Uu]s)\b")
_SELF_REFERENCE = re.compile(r"\b(this|the|our) (article|post|guide|piece|page|blog)\b|"
                             r"\b(you[’']ll|you will|you[’']re going to) (learn|find|discover|read|see)\b|"
                             r"\b(read on|keep reading|below)\b", re.I)

# "causes" as a noun ("the common causes of…") asks for a list; "what causes tendinitis?" does not
# Where a text sums itself up: its closing section, or a sentence that says so.
_SUMMARY_SECTION = re.compile(r"\b(conclusions?|summary|takeaways?|final thoughts|bottom line|wrapping up|"
                              r"in short|tl;?dr)\b", re.I)
_SUMMARY_SENTENCE = re.compile(r"^(in (conclusion|summary|short|sum)|to (sum up|summari[sz]e|conclude)|overall|"
                               r"all in all|remember)\b", re.I)

_LIST_Q = re.compile(r"\b(what are|which|list|types?|kinds?|(the|common|main|some|possible|usual) causes|"
                     r"factors|ways|examples|symptoms|signs|"
                     r"steps|tips|exercises|options|name (the|some))\b", re.I)
# A quantity: digits or number words. Vague words ("several", "many", "once the pain eases")
# are not, so that "how many seconds should I hold it?" is not answered by a sentence without one.
_QUANTITY = (r"\b\d[\d,.]*\b|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
             r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
             r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|twice|"
             r"thrice|double|triple|percent)\b")
_NUMBER = re.compile(_QUANTITY, re.I)
# how often: a quantity or a frequency
_FREQUENCY = re.compile(_QUANTITY + r"|\b(daily|weekly|monthly|yearly|annually|hourly|every|per|once|times)\b", re.I)
# how long: a quantity or a span of time
_DURATION = re.compile(_QUANTITY + r"|\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|"
                       r"century|overnight|permanently|indefinitely|lifelong)\b", re.I)
_TIME = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b\d+(st|nd|rd|th)?\b|\b(century|centuries|decades?|years?|"
                   r"months?|weeks?|days?|hours?|minutes?|seconds?|january|february|march|april|may|june|july|"
                   r"august|september|october|november|december|spring|summer|autumn|fall|winter|war|era|age|"
                   r"period|later|earlier|ago|before|after|during|until|since|when|once|while|early|late)\b", re.I)
_CAUSE = re.compile(r"\b(because|due to|caused by|causes?|causing|result(s|ing|ed)? (of|from|in)|leads? to|leading to|"
                    r"since|owing to|so that|in order to|thanks to|triggered by|stems? from|from|for|as|so|thus|"
                    r"therefore|hence|by|to)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+")

SELF_TYPES = ("author", "document", "summary")


def strip_framing(question: str) -> str:
    """The question without phrases that only say where to look ("does the article say")."""
    stripped = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", _FRAMING.sub(" ", question))).strip(" ,")
    return stripped if any(w not in STOPWORDS for w in words(stripped)) else question


def question_type(question: str) -> str | None:
    """The answer type; None when no pattern can check the answer ("how soon" is answered by a
    time or by a condition: "as the pain decreases")."""
    q = question.lower()
    if _AUTHOR_Q.search(question):
        return "author"
    if _SUMMARY_Q.search(question):
        return "summary"
    if _DOCUMENT_Q.search(question):
        return "document"
    if re.search(r"\bhow long\b|\bhow much time\b|\bfor how many (seconds|minutes|hours|days|weeks|months|years)\b", q):
        return "duration"
    if re.search(r"\bhow often\b|\bhow many times\b|\bhow frequently\b", q):
        return "frequency"
    if re.search(r"\b(what|which|in what) (year|century|decade|date|day|month|season|time)\b|"
                 r"^when (did|was|were|is|are|does|do|will|can|could|should|has|have|had)\b", q):
        return "date"
    if re.search(r"\bhow (many|much|old|far|large|big|tall|high|fast)\b|\bwhat (percentage|percent|number|amount)\b", q):
        return "number"
    if re.search(r"^who\b|\bwho (is|was|were|did)\b|\bwhose\b|\bwhom\b", q):
        return "name"
    if re.search(r"\bwhy\b|\bwhat (\w+ )?(causes?|leads? to|triggers?)\b|\breasons?\b", q):
        return "cause"
    return None


def wants_list(question: str) -> bool:
    return bool(_LIST_Q.search(question))


def atype_match(kind: str | None, text: str, names: frozenset[str] = frozenset(), section: str = "") -> float:
    """+1 when the sentence (in `section`) holds what the question type wants, -1 when not, 0 for
    untyped questions."""
    if kind is None:
        return 0.0
    if kind == "name":  # a capitalised word inside the sentence, or one the corpus capitalises mid-sentence
        found = any(m.start() > 0 or m.group(0) in names for m in _NAME.finditer(text))
        return 1.0 if found else -1.0
    if kind == "author":
        return 1.0 if _FIRST_PERSON.search(text) else -1.0
    if kind == "document":
        return 1.0 if _SELF_REFERENCE.search(text) else -1.0
    if kind == "summary":
        return 1.0 if _SUMMARY_SECTION.search(section) or _SUMMARY_SENTENCE.search(text) else -1.0
    pattern = {"date": _TIME, "number": _NUMBER, "frequency": _FREQUENCY, "duration": _DURATION, "cause": _CAUSE}[kind]
    return 1.0 if pattern.search(text) else -1.0
