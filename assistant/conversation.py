"""Follow-up questions: what an elliptical question refers to, from the history.

"will I need surgery?" after a turn about a labral tear means "will I need
surgery for a labral tear?". A question is elliptical when it opens like a
continuation ("and…", "ok.", "what about…"), leans on a pronoun with nothing
to point at ("is it serious?") or on a bare "the X" ("what are the symptoms?"),
or is too short to stand alone. Then the topic
is taken from the most recent self-contained user question — walking back over
earlier follow-ups, whose own intent is left behind, so it holds after two turns —
and added after the question for retrieval (the answer type is read off the
question's own words alone: pipeline.Assistant._read) and blended into the
question's vector (the question weighing most). A question that is merely short ("will I need surgery?") may stand
alone, so its topic only nudges the vector: the keyword side and the
coverage that decides declining stay the question's own, and an unrelated
new question ("what is the capital of France?") still declines. A self-contained question (enough content words of its own and
no dangling pronoun) is a topic switch: it is used alone.

A follow-up that only names another thing ("what about tendinitis?", "and a labral
tear?", "how about stretching?") asks the question before of that thing: it is
restated as that question with its topic replaced ("What is piriformis syndrome?"
→ "What is tendinitis?"; "how is it treated?" → "how is tendinitis treated?"), and
the restatement is used alone. Blending would keep the old topic, which then
outweighs the new one. The topic replaced is the earlier question's dangling
pronoun, else its longest run of content words.

Likewise a follow-up that leans on "it" / "they" / "them" is asked alone with the
earlier question's topic in the pronoun's place ("What causes hip flexor strain?"
then "how can I prevent it?" → "how can I prevent hip flexor strain?"): blended
with the whole earlier question, its asking words pulled their own answer back. A follow-up's
"ones" stands for the earlier question's first plural noun ("which ones?" after "How often should
I do strengthening exercises?" → "which exercises?"), and is asked alone for the same reason.

A message that tells something before it asks ("I did a 10k yesterday and now my hips feel
tight. What should I be doing after my runs?") is read as a short conversation: the statements
are an earlier turn and the last sentence is the question, so the question's own words decide
what it asks while the statements, blended in as a follow-up's topic is, say what it is about.
Read as one text, the story outweighs the question.

Not here: any rewriting model; the question the user sees is never changed.
"""
from __future__ import annotations

import re

from .chunk import sentence_texts
from .lexical import STOPWORDS, terms
from .question import SELF_TYPES, listed_items, question_type, small_talk, strip_framing
from .question_scope import asked_about

_OPENERS = re.compile(r"^\s*(and|but|so|ok|okay|also|then|what about|how about|what if|and if|same for|"
                      r"is that|does that|do they|is it|was it|are they)\b", re.I)
# pronouns with nothing to point at, and words that presuppose something said before ("run again",
# "that too", "get back to running")
_DANGLING = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|there|one|again|too|either|anymore|"
                       r"back)\b", re.I)
# a short question ending in "the X" with nothing after it ("what are the symptoms?", "what's the
# treatment?") points at a thing said before, as a pronoun does; "the capital of France" does not
_DEFINITE_END = re.compile(r"\bthe\s+[\w’'-]+\s*[?.!]*\s*$", re.I)
MIN_CONTENT = 3


def ellipsis(question: str) -> str | None:
    """"strong" when the question opens like a continuation, or leans on a pronoun or a bare
    "the X" with little content of its own; "weak" when it is merely short (it may stand
    alone); None when it is self-contained."""
    content = list(terms(question))
    if _OPENERS.match(question) or (_DANGLING.search(question) and len(content) < MIN_CONTENT + 1):
        return "strong"
    if len(content) < MIN_CONTENT and _DEFINITE_END.search(question):
        return "strong"
    return "weak" if len(content) < MIN_CONTENT else None


def is_elliptical(question: str) -> bool:
    return ellipsis(question) is not None


_INITIAL = re.compile(r"(?:^|\s)\w\.$")  # "y. pestis", "C. difficile": an initial, not a sentence's end
_INNER_END = re.compile(r"[.?!…]\s+\S")
MIN_STORY_WORDS = 3


