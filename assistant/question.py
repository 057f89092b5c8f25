"""What a question asks for: its answer type, and the words that only frame it.

- Answer type, read off phrases of asking: "how many" wants a quantity, "how long"
  a span of time, "how often" a frequency, "when" a time, "which brand" or "who" a
  name, "why" a cause, a list question the whole list, "what is X?" the sentence
  that defines X, "what's in it for me?" a sentence that states a gain, "what is X
  called?" a sentence that names ("known as", "called", a quoted term), "what are the
  signs of X?" a sentence that names two or more symptoms.
- Questions about the document itself: its writer ("the author's background",
  `author`), the document ("what will I get out of reading this?", `document`) and
  its gist ("what's the main takeaway?", `summary`). No sentence shares words with
  them; their answer is where the text speaks of itself ("I have treated runners
  for…", "This article will guide you…") or sums itself up (its conclusion), so
  only those sentences may answer them (`SELF_TYPES`).
- A thing only named in a series ("…bridges, clamshells, and squats") is not
  explained by that sentence (`only_listed`).
- Framing: "does the article suggest…", "according to the author" say where to
  look, not what to find; `strip_framing` removes them before retrieval, so that
  "Where does the article suggest looking for guidance?" is matched on "looking
  for guidance" and not on every sentence that says "article".

Cues are English function words and phrases of asking, never words of a corpus.
Not here: what a question singles out that a corpus may never name (question_scope.py),
scoring (answer_score.py), follow-ups (conversation.py).
"""
from __future__ import annotations

import re

from .lexical import STOPWORDS, terms, words

_DOC = r"(article|text|post|guide|passage|piece|page|blog|author|writer)"
_SAYS = (r"(say|says|said|use|uses|suggest|suggests|recommend|recommends|advise|advises|mention|mentions|describe|"
         r"describes|discuss|discusses|explain|explains|cover|covers|list|lists|propose|proposes|state|states|"
         r"claim|claims|argue|argues|talk about|talks about|go into|goes into|tell us|tells us|tell me|"
         r"consider|considers|note|notes|point out|points out|identify|identifies|name|names|offer|offers|"
         r"give|gives|provide|provides|emphasi[sz]e|emphasi[sz]es|highlight|highlights|stress|stresses|"
         r"think|thinks|call|calls|focus on|focuses on|dwell on|dwells on|insist on|insists on|"
         r"(?:make|makes) (?:such )?(?:a )?(?:big |huge )?(?:deal|fuss|point) (?:of|about)|"
         r"(?:put|puts|place|places) (?:so much |such )?(?:emphasis|stress|weight) on|"
         r"(?:keep|keeps) (?:saying|mentioning|bringing up|talking about|telling (?:me|us|you|runners)))")
_FRAMING = re.compile(
    rf"\b(according to|as per) (the|this) {_DOC}('s|’s)?\b,?"
    rf"|\b(does|did|do|would|will|can|could) (the|this) {_DOC} {_SAYS}\b"
    rf"|\b(the|this) {_DOC} {_SAYS}( that)?\b"
    rf"|\b(in|from) (the|this) {_DOC}\b", re.I)

_AUTHOR_Q = re.compile(r"\b(the|this|your) (author|writer)(?!\s+of\b)|\bwho wrote (this|it)\b|"
                       r"\bwho (is|was) the (author|writer)\s*\?", re.I)
_DOCUMENT_Q = re.compile(r"\b(this|the) (article|post|guide|piece|page|blog)\b|\b(reading|read) (this|it)\b|"
                         r"\bwhat (will|would|do|can|could|should) (i|we) (learn|get|gain|take away)"
                         r"( (here|from (this|it)|out of (this|it)))?\s*\??\s*$|"
                         r"\bwhat('s| is) (this|it) (all )?about\b", re.I)
# "the main idea of Hutton's paper" asks about a thing in the text, "the main idea of this article" its gist
_NOT_OF_ANOTHER = r"(?!\s+of\s+(?!(this|the)( whole| entire| full)? (article|post|guide|piece|page|blog|text)\b))"
_SUMMARY_Q = re.compile(rf"\b((main|key|big|overall) (takeaways?|points?|messages?|lessons?|ideas?)|takeaways?|gist|"
                        rf"bottom line){_NOT_OF_ANOTHER}\b|\bsum (it )?up\b|\bsummari[sz]e (it|this|the "
                        rf"(article|post|guide|piece|page|blog))\b|\bin a nutshell\b|\btl;?dr\b", re.I)

# Where a text speaks of itself: its writer in the first person, or the document by name.
_FIRST_PERSON = re.compile(r"\b(I|I[’']\w+|[Mm]y|[Mm]e|[Mm]yself|[Ww]e|[Ww]e[’']\w+|[Oo]ur|[Uu]s)\b")
_SELF_REFERENCE = re.compile(r"\b(this|the|our) (article|post|guide|piece|page|blog)\b|"
                             r"\b(you[’']ll|you will|you[’']re going to) (learn|find|discover|read|see)\b|"
                             r"\b(read on|keep reading|below)\b", re.I)

# Where a text sums itself up: its closing section, or a sentence that says so.
_SUMMARY_SECTION = re.compile(r"\b(conclusions?|summary|takeaways?|final thoughts|bottom line|wrapping up|"
                              r"in short|tl;?dr)\b", re.I)
