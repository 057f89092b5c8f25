"""Follow-up questions: what an elliptical question refers to, from the history.

"will I need surgery?" after a turn about a labral tear means "will I need
surgery for a labral tear?". A question is elliptical when it opens like a
continuation ("and…", "ok.", "what about…"), leans on a pronoun with nothing
to point at ("is it serious?"), or is too short to stand alone. Then the topic
is taken from the most recent self-contained user question — walking back over
earlier follow-ups, whose own intent is left behind, so it holds after two turns —
and added after the question for retrieval (so the answer type is still read off
the question's own opening words) and blended into the question's vector (the
question weighing most). A question that is merely short ("will I need surgery?") may stand
alone, so its topic only nudges the vector: the keyword side and the
coverage that decides declining stay the question's own, and an unrelated
new question ("what is the capital of France?") still declines. A self-contained question (enough content words of its own and
no dangling pronoun) is a topic switch: it is used alone.

Not here: any rewriting model; the question the user sees is never changed.
"""
from __future__ import annotations

import re

from .lexical import terms

_OPENERS = re.compile(r"^\s*(and|but|so|ok|okay|also|then|what about|how about|what if|and if|same for|"
                      r"is that|does that|do they|is it|was it|are they)\b", re.I)
# pronouns with nothing to point at, and words that presuppose something said before ("run again",
# "that too", "get back to running")
_DANGLING = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|there|one|again|too|either|anymore|"
                       r"back)\b", re.I)
MIN_CONTENT = 3


def ellipsis(question: str) -> str | None:
    """"strong" when the question opens like a continuation or leans on a pronoun with
    little content of its own; "weak" when it is merely short (it may stand alone);
    None when it is self-contained."""
    content = list(terms(question))
    if _OPENERS.match(question) or (_DANGLING.search(question) and len(content) < MIN_CONTENT + 1):
        return "strong"
    return "weak" if len(content) < MIN_CONTENT else None


def is_elliptical(question: str) -> bool:
    return ellipsis(question) is not None


def user_turns(history: list[dict] | None) -> list[str]:
    out = []
    for turn in history or []:
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            out.append(turn["content"])
    return out


def topic(question: str, history: list[dict] | None) -> tuple[str | None, str | None]:
    """(earlier user questions the question continues, "strong" | "weak"), or (None, None)."""
    kind = ellipsis(question) if history else None
    if kind is None:
        return None, None
    turns = user_turns(history)
    # the topic is the last self-contained question: earlier follow-ups carry their own
    # intent ("what else causes it?"), which must not leak into this one
    anchor = next((t for t in reversed(turns) if not is_elliptical(t)), turns[0] if turns else None)
    return (anchor, kind) if anchor else (None, None)