def told_then_asked(message: str) -> tuple[str, str] | None:
    """(what the message tells, what it asks) when it is statements followed by a question: "I did a
    10k yesterday and now my hips feel tight. What should I do after my runs?"; None for one sentence,
    for several questions ("What is X? Is it serious?"), and for a question with no content word of
    its own ("What should I do?"): these are read as one text."""
    if not _INNER_END.search(message.strip()):  # one sentence: no need to run the splitter
        return None
    parts: list[str] = []
    for sentence in sentence_texts(message):
        if parts and _INITIAL.search(parts[-1]):
            parts[-1] += " " + sentence
        else:
            parts.append(sentence)
    if len(parts) < 2 or any(p.rstrip().endswith("?") for p in parts[:-1]):
        return None
    told, asked = " ".join(parts[:-1]), parts[-1]
    # "I think I might have a labral tear. What should I do?" asks nothing of its own: the story is the question
    if len(told.split()) < MIN_STORY_WORDS or not terms(asked):
        return None
    return told, asked


# a pronoun in lower case ("IT band" is a name) and what it may not follow to stand for a thing: "is it…?",
# "is it ok to…" and "what's in it for me?" point at nothing
_PRONOUN = re.compile(r"(?<![\w’'-])(this|that|it|them)(?![\w’'-])")
_PREPOSITIONS = frozenset("in on at for from with after before during when if while".split())
_COPULAS = frozenset("is was are were".split())
_NOT_AFTER = _COPULAS | frozenset("in on at for from with of to about".split())


def _leaning_pronoun(question: str) -> re.Match | None:
    """The pronoun a first question leans on, standing for a thing, when the question has little content
    of its own ("What are the main things I can do to prevent it?", "What usually causes it in
    runners?"): the reader means what the article is about, as a follow-up means the topic before it.
    The pronoun ends the question or a clause, or a phrase follows it after a verb; questions about the
    document itself ("what will I get out of reading it?") are not of this kind, nor a message of
    several sentences, where the pronoun may point back ("My knee aches. What do I do about it?").
    None for any other question."""
    if ellipsis(question) != "strong" or _INNER_END.search(question.strip()) \
            or question_type(strip_framing(question)) in SELF_TYPES:
        return None
    for m in _PRONOUN.finditer(question):
        before = question[:m.start()].split()
        previous = before[-1].lower().strip(",;") if before else ""
        after = question[m.end():].lstrip()
        if not after or after[0] in "?.!,;":
            if previous not in _COPULAS:
                return m
        else:
            word = _WORD.match(after)
            if word and word[0].lower() in _PREPOSITIONS and previous not in _NOT_AFTER:
                return m
    return None


def opening_turn(question: str, title: str) -> tuple[str, list[dict]] | None:
    """How a first question that leans on a pronoun for the topic (`_leaning_pronoun`) is read, and with
    what history; None for any other question. An "it" or "them" is replaced by the article's title, the
    whole of it, and the question asked alone ("What brings it on?" -> "What brings Pain in the hips
    while running on?"): a title names what the article is about as a whole, while its longest run of
    words, a follow-up's topic, may only set the scene ("running"). A question leaning on "this" or
    "that" is read as a follow-up to the title."""
    m = _leaning_pronoun(question)
    if m is None:
        return None
    if m[0] in ("it", "them"):
        return question[:m.start()] + title + question[m.end():], []
    return question, [{"role": "user", "content": title}, {"role": "assistant", "content": ""}]


def user_turns(history: list[dict] | None) -> list[str]:
    """The user's questions, without small talk: "thanks!" is no topic and no question for a
    later "what about X?" to restate."""
    out = []
    for turn in history or []:
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str) \
                and not small_talk(turn["content"]):
            out.append(turn["content"])
    return out


# "what about X?", "how about X?", "and X?", "same for X?" where X is a thing, not a clause
_SWITCH = re.compile(r"^\W*(?:(?:ok|okay|so|and|but|also|then)\W+)?(?:what about|how about|what of|same for|and)\s+"
                     r"(?P<x>[^?.!]+?)\s*[?.!]*\s*$", re.I)
_DETERMINERS = r"(?:a|an|the|my|your|our|their|his|her|its)"
_DETERMINER = re.compile(rf"^{_DETERMINERS}\s+", re.I)
_ENDS_IN_DETERMINER = re.compile(rf"\b{_DETERMINERS}\s+$", re.I)
# words that make X a clause ("and should I drink water?") or a pointer ("what about it?"), not a thing
_CLAUSE = frozenset("""i you we he she it they me him us them this that these those is are was were am be been
do does did can could should would will shall may might must have has had if when why how what where who which
""".split())
_POINTER = re.compile(r"\b(it|they|them|this|that|these|those)\b", re.I)
_WORD = re.compile(r"[\w’'-]+")
_WH = frozenset("what which how why who whom whose where when".split())
_PARTICLES = frozenset("up down out off".split())
# when a story happened ("I strained my hip flexor yesterday", "…last spring") is not what it is about
_TIMES = frozenset("yesterday yesterday's today today's tonight tomorrow last ago recently lately".split())
_SUBJECTS = frozenset("i you we one".split())
_MODALS = frozenset("can could might may would will should usually typically commonly often".split())


