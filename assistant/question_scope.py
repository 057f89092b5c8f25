"""What a question singles out that a corpus may never name: the thing it asks about, the
circumstance it sets, the group of people it names, an abbreviation.

- The thing ("Is turmeric good for…?", "what shoes should I wear…?", "what causes shin
  splints?", "how do I treat a stress fracture?", "how many reps…?", `asked_about`): when
  the corpus never names it, its sentences cannot settle the question.
- The cause and the effect of a yes/no question on what causes or signals what ("Can flat
  feet cause hip pain?", "Is hip pain a sign of cancer?", `causal_things`): when the corpus
  never names either, its sentences cannot settle it.
- The circumstance ("…after a hip replacement", "…with a knee brace", `circumstances`):
  the same, more weakly (the question may still be answerable in the corpus's own words).
- A group of people ("in women runners", "can children get…", `groups`): what a text says
  of everyone does not answer what holds for a group it never names; not the reader
  saying who they are ("As a female runner, how…?").
- An abbreviation in capitals ("Will an MRI show…?", `abbreviations`).

Only the words are read here, in English patterns of asking; whether the corpus names them
is the lexicon's to say, and what a miss costs the confidence is answer_score.py's.
"""
from __future__ import annotations

import re

from .lexical import STOPWORDS

# The thing a question asks about: "Is X good for…?", "Is it ok to take X…?", "Does X help…?", "Should I
# take X…?", "Do I need X…?", "What X should I…?", "What X is best for…?", "What's the best / a good X
# for…?", "How many X…?", "What causes X?", "How do I treat X?", "What X helps…?"
_ASKED_ABOUT = re.compile(
    r"^\W*(?:is|are|was|were)\s+(?P<a>(?!it\s).+?)\s+(?:any\s+)?(?:good|bad|worth|safe|useful|helpful|effective|"
    r"ok|okay|better|recommended|necessary|needed)\b"
    # not "Can I foam roll to help…?": what the reader does is no thing
    r"|^\W*(?:does|do|did|can|could|will|would|might)\s+(?!(?:i|we|you)\s)(?P<b>.+?)\s+(?:help|fix|cure|work|reduce|"
    r"relieve|prevent|heal|treat|improve|ease|speed|stop)\b"
    r"|^\W*(?:is|are)\s+it\s+(?:ok|okay|safe|fine|good|bad|wise|better|smart|alright)\s+(?:for me\s+)?to\s+"
    r"(?:take|use|try|wear|get|have)\s+(?:an?\s+|the\s+|some\s+)?(?P<k>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)"
    r"(?:\s+(?:or|for|to|after|before|when|if|on|with|while)\b|\s*\?|$)"
    # "Do I need an MRI…?", "Will they do an MRI or an X-ray…?"; not "Do I need to see someone…?"
    r"|^\W*(?:should|can|could|do|would|will)\s+(?:i|we|you|runners?|they)\s+(?:need(?!\s+to\b)|have(?!\s+to\b)|"
    r"order|take|see|try|use|get|wear|buy|do|consider|visit|eat|drink)\s+(?P<c>.+?)"
    r"(?:\s+(?:or|for|to|after|before|when|if|on|with)\b|\s*\?|$)"
    # advice on a kind of thing: "What shoes should I wear…?", "What's the best hip brace for…?"
    r"|^\W*(?:what|which)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?(?P<d>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s+"
    r"(?:should|do|can|could|would|must)\s+(?:i|we|you|runners?)\b"
    r"|^\W*what(?:[’']s|\s+is|\s+are)\s+the\s+best\s+(?P<e>[\w’'-]+(?:\s+[\w’'-]+)?)\s+(?:for|to)\b"
    r"|^\W*what(?:[’']s|\s+is|\s+are)\s+(?:a|an)\s+good\s+(?P<f>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s+(?:for|to)\b"
    # the thing a question asks the cause or the treatment of, or what helps: "What causes shin splints?",
    # "How do I treat a stress fracture in my hip?", "What diet helps runners…?"
    r"|^\W*what\s+(?:usually\s+|typically\s+|commonly\s+)?(?:causes|triggers)\s+(?:an?\s+|the\s+)?"
    r"(?P<g>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s*(?:\?|$|\s+(?:in|when|during|after|for)\b)"
    r"|^\W*how\s+(?:do|can|should|would|could|to)\s+(?:(?:i|you|we|one)\s+)?(?:treat|fix|cure|heal|manage|"
    r"get rid of|deal with|recover from)\s+(?:an?\s+|the\s+|my\s+)?(?P<h>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s*"
    r"(?:\?|$|\s+(?:in|on|at|when|during|after|for|with)\b)"
    r"|^\W*(?:what|which)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?(?P<i>[\w’'-]+(?:\s+[\w’'-]+)?)\s+"
    r"(?:helps?|works?)\b"
    r"|^\W*(?:what|which)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?(?P<j>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s+"
    r"(?:is|are)\s+(?:the\s+)?"
    r"(?:best|better|good|safest|right)\s+(?:for|to|at|when|if)\b"
    # "How many reps…?": the article that never names reps does not count them
    r"|^\W*how\s+(?:many|much)\s+(?P<m>[\w’'-]+(?:\s+[\w’'-]+)?)\s+(?:of|should|do|can|could|would|will|is|are|a|per|"
    r"each|before|in)\b", re.I)
