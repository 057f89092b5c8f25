"""load.py: exact sections, titles and failures from small hand-made files."""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from assistant import load
from assistant.datatypes import Document
from assistant.errors import DocumentLoadError, EmptyCorpusError
from assistant.load import document_from_paragraphs, load_corpus, load_document

SEED = Path(__file__).parent.parent / "corpus" / "hip-pain-while-running.txt"
SEED_SECTIONS = [
    "Introduction",
    "Understanding Hip Pain While Running",
    "Common causes including muscle strains, tendinitis, impingement, osteoarthritis, labral tears",
    "Risk factors such as overuse, weak muscles, and previous injuries",
    "Treatment and Prevention of Hip Pain After Running",
    "Physical therapy",
    "Use of recovery tools like foam rollers",
    "Strengthening exercises",
    "Proper warm-up and cool-down",
    "How to Identify and Address Specific Hip Injuries",
    "Hip flexor strain",
    "Labral tear",
    "Piriformis syndrome",
    "Conclusion",
    "FAQ",
]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load_file(tmp_path: Path, name: str, content: str | bytes) -> Document:
    return load_document(write(tmp_path, name, content), tmp_path)


def triples(doc: Document) -> list[tuple[str, tuple[str, ...], str]]:
    return [(s.title, s.path, doc.text[s.start:s.end]) for s in doc.sections]


def assert_well_formed(doc: Document) -> None:
    previous_end = 0
    for s in doc.sections:
        body = doc.text[s.start:s.end]
        assert body.strip() == body != ""
        assert previous_end <= s.start < s.end
        previous_end = s.end


# ---------------------------------------------------------------- the seed article
@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(SEED, SEED.parent)


def test_seed_sections_in_order(seed):
    titles = [s.title for s in seed.sections]
    unique = [t for i, t in enumerate(titles) if t not in titles[:i]]
    assert unique == SEED_SECTIONS
    assert titles.count("FAQ") == 5 and len(titles) == 19
    assert seed.title == "Pain in the hips while running"
    assert seed.source == "hip-pain-while-running.txt"
    assert seed.id == hashlib.sha256(seed.text.encode("utf-8")).hexdigest()[:16]
    assert_well_formed(seed)


def test_seed_heading_paths(seed):
    paths = {s.title: s.path for s in seed.sections}
    assert paths["Physical therapy"] == ("Treatment and Prevention of Hip Pain After Running", "Physical therapy")
    assert paths["Labral tear"] == ("How to Identify and Address Specific Hip Injuries", "Labral tear")
    assert paths["Understanding Hip Pain While Running"] == ("Understanding Hip Pain While Running",)
    assert paths["Introduction"] == ("Introduction",)


def test_seed_parent_heading_keeps_its_own_paragraph(seed):
    section = next(s for s in seed.sections if s.title == "Treatment and Prevention of Hip Pain After Running")
    body = seed.text[section.start:section.end]
    assert body.startswith("To alleviate hip pain after running, physical therapy")
    assert "\n" not in body  # one paragraph; "Physical therapy" starts its own section


def test_seed_faq_entries(seed):
    faq = [s for s in seed.sections if s.title == "FAQ"]
    assert [s.path for s in faq][0] == ("FAQ", "Why do my hips hurt when I run?")
    assert [s.path[1] for s in faq][-1] == "Are there special exercises for runners with hip pain?"
    first = seed.text[faq[0].start:faq[0].end]
    assert first == ("1. Why do my hips hurt when I run?\n\nYour hips might hurt because of an injury, "
                     "tightness, or strain from running too hard or not stretching enough.")


def test_seed_conclusion_and_debris(seed):
    conclusion = next(s for s in seed.sections if s.title == "Conclusion")
    body = seed.text[conclusion.start:conclusion.end]
    assert body.startswith("In conclusion, understanding the causes")
    assert body.endswith("a more enjoyable and successful running experience.")
    assert all("Leave a Reply" not in seed.text[s.start:s.end] for s in seed.sections)
    assert all("Your email address" not in seed.text[s.start:s.end] for s in seed.sections)
    assert "Leave a Reply" in seed.text  # still in the text: offsets match the file


