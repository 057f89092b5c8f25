"""chunk.py on a hand-worked example: exact sentence and chunk offsets.

The example document has three short sections: a paragraph whose abbreviations
("e.g.", "Dr.") and decimal ("3.5 km") must not split it wrongly, a lead-in line
followed by a three-item bullet list, and a FAQ entry whose question is a lone
numbered line. No model is needed; these are pure functions.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunk import make_chunks, split_sentences
from assistant.datatypes import Document, Section
from assistant.load import load_document

SEED = Path(__file__).resolve().parent.parent / "corpus" / "hip-pain-while-running.txt"

TEXT = (
    "Hip Guide\n"  # 0-9, "\n" at 9
    "\n"  # 10
    "Basics\n"  # 11-17
    "\n"  # 18
    "Runners often feel hip pain, e.g. after long runs. Dr. Smith runs 3.5 km daily. He rarely hurts.\n"  # 19-115
    "\n"
    "Causes\n"
    "\n"
    "Common causes are:\n"  # 125-143
    "  • Muscle strains.\n"  # marker "  • " is 144-147, the item 148-163
    "  • Tendinitis from overuse.\n"
    "  • Labral tears.\n"
    "\n"
    "FAQ\n"
    "\n"
    "1. Why do hips hurt?\n"  # "1. " is 217-219, the question 220-237
    "\n"
    "Overuse is the usual cause."  # 239-266
)
BASICS = Section("Basics", ("Basics",), 19, 115)
CAUSES = Section("Causes", ("Causes",), 125, 210)
FAQ = Section("FAQ", ("FAQ", "Why do hips hurt?"), 217, 266)
DOC = Document("doc1", "guide.txt", "Hip Guide", TEXT, (BASICS, CAUSES, FAQ))

# (start, end, block, is_item), then the text each span must slice to.
SENTENCES = [
    ((19, 69, 0, False), "Runners often feel hip pain, e.g. after long runs."),
    ((70, 98, 0, False), "Dr. Smith runs 3.5 km daily."),
    ((99, 115, 0, False), "He rarely hurts."),
    ((125, 143, 1, False), "Common causes are:"),
    ((148, 163, 2, True), "Muscle strains."),
    ((168, 192, 2, True), "Tendinitis from overuse."),
    ((197, 210, 2, True), "Labral tears."),
    ((220, 237, 3, False), "Why do hips hurt?"),
    ((239, 266, 4, False), "Overuse is the usual cause."),
]


def test_the_example_sections_are_what_the_comments_say():
    assert TEXT[BASICS.start:BASICS.end].startswith("Runners") and TEXT[BASICS.start:BASICS.end].endswith("hurts.")
    assert TEXT[CAUSES.start:CAUSES.end].startswith("Common") and TEXT[CAUSES.start:CAUSES.end].endswith("tears.")
    assert TEXT[FAQ.start:FAQ.end] == "1. Why do hips hurt?\n\nOveruse is the usual cause."


def test_sentence_offsets_blocks_and_items_exactly():
    sents = split_sentences(DOC)
    assert [(s.start, s.end, s.block, s.is_item) for s in sents] == [span for span, _ in SENTENCES]
    assert [TEXT[s.start:s.end] for s in sents] == [text for _, text in SENTENCES]
    assert [s.section_path for s in sents] == [BASICS.path] * 3 + [CAUSES.path] * 4 + [FAQ.path] * 2
    assert {s.doc_id for s in sents} == {"doc1"}


def test_list_item_offsets_exclude_the_bullet_marker():
    items = [s for s in split_sentences(DOC) if s.is_item]
    assert [TEXT[s.start - 4:s.start] for s in items] == ["  • "] * 3
    # the lone numbered FAQ line is not a list item, but its "1. " is not part of the question either
    question = split_sentences(DOC)[7]
    assert (question.is_item, TEXT[question.start - 3:question.start]) == (False, "1. ")


@pytest.mark.parametrize("max_chars, spans", [
    # 19-98 is 79 characters: the third sentence (to 115) would make 96
    (80, [(19, 98), (99, 115), (125, 192), (197, 210), (220, 266)]),
    (79, [(19, 98), (99, 115), (125, 192), (197, 210), (220, 266)]),
    (78, [(19, 69), (70, 115), (125, 192), (197, 210), (220, 266)]),
    # everything fits, yet chunks stop at each section boundary
    (10_000, [(19, 115), (125, 210), (220, 266)]),
])
def test_chunk_spans_exactly(max_chars, spans):
    chunks = make_chunks(DOC, split_sentences(DOC), max_chars)
    assert [(c.start, c.end) for c in chunks] == spans
    for c in chunks:
        assert c.text == TEXT[c.start:c.end]
        assert c.doc_id == "doc1" and c.id == f"doc1-{c.start}"
        section = DOC.section_at(c.start)
        assert section.start <= c.start < c.end <= section.end and c.section_path == section.path


def test_a_sentence_longer_than_max_chars_is_a_chunk_of_its_own():
    chunks = make_chunks(DOC, split_sentences(DOC), 20)
    assert [(c.start, c.end) for c in chunks] == [span[:2] for span, _ in SENTENCES]
    assert chunks[0].text == "Runners often feel hip pain, e.g. after long runs."  # 50 > 20 characters, uncut


def test_a_hard_wrapped_paragraph_splits_into_sentences_not_lines():
    # as PDF pages and papers saved as text come: line breaks inside sentences
    text = ("Waves\n\nAn estimated third of the population (or\n500 million persons) were infected. Deaths were\n"
            "estimated at 50 million.\nA second wave followed.")
    doc = Document("d", "w.txt", "Waves", text, (Section("Waves", ("Waves",), 7, len(text)),))
    sents = split_sentences(doc)
    assert [text[s.start:s.end] for s in sents] == [
        "An estimated third of the population (or\n500 million persons) were infected.",
        "Deaths were\nestimated at 50 million.",
        "A second wave followed.",
    ]
    assert {s.block for s in sents} == {0} and not any(s.is_item for s in sents)


def test_short_lines_before_a_capital_stay_apart_when_wrapped_lines_join():
    # a list without markers and an address, as web pages save them, beside a wrapped paragraph
    text = ("Care\n\nRest the leg for a couple of days. The usual advice is:\nRest\nIce\nCompression and elevation\n\n"
            "Acme Sports Clinic\n12 High Street\n\nThe clinic sees runners with sore hips and knees on\n"
            "every day of the week. Book online\nor by phone.")
    doc = Document("d", "c.txt", "Care", text, (Section("Care", ("Care",), 6, len(text)),))
    assert [text[s.start:s.end] for s in split_sentences(doc)] == [
        "Rest the leg for a couple of days.", "The usual advice is:", "Rest", "Ice", "Compression and elevation",
        "Acme Sports Clinic", "12 High Street",
        "The clinic sees runners with sore hips and knees on\nevery day of the week.",
        "Book online\nor by phone.",  # a short line, but the next goes on in lower case
    ]


def test_a_cut_inside_a_parenthesis_is_mended():
    # pysbd cuts this paragraph (from a COVID-QA paper) after "(73," when it follows "(73) ."
    text = ("Refs\n\nTetramers can be built with streptavidin (73) . Mass cytometry has identified T cells, "
            "but has not yet been applied to B cells (73, 74) . One limitation is cost.")
    doc = Document("d", "r.txt", "Refs", text, (Section("Refs", ("Refs",), 6, len(text)),))
    assert [text[s.start:s.end] for s in split_sentences(doc)] == [
        "Tetramers can be built with streptavidin (73) .",
        "Mass cytometry has identified T cells, but has not yet been applied to B cells (73, 74) .",
        "One limitation is cost.",
    ]


def test_seed_article_sentences_and_chunks_are_well_formed():
    doc = load_document(SEED, SEED.parent)
    sents = split_sentences(doc)
    chunks = make_chunks(doc, sents, 600)
    assert (len(sents), len(chunks)) == (88, 27)
    for s in sents:
        text = doc.text[s.start:s.end]
        assert text and text == text.strip()
        assert doc.section_at(s.start) is doc.section_at(s.end - 1) is not None
        assert text[0] not in "•-*–·"
    assert [doc.text[s.start:s.end] for s in sents if s.is_item][:2] == [
        "Muscle strains happen when hip muscles stretch or tear from overuse.",
        "Tendinitis is when tendons, which attach muscles to bones, get inflamed from too much running.",
    ]
    # chunks partition the sentence list in order, never cut a sentence and never cross a section
    it = iter(sents)
    for c in chunks:
        inside = [next(it)]
        while inside[-1].end < c.end:
            inside.append(next(it))
        assert (inside[0].start, inside[-1].end) == (c.start, c.end)
        assert len({s.section_path for s in inside}) == 1 and doc.section_at(c.start).end >= c.end
        assert c.end - c.start <= 600 or len(inside) == 1
    assert next(it, None) is None