_SUMMARY_SENTENCE = re.compile(r"^(in (conclusion|summary|short|sum)|to (sum up|summari[sz]e|conclude)|overall|"
                               r"all in all|remember)\b", re.I)

# A part of the document the question points at ("In the wrap-up, which two habits…?", "What does the intro say
# about…?"): its closing part or its opening. "At the end" alone only with the document named too: "should I
# stretch at the end?" speaks of the run
_CLOSING_Q = re.compile(
    r"\b(the|its|this) (conclusion|wrap-?up|closing (section|part|paragraphs?|lines?|words|thoughts|remarks)|"
    r"final (section|part|paragraphs?|lines?|words|thoughts|remarks))\b|"
    rf"\b(in|at|near|towards?) the (end|close|bottom) of (the|this) {_DOC}\b|"
    r"\b(summing|wrapping) (it |things |everything |this )?up\b|\bwraps? (it|things|everything|this) up\b|"
    rf"\b{_DOC} (ends?|finish(es)?|closes?)( (by|with|on))?\b", re.I)
_OPENING_Q = re.compile(
    r"\b(the|its|this) (intro|introduction|opening (section|part|paragraphs?|lines?|words|remarks)|"
    r"first (section|paragraphs?|lines?))\b|"
    rf"\b(in|at|near) the (start|beginning|top) of (the|this) {_DOC}\b|"
    rf"\b{_DOC} (starts?|begins?|opens?) (by|with|on)\b", re.I)
_AT_THE = re.compile(r"\b(at|in|near|towards?) the (?P<end>start|beginning|outset|end|close)\b(?! of)", re.I)
_NAMES_DOC = re.compile(rf"\b(the|this) {_DOC}\b", re.I)
_OPENING_SECTION = re.compile(r"\b(introduction|intro|overview|background|abstract)\b", re.I)


# A sentence that names a question as what to know, without answering it: "Understanding why your hips protest
# with each jog is crucial…", "You'll learn not just what causes the ache but…"
_NAMES_QUESTION = re.compile(r"\b(understand(s|ing)?|know(s|ing)?|learn(s|ing)?|figur(e|es|ing) out|find(s|ing)? out|"
                             r"wonder(s|ing)?|explor(e|es|ing)|discover(s|ing)?)\s+(not just\s+)?"
                             r"(why|how|what|whether|which)\b", re.I)


def names_question(text: str) -> bool:
    """True when `text` names a question as what to know ("Understanding why your hips protest…")."""
    return bool(_NAMES_QUESTION.search(text))


# "Besides the hips, what…?", "anything else apart from stretching?", "Other than rest, how…?": what the
# question sets aside; the phrase stops before a question word or a pronoun ("besides the hips I should…")
_SET_ASIDE = re.compile(r"\b(?:besides|apart from|other than|aside from|except(?: for)?|in addition to)\s+"
                        r"(?:the\s+|my\s+|an?\s+)?(?P<x>[\w’'-]+(?:\s+(?!(?:what|how|which|why|when|where|who|"
                        r"should|can|could|do|does|is|are|i|you|we)\b)[\w’'-]+){0,2})", re.I)


# The side of an event a text sets itself on: "after my run", "post-run" / "before a run", "pre-race", "prior to"
_AFTER = re.compile(r"\b(after|afterwards|post-\w+)\b", re.I)
_BEFORE = re.compile(r"\b(before|beforehand|pre-\w+|prior to)\b", re.I)


def time_side(text: str) -> str | None:
    """"after" or "before" when `text` speaks of one side of an event only ("Which muscles should I stretch after
    running?", "Before starting your run, perform dynamic stretches…"); None for both or neither."""
    after, before = bool(_AFTER.search(text)), bool(_BEFORE.search(text))
    return None if after == before else "after" if after else "before"


def set_aside(question: str) -> str | None:
    """What the question asks about besides ("stretching" in "anything else apart from stretching?"), or None."""
    m = _SET_ASIDE.search(question)
    return m["x"] if m else None


def named_part(question: str) -> str | None:
    """"closing" or "opening" when the question points at that part of the document; else None. "At
    the end" alone names it when the question names the document too, or asks nothing else ("What
    does the article say at the end?" reads "What at the end?" once its framing is taken out)."""
    if _CLOSING_Q.search(question):
        return "closing"
    if _OPENING_Q.search(question):
        return "opening"
    at = _AT_THE.search(question)
    if at and (_NAMES_DOC.search(question) or asks_only_the_part(question)):
        return "closing" if at["end"].lower() in ("end", "close") else "opening"
    return None


def asks_only_the_part(question: str) -> bool:
    """True when nothing is asked but what a part of the document says: "What does the conclusion
    say?", "What's in the intro?", "Summarize the wrap-up"."""
    rest = _AT_THE.sub(" ", _OPENING_Q.sub(" ", _CLOSING_Q.sub(" ", question)))
    rest = _NAMES_DOC.sub(" ", re.sub(rf"\b{_SAYS}\b|\bsummari[sz]e\b", " ", rest, flags=re.I))
    return all(w in STOPWORDS for w in words(rest))


