"""Reading follow-ups (conversation.py) without the model: which questions continue the one
before, and how "what about X?" is restated as that question asked of X."""
from __future__ import annotations

import pytest

from assistant.conversation import (ellipsis, follow_up, name_the_ones, name_the_ordinal, name_the_pronoun,
                                    opening_turn, resolved_turns, restate, switched_thing, told_then_asked)


@pytest.mark.parametrize("question, thing", [
    ("what about tendinitis?", "tendinitis"),
    ("and a labral tear?", "a labral tear"),
    ("ok, how about stretching?", "stretching"),
    ("same for the glutes?", "the glutes"),
    ("and should I be drinking water too?", None),  # a clause, not a thing
    ("what about it?", None),  # a pointer
    ("what about after?", None),  # a circumstance
    ("What is tendinitis?", None),
    ("and   ?", None),
])
def test_the_thing_a_what_about_follow_up_names(question, thing):
    assert switched_thing(question) == thing


@pytest.mark.parametrize("question, earlier, restated", [
    ("what about tendinitis?", "What is piriformis syndrome?", "What is tendinitis?"),
    ("and a labral tear?", "How do I treat a hip flexor strain?", "How do I treat a labral tear?"),
    ("and piriformis syndrome?", "How can I prevent hip flexor strain?", "How can I prevent piriformis syndrome?"),
    ("what about impingement?", "What causes hip pain when running?", "What causes impingement when running?"),
    ("what about knee pain?", "What can cause hip pain in runners?", "What can cause knee pain in runners?"),
    ("and tendinitis?", "What might trigger piriformis syndrome?", "What might trigger tendinitis?"),
    ("what about piriformis syndrome?", "how is it treated?", "how is piriformis syndrome treated?"),
    ("and my glutes?", "How do I stretch my piriformis?", "How do I stretch my glutes?"),
    ("what about the stock market?", "What is tendinitis?", "What is the stock market?"),
    ("what about tendinitis?", "ok. how soon can I start running again?", None),  # no topic of its own
    ("and should I be drinking water too?", "How do I warm up before a run?", None),
])
def test_what_about_x_is_the_question_before_asked_of_x(question, earlier, restated):
    assert restate(question, earlier) == restated


def test_a_later_follow_up_continues_the_restated_question():
    history = [{"role": "user", "content": "What is piriformis syndrome?"}, {"role": "assistant", "content": "…"},
               {"role": "user", "content": "what about tendinitis?"}, {"role": "assistant", "content": "…"}]
    assert resolved_turns(history) == ["What is piriformis syndrome?", "What is tendinitis?"]
    # "it" is the restated question's topic, and the question is asked alone
    assert follow_up("how is it treated?", history) == ("how is tendinitis treated?", None, None)
    assert follow_up("and impingement?", history) == ("What is impingement?", None, None)
    assert ellipsis("what about tendinitis?") == "strong"


def test_small_talk_in_the_history_is_neither_a_topic_nor_a_question_to_restate():
    history = [{"role": "user", "content": "What is impingement?"}, {"role": "assistant", "content": "…"},
               {"role": "user", "content": "thanks!"}, {"role": "assistant", "content": "You're welcome."}]
    assert follow_up("what about tendinitis?", history) == ("What is tendinitis?", None, None)
    assert follow_up("how is it treated?", history) == ("how is impingement treated?", None, None)


@pytest.mark.parametrize("question, kind", [
    ("what are the symptoms?", "strong"),  # "the symptoms" of what was said before
    ("what's the treatment?", "strong"),
    ("what is the capital of France?", "weak"),  # "the capital" has its complement
    ("will I need surgery?", "weak"),
    ("is it serious?", "strong"),
    ("How does foam rolling help after a run?", None),
])
def test_which_questions_lean_on_the_turn_before(question, kind):
    assert ellipsis(question) == kind


@pytest.mark.parametrize("question, leans", [
    ("What are the main things I can do to prevent it?", True),  # "it" is what the article is about
    ("What usually causes it in runners?", True),
    ("Why would getting stronger help with it?", True),
    ("Is it ok to take ibuprofen?", False),  # "it" points at nothing
    ("What's in it for me if I deal with my hip problems?", False),
    ("Is this something lots of runners deal with?", False),  # "this something": no pronoun for a thing
    ("What is IT band syndrome?", False),  # a name
    ("What will I get out of reading it?", False),  # a question about the document itself
    ("My knee aches. What do I do about it?", False),  # "it" may point back
    ("Can a physio help keep this from flaring up again down the road?", False),  # enough words of its own
])
def test_a_first_question_leaning_on_a_pronoun_for_a_thing(question, leans):
    assert (opening_turn(question, "Pain in the hips while running") is not None) is leans


@pytest.mark.parametrize("question, read, history", [
    # "it" is the whole title, not its longest run of words ("running")
    ("What brings it on?", "What brings Pain in the hips while running on?", []),
    # the pronoun leaned on, not the first one
    ("Is it true that stretching prevents it?", "Is it true that stretching prevents Pain in the hips while running?", []),
    ("Why would getting stronger help with this?", "Why would getting stronger help with this?",  # follows the title
     [{"role": "user", "content": "Pain in the hips while running"}, {"role": "assistant", "content": ""}]),
])
def test_a_first_question_leaning_on_a_pronoun_is_read_with_the_title(question, read, history):
    assert opening_turn(question, "Pain in the hips while running") == (read, history)