# nouns that name no thing of their own ("the best way to…", "what things should I…"), and words that stand
# where a thing would ("what else should I…", "what more can I…")
_GENERIC = frozenset("way ways thing things option options approach approaches method methods time times place "
                     "places kind kinds type types sort sorts one ones else exactly other others more much".split())

# The circumstance a question sets: "after a hip replacement", "with a knee brace", "during pregnancy";
# the phrase runs to the first function word. Not an activity ("before heading out", "after skipping…").
_CIRCUMSTANCE = re.compile(r"\b(?:after|before|during|following|with|without)\s+"
                           r"(?:(?:a|an|the|my|your|his|her|its|their|this|that|these|those)\s+)?"
                           r"(?P<x>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3})", re.I)


def asked_about(question: str) -> str | None:
    """X of a yes/no question about a thing ("Is turmeric good for…?", "Should I see a
    chiropractor…?"), of a request for advice on a kind of thing ("What shoes should I
    wear…?", "What diet helps…?"), or of a question for the cause or the treatment of a
    thing ("What causes shin splints?", "How do I treat a stress fracture?"); None for
    other questions."""
    return _thing(question, _ASKED_ABOUT, _ASKED_ABOUT.groupindex)


# the groups of _ASKED_ABOUT that read a yes/no question
_WHETHER = ("a", "b", "c", "k")

# A yes/no question on what causes or signals what: "Is Y caused by X?", "Is Y a sign / symptom of X?", "Is Y
# linked to X?", "Can X cause Y?", "Does X affect / slow down Y?", "Does X make Y worse?"; each phrase runs to the
# question's end or to a function word. Not in
# _ASKED_ABOUT, whose check of the thing was measured without these forms: both things are checked here.
_TILL = r"(?=\s*[?.!,]|\s*$|\s+(?:in|on|at|when|while|during|after|before|if|for|or|and)\b)"
_ITS = r"(?:an?\s+|the\s+|my\s+)?"
_CAUSAL = re.compile(
    r"^\W*(?:is|are|was|were)\s+(?P<y1>(?!(?:it|this|that|there|they)\s).+?)\s+"
    r"(?:(?:usually|often|always|mainly|really|ever|sometimes)\s+)?(?:caused|triggered|brought on|made worse)\s+by\s+"
    + _ITS + r"(?P<x1>.+?)" + _TILL +
    r"|^\W*(?:is|are|was|were)\s+(?P<y2>(?!(?:it|this|that|there|they)\s).+?)\s+(?:an?|the)\s+"
    r"(?:sign|symptom|cause|result|risk factor)\s+(?:of|for)\s+" + _ITS + r"(?P<x2>.+?)" + _TILL +
    r"|^\W*(?:is|are|was|were)\s+(?P<y3>(?!(?:it|this|that|there|they)\s).+?)\s+"
    r"(?:linked|related|connected|associated)\s+(?:to|with)\s+" + _ITS + r"(?P<x3>.+?)" + _TILL +
    r"|^\W*(?:does|do|did|can|could|will|would|might)\s+(?!(?:i|we|you|it|this|that|they)\s)(?P<x4>.+?)\s+"
    r"(?:cause|lead to|trigger|worsen|affect|aggravate|exacerbate|slow(?:\s+down)?|delay)\s+" + _ITS
    + r"(?P<y4>.+?)" + _TILL +
    r"|^\W*(?:does|do|did|can|could|will|would|might)\s+(?!(?:i|we|you|it|this|that|they)\s)(?P<x5>.+?)\s+"
    r"make\s+" + _ITS + r"(?P<y5>.+?)\s+worse\b", re.I)