def in_part(part: str, section: str, first: bool) -> bool:
    """Whether a top-level section (its title; `first` when it opens its document) is that part: a
    closing part is titled as one ("Conclusion", "Summary", "Final thoughts"), an opening part too
    ("Introduction", "Background") or comes first."""
    if part == "closing":
        return bool(_SUMMARY_SECTION.search(section))
    return first or bool(_OPENING_SECTION.search(section))


# "causes" as a noun ("the common causes of…") asks for a list; "what causes tendinitis?" does not
_LIST_Q = re.compile(r"\b(what are|which|list|types?|kinds?|"
                     r"(the|common|main|some|possible|usual|two|three|four|five|few|several) causes|"
                     r"factors|ways|examples|symptoms|signs|"
                     r"steps|tips|exercises|options|name (the|some|a few|several|all|two|three|four|five|\d+))\b", re.I)
# A quantity: digits or number words. Vague words ("several", "many", "once the pain eases")
# are not, so that "how many seconds should I hold it?" is not answered by a sentence without one.
_COUNT = (r"\b\d[\d,.]*\b|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
          r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
          r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent)\b")
# ...and a fraction or a multiple, which measures no span of time alone (_DURATION)
_QUANTITY = _COUNT + r"|\b(half|quarter|twice|thrice|double|triple)\b"
_NUMBER = re.compile(_QUANTITY, re.I)
# how often: a quantity or a frequency; not "once" that opens a clause ("…once the acute pain subsides": when)
_FREQUENCY = re.compile(_QUANTITY + r"|\b(daily|weekly|monthly|yearly|annually|hourly|every|per|times|"
                        r"once(?!\s+(?:the|you|it|your|they|i|we|he|she|this|that|there|my|his|her|its|their|our)\b))\b",
                        re.I)
# how long: a quantity or a span of time; not a fraction or a multiple, which measures no span alone ("Knowing
# your enemy is half the battle" answered "How long does a hip strain take to heal?" at 0.74)
_DURATION = re.compile(_COUNT + r"|\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|"
                       r"century|overnight|permanently|indefinitely|lifelong)\b", re.I)
# a rate is a frequency, not a span of time: "two to three sessions per week" does not say how long
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b"
_RATE = re.compile(rf"(?:{_QUANTITY}|\b(?:once|times))(?:\s*(?:-|–|to|or)\s*(?:{_QUANTITY}))?\s+(?:[a-z]+\s+)?"
                   rf"(?:per|a|an|every|each)\s+{_UNIT}|\b(?:per|every|each)\s+{_UNIT}", re.I)
_TIME = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b\d+(st|nd|rd|th)?\b|\b(century|centuries|decades?|years?|"
                   r"months?|weeks?|days?|hours?|minutes?|seconds?|january|february|(?-i:March)|april|(?-i:May)|june|"
                   r"july|august|september|october|november|december|spring|summer|autumn|fall|winter|war|era|age|"
                   r"period|later|earlier|ago|before|after|during|until|since|when|once|while|early|late)\b", re.I)
_CAUSE = re.compile(r"\b(because|due to|caused by|causes?|causing|result(s|ing|ed)? (of|from|in)|leads? to|leading to|"
                    r"since|owing to|so that|in order to|thanks to|triggered by|stems? from|from|for|as|so|thus|"
                    r"therefore|hence|by|to)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+")
# "What's in it for me?", "why bother…?": the answer states a gain or a purpose ("…are crucial for
# preventing…", "…in order to…"), not a cause (not "what is the advantage of X?": a factual sentence
# without a word of gain answers that)
_BENEFIT_Q = re.compile(r"\bwhat[’']?s in it for (me|us|you)\b|\bwhat[’']?s the point\b|"
                        r"\bwhy (should (i|we|you) )?(bother|care)\b|\bwhat (do|will|would|can) (i|we) gain\b|"
                        r"\bworth it\b", re.I)
_BENEFIT = re.compile(r"\b(benefits?|beneficial|improv\w*|enhanc\w*|better|boost\w*|enjoy\w*|successful|success|"
                      r"advantages?|gains?|helpful|rewarding|pays? off|"
                      r"in order to|so that|(crucial|essential|important|vital|key) (for|in|to) \w+ing)\b", re.I)
# "What is X called?", "what is another term for X?": the answer names it ("… is known as the Miasma theory");
# not "what is the name of X?", which a proper name answers without a word of naming
_TERM_Q = re.compile(r"^\W*(what|which)\b.*\b(called|known as|termed|referred to as|nicknamed|dubbed)\b|"
                     r"\b(what|which) (is|was|are|were) (the|another|a|an|its|their) (\w+ )?(term|word)s? (for|used)\b|"
                     r"\b(what|which) (term|word)\b", re.I)
_NAMING = re.compile(r"\b(called|known as|termed|referred to as|named|nicknamed|dubbed|so-called|"
                     r"the (term|name|word))\b|[\"“][^\"”]{2,40}[\"”]", re.I)