def test_a_first_question_that_leans_on_nothing_is_read_as_it_is():
    assert opening_turn("Is it ok to take ibuprofen?", "Pain in the hips while running") is None
    assert opening_turn("What causes hip flexor strain?", "Pain in the hips while running") is None


@pytest.mark.parametrize("question, anchor, named", [
    ("how can I prevent it?", "What causes hip flexor strain?", "how can I prevent hip flexor strain?"),
    ("do they need surgery?", "What are labral tears?", "do labral tears need surgery?"),
    ("how is it treated?", "What is piriformis syndrome?", "how is piriformis syndrome treated?"),
    ("what are the symptoms?", "What is a labral tear?", None),  # no pronoun: blended instead
    # a yes/no question's topic is the thing it asks about, not its longest (here: last) run of words
    ("what else should I pair it with?", "Is foam rolling any good for sore hips?",
     "what else should I pair foam rolling with?"),
    # when a story happened is not what it is about (was "hip flexor yesterday", "hip flexor last spring")
    ("How should I look after it?", "I think I strained my hip flexor yesterday.", "How should I look after hip flexor?"),
    ("How do I keep it from happening again?", "I pulled my hip flexor last spring.",
     "How do I keep hip flexor from happening again?"),
])
def test_a_pronoun_is_replaced_by_the_topic_before(question, anchor, named):
    assert name_the_pronoun(question, anchor) == named


@pytest.mark.parametrize("answer, named", [
    ("Piriformis syndrome is a common cause of hip pain.", "how do I treat Piriformis syndrome?"),
    ("It happens when the muscle becomes tight.", "how do I treat long runs?"),  # says nothing of what: the story's words
])
def test_a_pronoun_after_a_question_that_names_nothing_is_what_the_answer_is_about(answer, named):
    anchor = "My butt aches after long runs. What is it?"
    assert name_the_pronoun("how do I treat it?", anchor, answer) == named
    # a question that names its topic keeps it, whatever the answer opens with
    assert name_the_pronoun("how do I treat it?", "What causes hip flexor strain?", answer) == \
        "how do I treat hip flexor strain?"


@pytest.mark.parametrize("message, parts", [
    ("I did a 10k yesterday and now my hips feel tight. What should I do after my runs?",
     ("I did a 10k yesterday and now my hips feel tight.", "What should I do after my runs?")),
    ("I run every day. My hips ache. is that too much?", ("I run every day. My hips ache.", "is that too much?")),
    ("What is tendinitis?", None),  # one sentence
    ("What is tendinitis? Is it serious?", None),  # two questions are read as one
    ("ok. how soon can I start running again?", None),  # too little told to be a story
    ("I think I might have a labral tear. What should I do?", None),  # the question asks nothing of its own
    ("How and when did the first variant of y. pestis enter Europe?", None),  # an initial ends no sentence
])
def test_a_message_that_tells_before_it_asks(message, parts):
    assert told_then_asked(message) == parts


_LISTED = [{"role": "user", "content": "What can cause hip pain?"},
           {"role": "assistant", "content": "Hip pain can be caused by factors such as muscle strains, tendinitis, "
                                            "impingement, and labral tears."}]
_NUMBERED = [{"role": "user", "content": "What are the risk factors?"},
             {"role": "assistant", "content": "Here is how:\n1. Overuse: Too much stress.\n2. Weak muscles: Too "
                                              "little strength.\n3. Previous injuries: Past hurts."}]


@pytest.mark.parametrize("question, history, named", [
    ("can you explain the second one on that list?", _LISTED, "can you explain tendinitis?"),
    ("what's the last one?", _LISTED, "what's labral tears?"),
    ("tell me about the first one", _LISTED, "tell me about muscle strains"),  # "such as" is no part of it
    ("and the second factor?", _NUMBERED, "and Weak muscles?"),  # a numbered line's label
    ("what about the ninth one?", _LISTED, None),  # the list is shorter
    ("how does the middle one cause trouble?", _NUMBERED, "how does Weak muscles cause trouble?"),
    ("and the middle one?", _LISTED, None),  # four items have no middle one
    ("is it serious?", _LISTED, None),  # no ordinal
])
def test_an_ordinal_names_that_item_of_the_last_answers_list(question, history, named):
    assert name_the_ordinal(question, history) == named



@pytest.mark.parametrize("question, anchor, expected", [
    ("which ones?", "How often should I do strengthening exercises for my hips?", "which exercises?"),
    ("which ones are the most common?", "What are the common causes of hip pain?", "which causes are the most common?"),
    ("which ones?", "Should I stretch before running?", None),  # no plural to stand for
    ("which one?", "What are the common causes of hip pain?", None),  # "one" is read as before
])
def test_ones_stands_for_the_plural_before(question, anchor, expected):
    assert name_the_ones(question, anchor) == expected
