"""News pages -> the article's text view: trafilatura (Apache-2.0) finds the article, we lay it out.

trafilatura leaves out navigation, sidebars, related links, comments and footers far better than
picking the <article> element does (bench/news_readers.py: on eleven news pages, no figure of page
furniture emitted instead of 62, every title found instead of 8 of 11). Its XML output is laid out
like every other reader's view: the title first, a paragraph a line, blank lines between blocks, a
table one row a line with TAB-separated cells. When it finds no article (a tiny or unusual page), the
simple reader of `read.text` (`html_to_text`) is used instead.
"""

from __future__ import annotations

import re
from typing import Any

from vnreport_extract.read.view import ViewBuilder, clean

_BLOCKS = frozenset({"p", "head", "quote", "code", "item"})
# The lead paragraph (sapo) of a news article, which trafilatura leaves out when it stands outside
# the article body: the first element so named that is not inside page furniture.
_LEAD_SELECTOR = ", ".join(
    f"{tag}[class*={name}]" for tag in ("h2", "h3", "p", "div", "span", "strong")
    for name in ("sapo", "lead", "chapeau", "summary", "description", "excerpt", "intro")
)
_FURNITURE = re.compile(r"relat|lien-?quan|comment|binh-?luan|sidebar|aside|most|doc-?nhieu|list|item|footer|nav|menu")
_LEAD_LENGTH = range(40, 1000)


def article_text(html: str) -> str | None:
    """The article of a news page as a text view, or None when trafilatura finds none (or is missing)."""
    try:
        import trafilatura
    except ImportError:
        return None
    xml = trafilatura.extract(
        html, output_format="xml", include_tables=True, include_comments=False, include_images=False,
        with_metadata=True, deduplicate=False,
    )
    if not xml:
        return None
    from lxml import etree

    document = etree.fromstring(xml.encode("utf-8"))
    main = document.find("main")
    if main is None:
        return None
    view = ViewBuilder()
    title = clean(document.get("title") or "")
    first = main.find("head")
    if title and (first is None or clean("".join(first.itertext())) != title):
        view.paragraph(title)
    lead = lead_paragraph(html)
    if lead and lead not in clean(" ".join(main.itertext())):
        if first is not None and not view.parts:
            view.paragraph("".join(first.itertext()))
            main.remove(first)
        view.paragraph(lead)
    _lay_out(main, view)
    return view.text() or None


def lead_paragraph(html: str) -> str | None:
    """The article's lead paragraph (an element whose class says sapo, lead, summary...), if any.

    >>> lead_paragraph('<h1>Tin</h1><h2 class="sapo">Doanh thu quý III đạt 1.250 tỷ đồng, tăng 12%.</h2>')
    'Doanh thu quý III đạt 1.250 tỷ đồng, tăng 12%.'
    """
    from selectolax.lexbor import LexborHTMLParser

    for node in LexborHTMLParser(html).css(_LEAD_SELECTOR):
        text = clean(node.text(deep=True) or "")
        if len(text) in _LEAD_LENGTH and not _in_furniture(node):
            return text
    return None


def _in_furniture(node: Any) -> bool:
    """Whether the node or one of its ancestors is page furniture (by tag, class or id)."""
    while node is not None and node.tag not in ("body", "html"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
        if node.tag in ("nav", "aside", "footer", "header") or (node.tag != "article" and _FURNITURE.search(names)):
            return True
        node = node.parent
    return False


def _lay_out(element: Any, view: ViewBuilder) -> None:
    for child in element:
        if child.tag == "table":
            view.table(table_rows(child))
        elif child.tag in _BLOCKS or (child.tag == "list" and not len(child)):
            view.paragraph("".join(child.itertext()))
        else:  # list, div and other containers
            _lay_out(child, view)


def table_rows(table: Any) -> list[list[str]]:
    """A trafilatura <table>'s rows of cell texts (a nested table's text stays in its cell)."""
    rows = []
    for row in table.iter("row"):
        if row.getparent() is not None and _owner_table(row) is table:
            rows.append([clean("".join(cell.itertext())) for cell in row if cell.tag == "cell"])
    return rows


def _owner_table(row: Any) -> Any:
    node = row.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node