def causal_things(question: str) -> list[str]:
    """The things a yes/no question on what causes or signals what names, its subject first: ["flat feet",
    "hip pain"] for "Can flat feet cause hip pain?", ["hip pain", "cancer"] for "Is hip pain a sign of
    cancer?"; empty for other questions."""
    m = _CAUSAL.search(question)
    return [t for t in m.groups() if t] if m else []


def asked_whether(question: str) -> str | None:
    """X of a yes/no question about a thing only ("Are squats good for…?", "Does foam rolling help…?",
    "Should I try X…?"), or its subject when it asks what causes or signals what ("Is X caused by…?",
    "Can X cause…?"): the answer names X. Not "What causes X?", answered by "This type of injury can be
    caused by…"."""
    thing = _thing(question, _ASKED_ABOUT, _WHETHER)
    subject = next(iter(causal_things(question)), None)
    return thing or (None if subject is None or subject.lower() in _GENERIC else subject)


def _thing(question: str, pattern: re.Pattern, groups) -> str | None:
    m = pattern.search(question)
    thing = next((m[g] for g in groups if m[g]), None) if m else None
    return None if thing is None or thing.lower() in _GENERIC else thing


# People a question may single out ("in women runners", "can children get…", "while I'm pregnant"): an
# article that never names the group says nothing of it in particular. A closed list of English words, in
# kinds whose words name the same people: a text on "children" names the "kids" a question asks about.
_GROUP_KINDS = (
    ("women", "woman", "female", "females", "girl", "girls"),
    ("men", "male", "males", "boy", "boys"),
    ("children", "child", "kids", "kid", "toddler", "toddlers", "infant", "infants", "baby", "babies",
     "teen", "teens", "teenager", "teenagers", "adolescent", "adolescents", "girls", "boys"),
    ("elderly", "seniors", "senior", "older adults"),
    ("pregnant", "pregnancy", "postpartum"),
    ("menopause", "menopausal"),
)
_GROUPS = re.compile(r"\b(" + "|".join(sorted({w for kind in _GROUP_KINDS for w in kind}, key=len, reverse=True))
                     + r")\b", re.I)


def group_names(word: str) -> set[str]:
    """Every word that names the people `word` names: "kids" -> {"children", "child", "kid", …}."""
    return {w for kind in _GROUP_KINDS if word in kind for w in kind}


# the reader saying who they are ("As a female runner, how…?", "I'm a woman and…") asks for themself, not
# about the group
_SELF_DESCRIBED = re.compile(r"\b(?:as|i[’']m|i am)\s+an?\s+(?:[\w-]+\s+){0,3}?$", re.I)


# "Will an MRI show…?": an abbreviation names one thing (a test, a ligament), and an article that never names it
# says nothing of it (answer_score.py counts only those the model knows: not "ACL", nor "COVID" in an article on
# "2019-nCoV")
_ABBREVIATION = re.compile(r"\b[A-Z]{2,5}\b")


def abbreviations(question: str) -> list[str]:
    return _ABBREVIATION.findall(question)


def groups(question: str) -> list[str]:
    """The groups of people the question singles out: "Is hip pain more common in women runners?" ->
    ["women"]; not the reader describing themself ("As a female runner, how can I…?")."""
    return [m.group(0).lower() for m in _GROUPS.finditer(question)
            if not _SELF_DESCRIBED.search(question[:m.start()])]


def circumstances(question: str) -> list[str]:
    """The head word (the last) of each circumstance the question sets: "How soon after a hip
    replacement can I run?" -> ["replacement"]; activities ("-ing", "-ed") are not things."""
    heads = []
    for m in _CIRCUMSTANCE.finditer(question):
        phrase = []
        for w in m["x"].split():
            low = w.lower()
            if low in STOPWORDS or not re.fullmatch(r"[a-z][a-z-]*", low):
                break
            phrase.append(low)
        if phrase and not re.search(r"(ing|ed)$", phrase[-1]):
            heads.append(phrase[-1])
    return heads