# "What are the symptoms of X?", "which signs…", "how can I tell if…": the answer names symptoms, two or
# more of them (one "pain" is said of everything in an article on pain); not "the onset of symptoms to…"
_SYMPTOM_Q = re.compile(r"^\W*(what|which)\s+((are|were|is|was)\s+)?((the|some|its|their)\s+)?(\w+\s+){0,3}"
                        r"(symptoms?|signs?|manifestations?)\b(?!\s+(to|and)\b)|"
                        r"\bhow (do|can|would|will|could|should) (i|you|we|one) (know|tell)\b", re.I)
_SYMPTOMS = re.compile(r"\b(pain(ful)?|aches?|aching|sore(ness)?|swelling|swollen|numbness|numb|tingling|stiffness|"
                       r"stiff|tender(ness)?|weakness|fatigue|fever|cough(ing)?|rash(es)?|nausea|vomiting|diarrh?o?ea|"
                       r"sensations?|discomfort|bruising|redness|headaches?|dizziness|breathless(ness)?|"
                       r"shortness of breath|dyspnea|bleeding|inflamed|inflammation|limp(ing)?)\b", re.I)
# A sentence that says what something is: "It happens when…", "…is when…", "The labrum is a piece of…"
_DEFINING = re.compile(r"^((it|this|that|they)\s+)?[^,.;]{0,40}?\b(happens|happen|occurs|occur|develops|arises) (when|if)\b|"
                       r"\b(is|are) when\b|\brefers? to\b|\bmeans\b|\binvolves?\b|\bis defined as\b|"
                       r"\b(is|are) (a|an|the) (piece|type|kind|form|part|condition|state|inflammation|group|set)\b", re.I)

# "Is hip pain something a lot of runners get?", "How common is X?", "Is it just me?": how many it affects. The
# answer says so ("It's a problem many runners face.") and often names the topic only in the sentence before,
# so its cue counts when the sentence or its neighbours are on the topic (answer_score.WINDOW_CUE_TYPES)
_PREVALENCE_Q = re.compile(
    r"\bhow (common|usual|normal|rare|widespread)\b"
    r"|\b(is|are) (it|this|that|\w+( \w+)?) (really |very |pretty |so )?(common|normal|usual|unusual|rare|typical)\b"
    r"|\b(lots|loads|plenty|a lot|heaps) of (other )?(people|runners|folks|athletes)\b"
    r"|\bmany (other )?(people|runners|athletes)\b|\bjust me\b|\bam i (the only|unusual|alone|weird|abnormal)\b"
    r"|\beveryone (get|gets|has)\b|\bhappens? to (a lot|lots|loads|many|most)\b", re.I)
_PREVALENCE = re.compile(r"\b(a|is|are|very|quite|fairly|pretty) common\b|\bcommonly\b|"
                         r"\b(many|most|numerous|plenty of|lots of|a lot of)\b|\boften\b|\bfrequent\w*|\bwidespread\b|"
                         r"\bprevalent\b", re.I)

# "What should I combine foam rolling with?", "what else should I pair it with?", "What goes with X?": what to do
# with it. The answer says so ("…foam rollers alongside stretching exercises…"), and shares fewer words with the
# question than the sentences on the thing alone
_COMPANION_Q = re.compile(r"\b(pair(ed)?|combin\w*|go(es)? (well )?with|alongside|together with|along with|"
                          r"in combination)\b", re.I)
_COMPANION = re.compile(r"\b(alongside|along with|together with|combined with|in combination|in conjunction with|"
                        r"paired with|coupled with)\b", re.I)

# A reader's past ("I sprained my ankle last year", "an old knee injury") asks what the text says of what happened
# before: a sentence on past or previous injuries, which shares few words with the story and lost to general ones
_HISTORY_Q = re.compile(r"\b(last (year|season|month|summer|winter|spring|autumn|fall)|"
                        r"(years?|months?|seasons?) (ago|back)|(an|that|my) old (\w+ )?injur\w*|previous(ly)?|"
                        r"in the past|used to|history of)\b", re.I)
_HISTORY = re.compile(r"\b(past|previous|prior|history|earlier)\b", re.I)

# "Do I still need to bother foam rolling?", "Is foam rolling really necessary?", "Can I skip the warm-up?": whether
# it must be done. The answer says it is needed ("Regular use of … foam rollers is essential for runners…"), which
# shares fewer words with the question than the sentences that only say what it does. Not "does X matter?", which
# as often asks whether X is a cause ("I broke my leg as a kid, does that matter for my hips now?"), nor "is it
# worth it?", a benefit question. Group "x" is what must be done, when the question names it (`needed_thing`).
_NECESSITY_Q = [re.compile(p, re.I) for p in (
    (r"\b(?:do|does|did) (?:i|we|you|one|runners?|they) (?:really |still |actually |even |always |honestly )*"
     r"(?:need|have) to\b(?: (?:bother (?:with )?)?(?P<x>[^?.,;]+))?"),
    (r"\b(?:is|are) (?P<x>\w+(?: (?!really|still|actually|even|truly|just)\w+)?) "
     r"(?:really |still |actually |even |truly |just )*(?:necessary|needed|required|essential|a must|overkill|optional|"
     r"a waste of time|a gimmick)\b"),
    r"\bcan (?:i|you|we) (?:just )?(?:skip|get away without|ignore)\b(?: (?P<x>[^?.,;]+))?",
    r"\bshould (?:i|we|you) (?:still |really |even )*bother\b(?: (?:with |doing )?(?P<x>[^?.,;]+))?",
    r"\bwaste of time\b|\bgimmick\b")]