def test_seed_list_items_stay_in_body(seed):
    causes = seed.sections[2]
    assert seed.text[causes.start:causes.end].endswith(
        "  • Labral tears involve damage to the ring of cartilage that supports your hip joint.")


# ---------------------------------------------------------------- plain text rules
MIXED = """\
A Guide to Knees

Knees carry you.
They need care.

Why Knees Hurt

Overview of the causes.

Runner's knee

It aches at the front.

Torn meniscus

It locks.

Looking After Your Knees

  • Rest often.
  • Stretch daily.

In summary, be kind to your knees.
"""


def test_text_headings_title_case_and_sentence_case(tmp_path):
    doc = load_file(tmp_path, "knees.txt", MIXED)
    assert doc.title == "A Guide to Knees"
    assert triples(doc) == [
        ("Introduction", ("Introduction",), "Knees carry you.\nThey need care."),
        ("Why Knees Hurt", ("Why Knees Hurt",), "Overview of the causes."),
        ("Runner's knee", ("Why Knees Hurt", "Runner's knee"), "It aches at the front."),
        ("Torn meniscus", ("Why Knees Hurt", "Torn meniscus"), "It locks."),
        ("Looking After Your Knees", ("Looking After Your Knees",), "  • Rest often.\n  • Stretch daily.".strip()),
        ("Conclusion", ("Conclusion",), "In summary, be kind to your knees."),
    ]


def test_text_one_style_is_one_level_and_empty_parent_is_dropped(tmp_path):
    text = "Title\n\nFirst part\n\nSecond part\n\nBody two.\n\nThird part\n\nBody three.\n"
    doc = load_file(tmp_path, "flat.txt", text)
    assert triples(doc) == [
        ("Second part", ("Second part",), "Body two."),
        ("Third part", ("Third part",), "Body three."),
    ]


def test_text_wrapped_paragraph_lines_are_not_headings(tmp_path):
    text = ("Title\n\nThis paragraph is wrapped at a fixed width so its first line\n"
            "has no final punctuation and its later lines carry on the sentence\n"
            "until it ends here.\n\nNext heading\n\nBody.\n")
    doc = load_file(tmp_path, "wrapped.txt", text)
    assert [s.title for s in doc.sections] == ["Introduction", "Next heading"]


def test_text_debris_words_early_in_the_text_are_content(tmp_path):
    text = "Title\n\nLeave a comment below.\n\nMore text here.\n\nLeave a Reply\n\nName\n"
    doc = load_file(tmp_path, "debris.txt", text)
    assert triples(doc) == [("Introduction", ("Introduction",), "Leave a comment below.\n\nMore text here.")]


def test_text_crlf_and_bom_are_normalised(tmp_path):
    doc = load_file(tmp_path, "win.txt", "\ufeffTitle\r\n\r\nIntro line.\r\n".encode("utf-8"))
    assert doc.text == "Title\n\nIntro line.\n"
    assert triples(doc) == [("Introduction", ("Introduction",), "Intro line.")]


def test_text_cp1252_is_detected(tmp_path):
    text = "Notes\n\nThe café – naïve as it was – served crème brûlée to the whole street.\n"
    doc = load_file(tmp_path, "latin.txt", text.encode("cp1252"))
    assert doc.text == text


