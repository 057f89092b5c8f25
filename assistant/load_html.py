"""HTML and Markdown: markup -> the text of a Document and its headings.

Markdown (YAML front matter stripped) is rendered by markdown-it and read as HTML. HTML is read
with BeautifulSoup, main content only (<main>, else <article>, else <body>; navigation, scripts,
forms and comment, share or sidebar blocks dropped). The text is rebuilt from the markup: the title
line, then headings on their own lines, blocks split by a blank line, list items as "• item" /
"1. item" lines, table cells one a line. The title is the first <h1> unless a <title> exists that
does not contain it (Markdown: the front matter's `title:`, else a single leading "# Title",
else the file name).

Not here: decoding bytes (load_text.py), cutting the text into sections (load_sections.py),
fetching URLs or running scripts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from .datatypes import Document
from .load_sections import _document, _Head, _lines, _sections
from .load_text import _decode

_DROP_TAGS = ["head", "title", "script", "style", "noscript", "template", "svg", "iframe", "nav",
              "header", "footer", "aside", "form", "button"]
_DROP_MARKS = ("comment", "respond", "share", "sharing", "social", "sidebar", "cookie")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {"p", "div", "section", "article", "main", "blockquote", "pre", "figure",
                       "figcaption", "dl", "dt", "dd", "address", "details", "summary", "hr", "li",
                       "ul", "ol", "table", "tr", "td", "th", "body", "html", "center"}
_BR = "\x00"  # stands for <br> in a paragraph buffer; NUL never survives decoding


@dataclass(frozen=True)
class _Block:
    text: str
    level: int = 0  # 1-6 for a heading
    group: int = 0  # blocks of one list or table share a group and are joined by "\n"


def _load_html(data: bytes, source: str) -> Document:
    return _html_document(_decode(data, source), source)


def _load_markdown(data: bytes, source: str) -> Document:
    from markdown_it import MarkdownIt

    text, title = _front_matter(_decode(data, source))
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    h1s = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    if not title and not (len(h1s) == 1 and tokens and tokens[0] is h1s[0]):
        title = Path(source).stem  # no single leading "# Title": every "#" is a section
    return _html_document(md.render(text), source, title)


def _front_matter(text: str) -> tuple[str, str | None]:
    """Strip a leading YAML front matter block; return the rest and its `title:`."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return text, None
    title = re.search(r"^title:\s*(.+)$", match.group(1), re.M)
    return text[match.end():], title.group(1).strip().strip("\"'") if title else None


def _html_document(markup: str, source: str, title: str | None = None) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    root = soup.find("main") or soup.find("article") or soup.body or soup
    title = title or _html_title(soup, root) or Path(source).stem
    _drop_clutter(root)
    text, head_offsets = _join_blocks(title, _html_blocks(root))
    lines = _lines(text)
    index = {line.start: i for i, line in enumerate(lines) if line.text}
    heads = [_Head(index[pos], level, name) for pos, level, name in head_offsets]
    return _document(source, title, text, _sections(text, lines, heads, 1))


def _html_title(soup, root) -> str:
    """The first <h1>, unless a <title> exists that does not contain it; sites
    append "| Site name" to <title>, so the <h1> is usually the cleaner of the two."""
    tag, h1 = soup.find("title"), root.find("h1")
    page = " ".join(tag.get_text().split()) if tag else ""
    heading = _inline_text(h1) if h1 else ""
    if heading and (not page or heading.casefold() in page.casefold()):
        return heading
    return page or heading


def _drop_clutter(root) -> None:
    for tag in root.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    for tag in root.find_all(_is_clutter):
        if not tag.decomposed and not tag.find(["h1", "main", "article"]):  # never the page itself
            tag.decompose()


def _is_clutter(tag) -> bool:
    names = [tag.get("id") or ""] + list(tag.get("class") or [])
    parts = [p for name in names for p in re.split(r"[-_\s]+", name.lower()) if p]
    return any(part.startswith(_DROP_MARKS) for part in parts)


def _inline_text(tag) -> str:
    """All text under `tag` on one line; block boundaries and <br> become spaces."""
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    parts = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctypes, CDATA
                parts.append(str(node))
        elif node.name == "br" or node.name in _BLOCKS:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _html_blocks(root) -> list[_Block]:
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    blocks: list[_Block] = []
    buffer: list[str] = []
    groups = count(1)

    def flush() -> None:
        pieces = (" ".join(piece.split()) for piece in "".join(buffer).split(_BR))
        buffer.clear()
        if text := "\n".join(piece for piece in pieces if piece):
            blocks.append(_Block(text))

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    buffer.append(str(child))
            elif child.name == "br":
                buffer.append(_BR)
            elif child.name in _HEADINGS or child.name in ("ul", "ol", "table", "pre"):
                flush()
                blocks.extend(_special_block(child, groups))
            elif child.name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return blocks


def _special_block(tag, groups) -> list[_Block]:
    """Blocks for a heading, a list (one line per item), a table (one line per cell, a blank line
    between rows, so that a long cell never reads on into the next row's first) or <pre>."""
    if tag.name in _HEADINGS:
        text = _inline_text(tag)
        return [_Block(text, level=int(tag.name[1]))] if text else []
    if tag.name == "table":
        out = []
        for row in tag.find_all("tr") or [tag]:
            group = next(groups)
            cells = (_inline_text(cell) for cell in row.find_all(["td", "th"]))
            out += [_Block(cell, group=group) for cell in cells if cell]
        return out
    if tag.name == "pre":
        text = "\n".join(line.rstrip() for line in tag.get_text().strip("\n").split("\n"))
        return [_Block(text)] if text.strip() else []
    return _list_items(tag, next(groups), 0)


def _list_items(tag, group: int, depth: int) -> list[_Block]:
    ordered = tag.name == "ol"
    number = int(tag["start"]) if ordered and str(tag.get("start", "")).isdigit() else 1
    items = []
    for li in tag.find_all("li", recursive=False):
        nested = [sub.extract() for sub in li.find_all(["ul", "ol"]) if sub.find_parent("li") is li]
        marker = f"{number}." if ordered else "•"
        number += 1
        if text := _inline_text(li):
            items.append(_Block("  " * depth + f"{marker} {text}", group=group))
        for sub in nested:
            items += _list_items(sub, group, depth + 1)
    return items


def _join_blocks(title: str, blocks: list[_Block]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text (title line first) and (offset, level, text) of each heading line.
    The first <h1> equal to the title is the title line, not a heading."""
    parts, heads, pos, group, title_seen = [title], [], len(title), 0, False
    for block in blocks:
        if block.level == 1 and not title_seen and block.text.casefold() == title.casefold():
            title_seen = True
            continue
        sep = "\n" if block.group and block.group == group else "\n\n"
        pos += len(sep)
        if block.level:
            heads.append((pos, block.level, block.text))
        parts += [sep, block.text]
        pos += len(block.text)
        group = block.group
    return "".join(parts), heads