_NECESSITY = re.compile(r"\b(essential|crucial|important|necessary|vital|key|critical|must|requir\w*|needs? to|needed)\b",
                        re.I)

# "How do I keep it from coming back?", "What stops that happening again?", "…before it starts?", "How can I avoid a
# strain?": how to prevent it. The answer says what prevents it ("…can also help prevent future hip pain…"), which
# shares fewer words with the question than the sentences that say what treats it. Not "What should I avoid while…?",
# which asks what to stay away from, nor "what role does X play in prevention?" (a noun, a topic).
_PREVENTION_Q = re.compile(
    r"\b(prevent(s|ed|ing)?|avoid(s|ed|ing)? (?!(while|when|during|after|before|if|until|with|for|on|in|at)\b)\w+|"
    r"keep\w* (\w+ ){0,4}from|stop\w* (\w+ ){0,4}(happening|coming|going|starting|getting|"
    r"flaring|recurring|returning|again|before)|(from|not) (happening|coming back|recurring|returning|flaring up)|"
    r"(doesn[’']?t|does not|won[’']?t|never) (come back|happen again|return|recur|start|get started)|"
    r"before it (starts|begins|happens))\b", re.I)
# ...and "How do I stop a strain in the first place?" when nothing else says what it asks: "Why do runners get hip
# pain in the first place?" asks why
_FIRST_PLACE = re.compile(r"\bin the first place\b", re.I)
_PREVENTIVE = re.compile(r"\b(prevent\w*|avoid\w*|(reduc|lower|minimi[sz])\w* (the )?(risk|chances?|likelihood)|"
                         r"future|further|recurr\w*|protect\w*)\b", re.I)

SELF_TYPES = ("author", "document", "summary")
# Types whose cue (a word of gain, of naming, of how many, of the past, of need, of prevention, of company; two
# symptoms) orders
# the on-topic candidates; with "what is X?" they are the RANKING_TYPES, whose cues order candidates but say nothing
# of confidence (counted in it, the cue answered questions wrongly that were declined: DESIGN, fourteenth session)
CUE_TYPES = ("benefit", "term", "symptom", "prevalence", "history", "necessity", "prevention", "companion")
RANKING_TYPES = ("definition",) + CUE_TYPES

# "What is X?" / "How do I do X?": what the question asks to be explained (at most three words)
# "What is X?", "What is the abbreviation X?"
_DEFINE = re.compile(r"^\s*(what(’s|'s| is| are)|define)\s+(an? |the )?((acronym|abbreviation|initialism) )?"
                     r"(?P<x>[\w’'-]+( [\w’'-]+){0,2})\s*\??\s*$", re.I)
# "What does X involve?", "What do X mean?", "What does X stand for?": what "what is X?" asks
_WHAT_DOES = re.compile(r"^\s*what (does|do) (an? |the )?(?P<x>[\w’'-]+( [\w’'-]+){0,2}) "
                        r"(involve|mean|entail|stand for)\s*\??\s*$", re.I)
_HOW_TO_DO = re.compile(r"^\s*how (do|can|should|would|could|to) ((i|you|we|one) )?(do|perform|execute) (an? |the |my )?"
                        r"(?P<x>[\w’'-]+( [\w’'-]+){0,2}?)( (correctly|properly|right))?\s*\??\s*$", re.I)



# Pleasantries around a question ("Hi, what is X?", "…? thanks!"): they carry no content, and the
# embedding of the whole message drifts toward small talk ("hello, what is impingement?" 0.63 against 0.99).
_HELLO = (r"(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day))"
          r"(?: there| all| everyone| again)?")
_THANK = r"(?:thanks|thank you|thx|ty|cheers)(?: (?:so|very) much| a lot| in advance)?"
_GREETING = re.compile(rf"^\W*{_HELLO}(?:\s*[,!.:;-]+\s*|\s+(?=(?:what|how|why|when|where|who|"
                       r"which|can|could|is|are|do|does|did|should|would|will|i|my|any)\b))", re.I)
_THANKS = re.compile(rf"(?<=[\s,.!?])\s*{_THANK}[\s.!]*$", re.I)


# Messages that are nothing but small talk, matched whole (lower case, punctuation dropped): a reader
# greeting the chat, thanking it, leaving, or asking what it is. They get a reply of the assistant's
# own, not a decline.
_OK = r"(?:ok|okay|great|cool|perfect|awesome|nice|got it|that helps)"
_SMALL_TALK = (
    ("greeting", re.compile(_HELLO)),
    ("thanks", re.compile(rf"({_OK} )*({_THANK}|much appreciated)")),
    ("ok", re.compile(rf"{_OK}|i see")),
    ("goodbye", re.compile(r"(bye|goodbye|good bye|bye bye|see you|see ya|cya|good night)( now| then| later)?")),
    ("help", re.compile(r"help|who are you|what are you|what can you do|how does this work|what can i ask( you)?"
                        r"|what do you do")),
)


def small_talk(message: str) -> str | None:
    """"greeting", "thanks", "ok", "goodbye" or "help" for a message that is only that; else None."""
    text = " ".join(re.sub(r"[^\w\s']", " ", message.lower()).split())
    return next((kind for kind, pattern in _SMALL_TALK if pattern.fullmatch(text)), None)