def switched_thing(question: str) -> str | None:
    """X of "what about X?" when X names a thing ("tendinitis", "a labral tear"); else None."""
    m = _SWITCH.match(question)
    if not m:
        return None
    words = m["x"].split()
    if not words:
        return None
    opens_as_thing = _DETERMINER.match(m["x"]) or words[0].lower() not in STOPWORDS  # not "after", "for"
    if len(words) > 5 or not opens_as_thing or any(w.lower().strip("’'") in _CLAUSE for w in words) \
            or not terms(m["x"]):
        return None
    return m["x"]


def restate(question: str, earlier: str) -> str | None:
    """`earlier` asked of the thing that "what about X?" names, or None when `question` is not
    such a follow-up or `earlier` has no topic to replace."""
    thing = switched_thing(question)
    if thing is None:
        return None
    if ellipsis(earlier) == "strong":  # "how is it treated?": X takes the pronoun's place
        return _in_place_of(_POINTER, earlier, thing)
    span = _topic_span(earlier)
    if span is None:
        return None
    before = earlier[:span[0]]
    if _ENDS_IN_DETERMINER.search(before):  # "How do I treat a …": one determiner is enough
        thing = _DETERMINER.sub("", thing)
    return before + thing + earlier[span[1]:]


def _topic_span(question: str) -> tuple[int, int] | None:
    """Where the question names its topic: its longest run of content words (the last of equals),
    without the asking verb ("What *causes* hip pain…", "What can *cause* hip pain…", "How can I
    *prevent* hip flexor strain?"); a particle ends a run ("warm up"), a word of time breaks it ("my hip
    flexor *yesterday*")."""
    words = list(_WORD.finditer(question))
    opening = [w.group(0).lower() for w in words[:2]]
    verb_at = 2 if len(opening) == 2 and opening[1] in _MODALS else 1  # "What can cause…", "What causes…"
    runs, run = [], []
    for i, w in enumerate(words):
        low = w.group(0).lower()
        asking = i == verb_at and opening[0] in _WH
        if low not in STOPWORDS and low not in _TIMES and not asking:
            run.append(w)
            continue
        if run and low in _PARTICLES:
            run.append(w)
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    if not runs:
        return None
    longest = max(reversed(runs), key=len)
    at = words.index(longest[0])
    if at and words[at - 1].group(0).lower() in _SUBJECTS and len(longest) > 1 \
            and longest[-1].group(0).lower() not in _PARTICLES:
        longest = longest[1:]
    return longest[0].start(), longest[-1].end()


def resolved_turns(history: list[dict] | None) -> list[str]:
    """The user's questions, each "what about X?" restated as the question it continues."""
    return _resolve(user_turns(history))


def _resolve(asked: list[str]) -> list[str]:
    out: list[str] = []
    for turn in asked:
        out.append(restated(turn, out) or turn)
    return out


def restated(question: str, earlier_turns: list[str]) -> str | None:
    """`question` restated from the last of the (resolved) earlier questions that is not itself
    an unresolved "what about X?"; None when it is not such a follow-up or cannot be restated."""
    earlier = next((t for t in reversed(earlier_turns) if not switched_thing(t)), None)
    return restate(question, earlier) if earlier else None


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "last": -1, "final": -1, "middle": None}
# "the second one (on that list)", "the last item", "the third factor", "the middle one" (of an odd number)
_ORDINAL = re.compile(r"\b(?:the\s+)?(?P<n>" + "|".join(_ORDINALS) + r")\s+(?:one|item|thing|point|option|factor|"
                      r"cause|exercise|stretch|step|tip)s?\b(?:\s+(?:on|in|from|of)\s+(?:that|the|this|your)\s+"
                      r"(?:list|answer|one))?", re.I)


def name_the_ordinal(question: str, history: list[dict] | None) -> str | None:
    """`question` with "the second one (on that list)" replaced by that item of what the last answer
    listed: "can you explain the second one?" after "…such as muscle strains, tendinitis, and…" ->
    "can you explain tendinitis?"; None when it names no item or the answer lists too few."""
    m = _ORDINAL.search(question)
    answer = _last_answer(history or [])
    if not m or not answer:
        return None
    items, n = listed_items(answer), _ORDINALS[m["n"].lower()]
    if n is None:  # "the middle one", of an odd number of items only
        if len(items) % 2 == 0:
            return None
        n = len(items) // 2
    if not items or n >= len(items):
        return None
    return question[:m.start()] + items[n] + question[m.end():]


