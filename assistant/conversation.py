"""Follow-up questions: what an elliptical question refers to, from the history.

"will I need surgery?" after a turn about a labral tear means "will I need
surgery for a labral tear?". A question is elliptical when it opens like a
continuation ("and…", "ok.", "what about…"), leans on a pronoun with nothing
to point at ("is it serious?"), or is too short to stand alone. Then the topic
is taken from the most recent self-contained user question — walking back over
earlier follow-ups, so it holds after two turns — and prefixed to the question
for retrieval. A self-contained question (enough content words of its own and
no dangling pronoun) is a topic switch: it is used alone.

Not here: any rewriting model; the question the user sees is never changed.
"""
from __future__ import annotations

import re

from .lexical import tokenize

_OPENERS = re.compile(r"^\s*(and|but|so|ok|okay|also|then|what about|how about|what if|and if|same for|"
                      r"is that|does that|do they|is it|was it|are they)\b", re.I)
_DANGLING = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|there|one)\b", re.I)
MIN_CONTENT = 3


def is_elliptical(question: str) -> bool:
    content = tokenize([question])[0]
    if _OPENERS.match(question):
        return True
    if _DANGLING.search(question) and len(content) < MIN_CONTENT + 1:
        return True
    return len(content) < MIN_CONTENT


def user_turns(history: list[dict] | None) -> list[str]:
    out = []
    for turn in history or []:
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            out.append(turn["content"])
    return out


def resolve(question: str, history: list[dict] | None) -> str:
    """The text to retrieve with: the question, prefixed by its topic when elliptical."""
    if not history or not is_elliptical(question):
        return question
    chain = []
    for earlier in reversed(user_turns(history)):
        chain.insert(0, earlier)
        if not is_elliptical(earlier):
            break
    if not chain:
        return question
    return " ".join(chain + [question])