# Fillers of speech, which say nothing of what is asked: "Why do runners get hip pain in the first place?",
# "Is stretching worth it at all?", "By the way, what is X?". Only where they cannot be content: "by the way"
# and "anyway" before or after the question ("caused by the way I run" is content), "at all" at its end.
_FILLERS = re.compile(r"\s*,?\s*\b(in the first place|to begin with|for that matter|if at all)\b"
                      r"|^\W*(by the way|btw|anyway|anyways|so anyway|first of all|out of curiosity)\b\s*,?\s*"
                      r"|\s*,?\s*\b(at all|anyway|anyways|by the way|btw)(?=\s*[?.!]*\s*$)", re.I)


def strip_pleasantries(question: str) -> str:
    """The question without a greeting before it or thanks after it, and without fillers of speech
    (`_FILLERS`) unless they alone say what it asks ("How do I stop a strain in the first place?" asks how
    to prevent it); unchanged when nothing else is left."""
    stripped = _THANKS.sub("", _GREETING.sub("", question, count=1)).strip()
    unfilled = _FILLERS.sub("", stripped).strip()
    if unfilled != stripped and (question_type(unfilled) is not None or question_type(stripped) is None):
        stripped = unfilled
    return stripped if any(w not in STOPWORDS for w in words(stripped)) else question


# words that point at something said before, not a thing named: "is it necessary?", "tell me about it"
_POINTING = frozenset(("it", "this", "that", "they", "them", "these", "those"))

# "Tell me about X", "Explain X", "Describe X" for a short name X: a request for what "what is X?" asks
_TELL_ABOUT = re.compile(r"^\s*(tell me (more )?about|explain|describe|what can you tell me about)\s+"
                         r"(?P<x>(an? |the )?[\w’'-]+( [\w’'-]+){0,2})\s*[?.!]?\s*$", re.I)


def as_question(request: str) -> str:
    """"Tell me about piriformis syndrome" -> "What is piriformis syndrome?"; anything else as it is.
    Asked as a request, its verb counted as a word the answer lacks, and the answer type was not read."""
    m = _TELL_ABOUT.match(request)
    if not m or _NAME.search(m["x"]) or m["x"].lower() in _POINTING:
        return request
    return f"What is {m['x']}?"


def strip_framing(question: str) -> str:
    """The question without phrases that only say where to look ("does the article say")."""
    stripped = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", _FRAMING.sub(" ", question))).strip(" ,")
    return stripped if any(w not in STOPWORDS for w in words(stripped)) else question


def question_type(question: str) -> str | None:
    """The answer type; None when no pattern can check the answer ("how soon" is answered by a
    time or by a condition: "as the pain decreases")."""
    q = question.lower()
    part = named_part(question)
    if _AUTHOR_Q.search(question) and not part:  # "When the writer wraps it up…": the part's speaker
        return "author"
    if part and asks_only_the_part(question):  # "What does the conclusion say?": its gist, or what the text is
        return "summary" if part == "closing" else "document"
    if _SUMMARY_Q.search(question):
        return "summary"
    if _DOCUMENT_Q.search(question):
        return "document"
    # "what is piriformis syndrome?", not "what is the capital of Poland?", "what is marked in blue?", "what is Warsaw?"
    defined = _what_is(question)
    if defined and not _NAME.search(defined["x"]) and not any(w in STOPWORDS for w in words(defined["x"])) \
            and not _SYMPTOM_Q.search(question):  # "what are the symptoms?" asks for symptoms, not what they are
        return "definition"
    if _BENEFIT_Q.search(question):
        return "benefit"
    if _TERM_Q.search(question):
        return "term"
    # "how long until / before I can run?" asks what "how soon" asks: a condition may answer it
    if re.search(r"\bhow long\b(?! (until|till|before)\b)|\bhow much time\b|"
                 r"\bfor how many (seconds|minutes|hours|days|weeks|months|years)\b", q):
        return "duration"
    if re.search(r"\bhow often\b|\bhow many times\b|\bhow frequently\b", q):
        return "frequency"
    # not "when can / should / will I…?", which asks what "how soon" asks
    if re.search(r"\b(what|which|in what) (year|century|decade|date|day|month|season|time)\b|"
                 r"^when (did|was|were|is|are|does|do|has|have|had)\b", q):
        return "date"
    if re.search(r"\bhow (many|much|old|far|large|big|tall|high|fast)\b|\bwhat (percentage|percent|number|amount)\b", q):
        return "number"
    # "which roller should I get?", not "which moves should I get my athletes doing?"
    if re.search(r"\bbrands?\b|\bwhich \w+( \w+)? (to|should i|do you recommend) (buy|purchase|"
                 r"get(?=\s*([?.!,]|$|for\b|if\b|now\b|first\b)))|"
                 r"\bbest \w+( \w+)? to (buy|purchase)\b", q):
        return "product"  # a brand or model is a name
    if re.search(r"^who\b|\bwho (is|was|were|did)\b|\bwhose\b|\bwhom\b", q):
        return "name"
    if _HISTORY_Q.search(question):  # "Could an old knee injury be why…?": what the text says of past injuries
        return "history"
    if any(p.search(question) for p in _NECESSITY_Q):  # "Do I still need to bother foam rolling?"
        return "necessity"
    if _PREVENTION_Q.search(question) and not _LIST_Q.search(question):  # "How do I keep it from coming back?"
        return "prevention"
    if re.search(r"\bwhy\b|\breasons?\b", q) or asks_what_causes(q):
        return "cause"
    if _SYMPTOM_Q.search(question):
        return "symptom"
    if _PREVALENCE_Q.search(question):
        return "prevalence"
    if _COMPANION_Q.search(question):
        return "companion"
    if _FIRST_PLACE.search(question):
        return "prevention"
    return None