def follow_up(question: str, history: list[dict] | None) -> tuple[str | None, str | None, str | None]:
    """How the history bears on a question: (its restatement, when it is "what about X?", leans on
    "it" / "they" / "them" or names an item of the last answer's list ("the second one"), and is then
    asked alone; else None), and (the earlier question it continues, "strong" | "weak"), or (None,
    None) when it stands alone."""
    if not history:
        return None, None, None
    named = name_the_ordinal(question, history)
    if named:  # then read as any question: "what about the first one?" -> "what about overuse?"
        again, anchor, kind = _follow_up(named, history)
        return again or named, anchor, kind
    return _follow_up(question, history)


def _follow_up(question: str, history: list[dict]) -> tuple[str | None, str | None, str | None]:
    asked = user_turns(history)
    turns = _resolve(asked)
    again = restated(question, turns) or name_the_ones(question, turns[-1] if turns else None)
    kind = None if again else ellipsis(question)
    if kind is None:
        return again, None, None
    # the topic is the last self-contained question (a restated "what about X?" is one): earlier
    # follow-ups carry their own intent ("what else causes it?"), which must not leak into this one
    anchor = next((t for t, a in zip(reversed(turns), reversed(asked)) if t != a or not is_elliptical(t)),
                  turns[0] if turns else None)
    if not anchor:
        return None, None, None
    if kind == "strong":  # "how can I prevent it?" after "What causes hip flexor strain?"
        named = name_the_pronoun(question, anchor, _last_answer(history))
        if named:
            return named, None, None
    return None, anchor, kind


_IT = re.compile(r"\b(it|they|them)\b", re.I)
_ONES = re.compile(r"\bones\b", re.I)


def name_the_ones(question: str, anchor: str | None) -> str | None:
    """`question` with "ones" replaced by the first plural noun of `anchor`, the question before: "which
    ones?" after "How often should I do strengthening exercises?" asks "which exercises?", and is asked
    alone; blended with the earlier question, its asking words ("how often") pulled their own answer
    back. A plural by its ending: four letters or more, in "s" but not "ss", "us" or "is"; None when
    the question has no "ones" or the anchor no plural."""
    if not anchor or not _ONES.search(question):
        return None
    plural = next((w for w in _WORD.findall(anchor) if len(w) >= 4 and w.lower() not in STOPWORDS
                   and w.lower().endswith("s") and not w.lower().endswith(("ss", "us", "is"))), None)
    return _ONES.sub(plural, question, count=1) if plural else None


# what an answer's first sentence is about: "Piriformis syndrome is a common cause…", "Labral tears involve…"
_SUBJECT = re.compile(r"^\s*(?:(?:a|an|the)\s+)?(?P<x>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s+"
                      r"(?:is|are|was|were|involves?|happens|occurs|means|refers)\b", re.I)


def name_the_pronoun(question: str, anchor: str, answer: str | None = None) -> str | None:
    """`question` with its first "it" / "they" / "them" replaced by the topic of `anchor`: the thing it
    asks about ("Is foam rolling any good for sore hips?" -> "foam rolling"), else its longest run of
    content words: "how can I prevent it?" -> "how can I prevent hip flexor strain?". Asked alone, so
    the earlier question's asking words ("What causes…") do not pull its own answer back. When the
    anchor's question names nothing of its own ("My butt aches after long runs. What is it?"), the
    pronoun stands for what `answer`, the reply to it, is about ("Piriformis syndrome is…"), when its
    first words say so."""
    said = _SUBJECT.match(answer) if answer else None  # the regex first: the splitter only when it matches
    if said and not set(said["x"].lower().split()) & (STOPWORDS | _CLAUSE) \
            and not terms((sentence_texts(anchor) or [anchor])[-1]):
        return _in_place_of(_IT, question, said["x"])
    thing = asked_about(anchor)
    if thing:
        return _in_place_of(_IT, question, thing)
    span = _topic_span(anchor)
    return _in_place_of(_IT, question, anchor[span[0]:span[1]]) if span else None


def _last_answer(history: list[dict]) -> str | None:
    return next((t["content"] for t in reversed(history) if isinstance(t, dict) and t.get("role") == "assistant"
                 and isinstance(t.get("content"), str) and t["content"]), None)


def _in_place_of(pronoun: re.Pattern, question: str, thing: str) -> str | None:
    """`question` with `thing` in place of its first `pronoun`; None when it has none."""
    m = pronoun.search(question)
    return question[:m.start()] + thing + question[m.end():] if m else None