def test_text_empty_and_binary_files_are_errors(tmp_path):
    with pytest.raises(DocumentLoadError, match="empty"):
        load_file(tmp_path, "empty.txt", b"")
    with pytest.raises(DocumentLoadError, match="empty"):
        load_file(tmp_path, "blank.txt", b" \n\t\n")
    with pytest.raises(DocumentLoadError, match="binary") as info:
        load_file(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    assert info.value.source == "image.txt"


def test_unsupported_suffix_and_size_limit(tmp_path, monkeypatch):
    with pytest.raises(DocumentLoadError, match=r"unsupported file type '\.docx'; supported: \.txt, \.md"):
        load_file(tmp_path, "notes.docx", b"PK\x03\x04")
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    with pytest.raises(DocumentLoadError, match="MAX_FILE_BYTES"):
        load_file(tmp_path, "big.txt", "Title\n\nMore than ten bytes.\n")


def test_document_from_paragraphs():
    doc = document_from_paragraphs("Knees", ["One.", "Two."], "eval/knees")
    assert doc.text == "Knees\n\nOne.\n\nTwo."
    assert triples(doc) == [("Knees", ("Knees",), "One.\n\nTwo.")]
    assert doc.source == "eval/knees" and doc.title == "Knees"


# ---------------------------------------------------------------- Markdown
MARKDOWN = """\
---
layout: post
---
# Knee Care

Knees *carry* you.

## Causes

- Overuse
- Weak **muscles**

### Meniscus

1. Rest
2. Ice

## Treatment

Rest, then move.
"""


def test_markdown_headings_and_lists(tmp_path):
    doc = load_file(tmp_path, "knees.md", MARKDOWN)
    assert doc.title == "Knee Care"
    assert doc.text.startswith("Knee Care\n\nKnees carry you.\n\nCauses\n\n• Overuse\n• Weak muscles\n")
    assert triples(doc) == [
        ("Introduction", ("Introduction",), "Knees carry you."),
        ("Causes", ("Causes",), "• Overuse\n• Weak muscles"),
        ("Meniscus", ("Causes", "Meniscus"), "1. Rest\n2. Ice"),
        ("Treatment", ("Treatment",), "Rest, then move."),
    ]


def test_markdown_without_leading_title_uses_file_name(tmp_path):
    doc = load_file(tmp_path, "notes.markdown", "# One\n\nA.\n\n# Two\n\nB.\n")
    assert doc.title == "notes"
    assert triples(doc) == [("One", ("One",), "A."), ("Two", ("Two",), "B.")]


# ---------------------------------------------------------------- HTML
PAGE = """<!doctype html>
<html><head><title>Knee Care | Example Blog</title><style>p {color: red}</style>
<script>var tracking = 1;</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<header><p>Example Blog header</p></header>
<article>
  <h1>Knee Care</h1>
  <p>Knees   carry
     you &amp; me.</p>
  <div class="share-buttons"><a>Share on X</a></div>
  <h2>Causes</h2>
  <p>Line one<br>line two</p>
  <h3>Overuse</h3>
  <ul><li>Too many <b>miles</b></li><li>Too fast</li></ul>
  <h2>Treatment</h2>
  <table><tr><th>Step</th><td>Rest</td></tr></table>
  <noscript>Enable JavaScript</noscript>
</article>
<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea><button>Post</button></form></div>
<aside>Related posts</aside>
<footer>Copyright</footer>
</body></html>"""


def test_html_main_content_and_heading_levels(tmp_path):
    doc = load_file(tmp_path, "page.html", PAGE)
    assert doc.title == "Knee Care"
    assert triples(doc) == [
        ("Introduction", ("Introduction",), "Knees carry you & me."),
        ("Causes", ("Causes",), "Line one\nline two"),
        ("Overuse", ("Causes", "Overuse"), "• Too many miles\n• Too fast"),
        ("Treatment", ("Treatment",), "Step\nRest"),
    ]
    for clutter in ("Home", "tracking", "color", "Share on X", "Leave a Reply", "Related", "Copyright",
                    "JavaScript", "header"):
        assert clutter not in doc.text


def test_html_table_rows_are_paragraphs_so_a_long_cell_never_reads_on_into_the_next_row(tmp_path):
    from assistant.chunk import split_sentences

    markup = ("<h1>Hip injuries</h1><table><tr><th>Injury</th><th>What happens</th></tr>"
              "<tr><td>Labral tear</td><td>A tear in the ring of cartilage around the hip socket</td></tr>"
              "<tr><td>Hip flexor strain</td><td>The muscles at the front of the hip are overstretched</td></tr>"
              "</table>")
    doc = load_file(tmp_path, "table.html", markup)
    assert doc.text == ("Hip injuries\n\nInjury\nWhat happens\n\nLabral tear\nA tear in the ring of cartilage "
                        "around the hip socket\n\nHip flexor strain\nThe muscles at the front of the hip are "
                        "overstretched")
    assert [doc.text[s.start:s.end] for s in split_sentences(doc)] == [
        "Injury", "What happens", "Labral tear", "A tear in the ring of cartilage around the hip socket",
        "Hip flexor strain", "The muscles at the front of the hip are overstretched"]


def test_html_escaped_script_stays_literal_text(tmp_path):
    markup = "<html><body><h1>T</h1><p>Type &lt;script&gt;alert(1)&lt;/script&gt; to test.</p></body></html>"
    doc = load_file(tmp_path, "xss.htm", markup)
    assert triples(doc) == [("Introduction", ("Introduction",), "Type <script>alert(1)</script> to test.")]


def test_html_faq_and_conclusion_rules(tmp_path):
    markup = ("<main><h1>Knees</h1><h2>Care</h2><p>Rest.</p><p>In conclusion, rest.</p><h2>FAQs</h2>"
              "<ol><li>Why rest?</li></ol><p>To heal.</p><ol start='2'><li>How long?</li></ol><p>A week.</p></main>")
    doc = load_file(tmp_path, "faq.html", markup)
    assert triples(doc) == [
        ("Care", ("Care",), "Rest."),
        ("Conclusion", ("Conclusion",), "In conclusion, rest."),
        ("FAQ", ("FAQ", "Why rest?"), "1. Why rest?\n\nTo heal."),
        ("FAQ", ("FAQ", "How long?"), "2. How long?\n\nA week."),
    ]


def test_html_nested_lists_are_indented_lines(tmp_path):
    markup = "<h1>T</h1><ul><li>a<ul><li>b<ol><li>c</li></ol></li><li>d</li></ul></li><li>e</li></ul>"
    doc = load_file(tmp_path, "lists.html", markup)
    assert doc.text == "T\n\n• a\n  • b\n    1. c\n  • d\n• e"


def test_html_title_tag_used_when_no_h1(tmp_path):
    doc = load_file(tmp_path, "t.html", "<title>Only Title</title><p>Body text.</p>")
    assert doc.title == "Only Title"
    assert doc.text == "Only Title\n\nBody text."


# ---------------------------------------------------------------- PDF
BODY = ("This is the body text of the chapter. It goes on for a while so that it wraps over "
        "more than one line in the PDF, which is what real documents do.")


def make_pdf(chapters: list[tuple[str, str, int]], outline: bool, running: bool = False, title: str = "") -> bytes:
    """A PDF with one page per (heading, body, level) chapter, level 0 = top."""
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self):
            if running:
                self.set_font("Helvetica", size=9)
                self.cell(0, 8, "Acme Knee Handbook", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            if running:
                self.set_y(-15)
                self.set_font("Helvetica", size=9)
                self.cell(0, 8, f"Page {self.page_no()} of {len(chapters)}")

    pdf = Pdf()
    if title:
        pdf.set_title(title)
    for heading, body, level in chapters:
        if level == 0:
            pdf.add_page()
        if outline:
            pdf.start_section(heading, level=level)
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_outline_gives_sections_and_pages(tmp_path):
    data = make_pdf([("Getting Started", BODY, 0), ("Warm up", "Swing your legs.", 1),
                     ("Going Further", BODY, 0)], outline=True, title="Knee Guide")
    doc = load_file(tmp_path, "guide.pdf", data)
    assert doc.title == "Knee Guide"
    assert [(s.title, s.path) for s in doc.sections] == [
        ("Getting Started", ("Getting Started",)),
        ("Warm up", ("Getting Started", "Warm up")),
        ("Going Further", ("Going Further",)),
    ]
    assert [doc.page_at(s.start) for s in doc.sections] == [1, 1, 2]
    assert doc.text[doc.sections[1].start:doc.sections[1].end] == "Swing your legs."
    assert doc.text[doc.pages[1]:].startswith("Going Further\n")
    assert_well_formed(doc)


def test_pdf_without_outline_uses_heading_heuristics(tmp_path):
    data = make_pdf([("Knee Guide", "An introduction to knees.", 0), ("Getting Started", BODY, 0),
                     ("Going Further", BODY, 0)], outline=False)
    doc = load_file(tmp_path, "plain.pdf", data)
    assert doc.title == "Knee Guide"
    assert [(s.title, s.path) for s in doc.sections] == [
        ("Introduction", ("Introduction",)), ("Getting Started", ("Getting Started",)),
        ("Going Further", ("Going Further",))]
    # the same last line on two of three pages is content, not a running footer
    assert doc.text[doc.sections[2].start:doc.sections[2].end].endswith("which is what real documents do.")
    assert doc.pages == (0, doc.text.index("Getting Started"), doc.text.index("Going Further"))


def test_a_pdf_paragraph_wrapped_over_lines_splits_into_its_sentences(tmp_path):
    from assistant.chunk import split_sentences

    doc = load_file(tmp_path, "plain.pdf", make_pdf([("Getting Started", BODY, 0)], outline=True))
    assert "\n" in doc.text[doc.sections[0].start:doc.sections[0].end]  # pypdf gives the lines
    assert [" ".join(doc.text[s.start:s.end].split()) for s in split_sentences(doc)] == [
        "This is the body text of the chapter.",
        "It goes on for a while so that it wraps over more than one line in the PDF, which is what real documents do."]


def test_pdf_without_outline_finds_a_heading_right_under_the_title(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for text, size in [("Knee Guide", 16), ("Causes", 14), (BODY, 12), ("Treatment", 14), ("Rest and ice it.", 12)]:
        pdf.set_font("Helvetica", "B" if size > 12 else "", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    doc = load_file(tmp_path, "one-page.pdf", bytes(pdf.output()))
    assert doc.text.startswith("Knee Guide\nCauses\n")  # one page: no blank line after the title
    assert (doc.title, [s.title for s in doc.sections]) == ("Knee Guide", ["Causes", "Treatment"])
    assert_well_formed(doc)


def test_a_sentence_running_on_to_the_next_pdf_page_stays_one_sentence_cited_on_its_first_page(tmp_path):
    from fpdf import FPDF

    from assistant.chunk import split_sentences

    pdf = FPDF()
    for text in ["Knee Guide\n\nRest helps. Most knee pain in runners comes from doing too much",
                 "too soon, on hard surfaces. Strength work helps.",
                 "Ice helps too."]:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    doc = load_file(tmp_path, "three-pages.pdf", bytes(pdf.output()))
    sentences = [(doc.text[s.start:s.end], doc.page_at(s.start)) for s in split_sentences(doc)]
    assert sentences == [("Rest helps.", 1),
                         ("Most knee pain in runners comes from doing too much\ntoo soon, on hard surfaces.", 1),
                         ("Strength work helps.", 2), ("Ice helps too.", 3)]  # a page ending a sentence: a blank line
    assert doc.pages == (0, doc.text.index("too soon"), doc.text.index("Ice helps"))
    assert_well_formed(doc)


def test_pdf_running_header_and_footer_removed(tmp_path):
    data = make_pdf([("One", BODY, 0), ("Two", BODY, 0), ("Three", BODY, 0)], outline=True, running=True)
    doc = load_file(tmp_path, "running.pdf", data)
    assert "Acme Knee Handbook" not in doc.text and "Page 2 of 3" not in doc.text
    assert [s.title for s in doc.sections] == ["One", "Two", "Three"]


def test_pdf_encrypted_truncated_and_empty(tmp_path, caplog):
    from pypdf import PdfWriter

    caplog.set_level("DEBUG")

    data = make_pdf([("One", BODY, 0)], outline=False)
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(DocumentLoadError, match="encrypted"):
        load_file(tmp_path, "locked.pdf", locked.getvalue())
    with pytest.raises(DocumentLoadError, match="truncated"):
        load_file(tmp_path, "half.pdf", data[: len(data) // 2])
    with pytest.raises(DocumentLoadError, match="no extractable text"):
        load_file(tmp_path, "blank.pdf", make_pdf([("", "", 0)], outline=False))
    # the errors name the file; pypdf's own warnings ("EOF marker not found"), which do not, stay quiet
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_pdf_limits(tmp_path, monkeypatch):
    data = make_pdf([("One", BODY, 0), ("Two", BODY, 0)], outline=False)
    monkeypatch.setattr(load, "MAX_PDF_PAGES", 1)
    with pytest.raises(DocumentLoadError, match="PDF has 2 pages, over the 1-page limit"):
        load_file(tmp_path, "long.pdf", data)
    monkeypatch.setattr(load, "MAX_PDF_PAGES", 10)
    monkeypatch.setattr(load, "PDF_SECONDS", -1.0)
    with pytest.raises(DocumentLoadError, match="PDF parsing stopped"):
        load_file(tmp_path, "slow.pdf", data)


# ---------------------------------------------------------------- corpus folders
def test_corpus_reports_bad_files_by_name(tmp_path):
    write(tmp_path, "b/good.txt", "Title\n\nBody.\n")
    write(tmp_path, "a.docx", b"PK")
    write(tmp_path, "c.txt", b"")
    write(tmp_path, ".hidden.txt", "Hidden\n\nNot loaded.\n")
    docs, failures = load_corpus(tmp_path)
    assert [d.source for d in docs] == ["b/good.txt"]
    assert [source for source, _ in failures] == ["a.docx", "c.txt"]
    assert "unsupported file type '.docx'" in failures[0][1] and "empty" in failures[1][1]


def test_corpus_duplicates_and_order(tmp_path):
    write(tmp_path, "z.txt", "Title\n\nSame.\n")
    write(tmp_path, "a/y.md", "# Other\n\nText.\n")
    write(tmp_path, "b.txt", "Title\n\nSame.\n")
    docs, failures = load_corpus(tmp_path)
    assert [d.source for d in docs] == ["a/y.md", "b.txt"]
    assert failures == [("z.txt", "same text as b.txt; skipped")]


def test_empty_corpus_names_each_failure(tmp_path):
    write(tmp_path, "notes.docx", b"PK")
    write(tmp_path, "blank.txt", b"")
    with pytest.raises(EmptyCorpusError) as info:
        load_corpus(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message and "blank.txt: empty" in message and "notes.docx: unsupported" in message
    assert "Add .txt, .md, .html or .pdf files" in message
    with pytest.raises(EmptyCorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")


def test_links_out_of_the_corpus_are_not_followed(tmp_path):
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    write(outside, "secret.txt", "Secret\n\nDo not load.\n")
    write(root, "good.txt", "Title\n\nBody.\n")
    write(root, "inner/real.txt", "Inner\n\nInside text.\n")
    os.symlink(outside / "secret.txt", root / "link.txt")
    os.symlink(outside, root / "linkdir")
    os.symlink(root / "inner", root / "more")  # inside the corpus: followed
    os.symlink(root, root / "inner" / "loop")  # followed would never end
    docs, failures = load_corpus(root)
    assert [d.source for d in docs] == ["good.txt", "inner/real.txt"]
    assert failures == [
        ("inner/loop", "link to a folder that contains it; not followed"),
        ("link.txt", load._OUTSIDE), ("linkdir", load._OUTSIDE),
        ("more/loop", "link to a folder that contains it; not followed"),
        ("more/real.txt", "same text as inner/real.txt; skipped"),
    ]
    with pytest.raises(DocumentLoadError, match="outside the corpus folder"):
        load_document(root / ".." / "outside" / "secret.txt", root)
    with pytest.raises(DocumentLoadError, match="outside the corpus folder"):
        load_document(root / "link.txt", root)