# "Who won the Boston Marathon?", "Who invented foam rollers?": a deed asks for the name of who did it; not "who is
# at risk?", "who should see a doctor?", which a description of people answers ("the health worker", "runners")
_WHO_DID = re.compile(r"^\W*who\s+(?!(is|are|was|were|am|be|should|can|could|might|may|would|will|must|needs?|gets?|"
                      r"has|have|had|does|do|did)\b)\w+", re.I)


def needed_thing(question: str) -> str | None:
    """X of a necessity question ("Is foam rolling really necessary?" -> "foam rolling"); None when
    it is only a pronoun ("is it necessary?") or the question asks nothing of the kind."""
    for pattern in _NECESSITY_Q:
        m = pattern.search(question)
        x = m and m.groupdict().get("x")
        if x and x.lower() not in _POINTING:
            return x
    return None


def asks_who_did(question: str) -> bool:
    return bool(_WHO_DID.search(question))


def _what_is(question: str) -> re.Match | None:
    """"What is X?" or "What does X involve / mean?", with X as group "x"."""
    return _DEFINE.match(question) or _WHAT_DOES.match(question)


def explained_thing(question: str) -> str | None:
    """X of "what is X?" or "how do I do X?", when X is a short name; else None."""
    m = _what_is(question) or _HOW_TO_DO.match(question)
    return m.group("x") if m else None


def defines(thing: str, text: str) -> bool:
    """True when `text` says what `thing` is: "X is a…", "X happens when…", "It happens when…",
    "polymerase chain reaction (PCR)", "X, a nuclear pore protein, …". Not "X is associated with…",
    "X was used…": a participle says what is done with X, or to it."""
    x = re.escape(thing)
    # "X is…", also after a structured abstract's label ("Background: X is…")
    opens = re.match(rf"^(\w+( \w+)?: )?(the |an? )?{x}(s|es)?\s+(is|are|was|were)\b(?!\s+\w+ed\b)", text, re.I)
    spelt_out = re.search(rf"\w\s*\(\s*{x}\s*\)", text, re.I)  # "…chain reaction (qRT-PCR)"
    apposed = re.match(rf"^(the |an? )?{x}\s*,\s*(a|an|the)\s+[^,]{{2,80}},", text, re.I)
    return bool(opens or spelt_out or apposed or _DEFINING.search(text))


def _segments(clause: str) -> list[tuple[list[str], bool]]:
    """The clause's comma-separated segments, grouped: (segments, is_series). A series is two or
    more segments followed by one that opens with "and"/"or" ("a, b, and c") or, when the items
    are short, holds it ("a, b, c and d"). Linear in the clause length (a regular expression for
    this backtracked for minutes on long run-on sentences)."""
    groups, run = [], []
    for seg in (x.strip() for x in clause.split(",")):
        opens = re.match(r"(?:and|or)\s+(.*)", seg, re.I)
        holds = None if opens else re.match(r"(.*?)\s+(?:and|or)\s+(.*)", seg, re.I)
        if holds and any(len(x.split()) > 4 for x in run[1:] + [holds[1], holds[2]]):
            holds = None  # "a, b and c" only of short items: "pain, stop and rest" is no series
        if len(run) >= 2 and (opens or holds):
            groups.append((run + ([opens[1]] if opens else [holds[1], holds[2]]), True))
            run = []
        else:
            run.append(seg)
    if run:
        groups.append((run, False))
    return groups


_LEADS = ("as", "including", "like", "include", "includes", "are", "is")


def _split_first(parts: list[str]) -> tuple[list[str], list[str]]:
    """A series' first segment as (its lead-in words, its item's words): "These can include side leg
    lifts" -> (["These", "can", "include"], ["side", "leg", "lifts"]); the first item is taken as long as
    the others (plus one word, at most four), and never reaches back past "such as", "including", "are"…
    ("Coronaviruses are spherical, enveloped, and…": the item is "spherical")."""
    words_ = parts[0].split()
    size = min(4, 1 + max(len(p.split()) for p in parts[1:]))
    lead, first = words_[:-size], words_[-size:]
    cut = max((i for i, w in enumerate(first) if w.lower() in _LEADS), default=-1)
    return lead + first[:cut + 1], first[cut + 1:]


def is_series(text: str) -> bool:
    """True when a sentence holds a series "a, b, and c"."""
    return any(is_series for clause in re.split(r"(?<=[.;:!?])\s+", text)
               for _, is_series in _segments(clause.rstrip(" .!?;:")))


_BULLET = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+(?P<item>.+)$")


def item_label(item: str) -> str | None:
    """A list item's label, before a ":" near its start ("Overuse: Putting too much stress…"); else None."""
    return item.split(":")[0].strip() if ":" in item[:40] else None


def listed_items(text: str) -> list[str]:
    """What `text` lists, in order: its bulleted or numbered lines (their label before ":", as in
    "Overuse: Putting too much stress…"), else the items of its last series ("…factors such as muscle
    strains, tendinitis, and labral tears" -> ["muscle strains", "tendinitis", "labral tears"])."""
    lines = [m["item"] for m in map(_BULLET.match, text.splitlines()) if m]
    if len(lines) >= 2:
        return [item_label(line) or line.strip() for line in lines]
    found: list[str] = []
    for clause in re.split(r"(?<=[.;:!?])\s+", text):
        for parts, series in _segments(clause.rstrip(" .!?;:")):
            if not series:
                continue
            first = _split_first(parts)[1]  # after "such as", "including"…
            rest = [re.sub(r"^(and|or)\s+", "", p.strip(), flags=re.I) for p in parts[1:]]
            items = [" ".join(first)] + rest
            found = [item for item in items if item]
    return found


def only_listed(thing: str, text: str) -> bool:
    """True when `text` names `thing` only as one short item of a series ("…bridges, clamshells,
    and squats"): it names it among others and neither says what it is nor how to do it."""
    stems = set(terms(thing))
    if not stems:
        return False
    mentioned, bare = False, True
    for clause in re.split(r"(?<=[.;:!?])\s+", text):
        if not stems & set(terms(clause)):
            continue
        mentioned = True
        items, outside = [], []
        for parts, series in _segments(clause.rstrip(" .!?;:")):
            if not series:
                outside += [w for seg in parts for w in seg.split()]
                continue
            # "These can include side leg lifts, bridges…": the lead-in is not an item
            lead, first = _split_first(parts)
            outside += lead
            items += [" ".join(first)] + parts[1:]
        named = [i for i in items if stems & set(terms(i))]
        if not named or any(len(i.split()) > 4 for i in named) or stems & set(terms(" ".join(outside))):
            bare = False
    return mentioned and bare


# "and which ones?", "which exercises?": the members of a kind, not one thing ("which ones" after "How often
# should I do strengthening exercises?" asks for the exercises)
_WHICH_MEMBERS = re.compile(r"\bwhich (ones|([\w-]+ )?[\w-]+[^s\W]s)\b(?!\s+(is|was|does|did)\b)", re.I)


def asks_for_members(question: str) -> bool:
    return bool(_WHICH_MEMBERS.search(question))


def wants_list(question: str) -> bool:
    return bool(_LIST_Q.search(question))


_WHAT_CAUSES = re.compile(r"\bwhat (\w+ )?(causes?|leads? to|triggers?)\b|"
                          r"\bwhat(?:[’']s| is| are)?(?: \w+){0,2}? (causing|leading to|triggering|behind)\b|"
                          r"\bwhat (\w+ )?brings? on\b|\bwhat(?:[’']s| is| are) the (\w+ )?causes? of\b", re.I)


def asks_what_causes(question: str) -> bool:
    """"What causes X?", "What can lead to X?", "What could be causing X?", "What's behind X?", "What
    brings on X?", "What is the cause of X?": X's causes, which an article often lists."""
    return bool(_WHAT_CAUSES.search(question))


def asks_causes_in_other_words(question: str) -> bool:
    """"What's behind X?", "What brings on X?", "What leads to / triggers X?": X's causes asked without the
    word "cause", which is how an article names them ("X can be caused by…", "the common causes of X")."""
    return asks_what_causes(question) and not re.search(r"\bcaus", question, re.I)


def atype_match(kind: str | None, text: str, names: frozenset[str] = frozenset(), section: str = "") -> float:
    """+1 when the sentence (in `section`) holds what the question type wants, -1 when not, 0 for
    untyped questions."""
    if kind is None:
        return 0.0
    if kind in ("name", "product"):  # a capitalised word inside the sentence, or one the corpus capitalises mid-sentence
        found = any(m.start() > 0 or m.group(0) in names for m in _NAME.finditer(text))
        return 1.0 if found else -1.0
    if kind == "author":
        return 1.0 if _FIRST_PERSON.search(text) else -1.0
    if kind == "document":
        return 1.0 if _SELF_REFERENCE.search(text) else -1.0
    if kind == "symptom":
        return 1.0 if len({m.group(0).lower() for m in _SYMPTOMS.finditer(text)}) >= 2 else -1.0
    if kind == "summary":
        return 1.0 if _SUMMARY_SECTION.search(section) or _SUMMARY_SENTENCE.search(text) else -1.0
    if kind == "duration":
        text = _RATE.sub(" ", text)
    pattern = {"date": _TIME, "number": _NUMBER, "frequency": _FREQUENCY, "duration": _DURATION, "cause": _CAUSE,
               "definition": _DEFINING, "benefit": _BENEFIT, "term": _NAMING, "prevalence": _PREVALENCE,
               "history": _HISTORY, "necessity": _NECESSITY, "prevention": _PREVENTIVE, "companion": _COMPANION}[kind]
    return 1.0 if pattern.search(text) else -1.0
