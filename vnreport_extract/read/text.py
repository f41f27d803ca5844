"""Reading inputs: bytes from a file or stdin -> decoded report text, with the encoding that was used.

Input: a path (or `-` and the bytes read from stdin). Output: `Text(text, encoding)`, where `text` is what
`extract()` receives (for `.html`/`.htm`, the article text) and `encoding` is None for UTF-8.
Every problem is a `ReadError` whose message is one short phrase (`file is empty`).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vnreport_extract.errors import ReadError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"}) | HTML_SUFFIXES

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "canvas", "button", "select", "head", "-comment",
})
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
    "thead", "tbody", "tfoot", "caption", "section", "article", "main", "blockquote", "pre", "figure",
    "figcaption", "address", "details", "summary", "center", "hr", "br", "body", "html",
})
_CELL_TAGS = frozenset({"td", "th"})
_MAIN_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_BLOCK = "\n"
_CELL = "\t"


@dataclass(frozen=True)
class Text:
    """A decoded input: the text handed to `extract()`, and its encoding when it was not UTF-8."""

    text: str
    encoding: str | None = None
    pages: tuple[int, ...] = ()  # for paged formats (PDF): the offset in `text` where each page starts
    reader: str | None = None  # the reader that laid the text out: "pdf", "pdf+ocr", "docx", "xlsx", ...
    warnings: tuple[str, ...] = ()  # problems that did not stop the reading (a scanned page left out)


def read_text(source: str, max_bytes: int, data: bytes | None = None, ocr: bool = False) -> Text:
    """Read and decode one input (`data`: stdin's bytes when `source` is `-`); HTML, PDF, Word and Excel
    files become their text view (`ocr`: recognise scanned PDF pages)."""
    if data is None:
        data = read_bytes(source, max_bytes)
    check_size(len(data), max_bytes)
    if not data:
        raise ReadError("file is empty")
    from vnreport_extract.read.formats import read_document

    document = read_document(source, data, ocr)
    if document is not None:
        return document
    if not is_html(source, data):
        text, encoding = decode(data)
        if not text.strip():
            raise ReadError("file contains only white space")
        return Text(text, encoding, reader="text")
    html, encoding = decode(data, declared=_declared_charset(data))
    from vnreport_extract.read.html import article_text

    text = article_text(html) or html_to_text(html)
    if not text.strip():
        raise ReadError("no article text found in the HTML")
    return Text(text, encoding, reader="html")


def read_bytes(path: str, max_bytes: int) -> bytes:
    """All bytes of the file at `path`, refusing files over `max_bytes`."""
    try:
        with open(path, "rb") as handle:
            check_size(os.fstat(handle.fileno()).st_size, max_bytes)
            data = handle.read(max_bytes + 1)  # a pipe or a device named as input has no size to check
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise ReadError(too_large(max_bytes))
    return data


def check_size(size: int, max_bytes: int) -> None:
    """Refuse an input larger than `max_bytes`.

    >>> check_size(10, 100)
    >>> check_size(101, 100)
    Traceback (most recent call last):
    vnreport_extract.errors.ReadError: file is too large (101 bytes; the limit is 100, see --max-bytes)
    """
    if size > max_bytes:
        raise ReadError(too_large(max_bytes, size))


def too_large(max_bytes: int, size: int | None = None) -> str:
    """Why an input is refused for its size; `size` is None when reading stopped at the limit.

    >>> too_large(100)
    'input is too large (over 100 bytes, see --max-bytes)'
    """
    if size is None:
        return f"input is too large (over {max_bytes} bytes, see --max-bytes)"
    return f"file is too large ({size} bytes; the limit is {max_bytes}, see --max-bytes)"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode `data`: a byte-order mark, else UTF-8, else TCVN3 or VNI (`read.legacy`), else `declared`, else
    the charset-normalizer guess. Legacy Vietnamese text is converted to Unicode, from bytes or from UTF-8.

    Returns the text and the encoding's name (`TCVN3`, `VNI`, `windows-1258`...), None for UTF-8.

    >>> decode("Hòa".encode())
    ('Hòa', None)
    >>> decode(codecs.BOM_UTF16_LE + "Hòa".encode("utf-16-le"))
    ('Hòa', 'utf-16-le')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom):], encoding), (None if encoding == "utf-8" else encoding)
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _converted_legacy(text) or (text, None)  # a .VnTime document saved as UTF-8 is still TCVN3
    legacy = _converted_legacy(_as_windows_1252(data))
    if legacy is not None:
        return legacy
    for encoding in (declared, _guess_encoding(data)):
        if encoding and _codec_name(encoding) not in (None, "utf-8"):
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
            if looks_like_text(text):
                return text, encoding_label(encoding)
    raise ReadError("cannot decode: not UTF-8, and no other text encoding fits (binary file?)")


def _converted_legacy(text: str) -> tuple[str, str] | None:
    """TCVN3 or VNI text, converted to Unicode, with its encoding's name; None for any other text."""
    from vnreport_extract.read.legacy import detect_legacy, from_legacy

    encoding = detect_legacy(text)
    return (from_legacy(text, encoding), encoding) if encoding else None


def _as_windows_1252(data: bytes) -> str:
    """The bytes as Windows-1252 characters, the five bytes it leaves undefined as Latin-1 ones."""
    return data.decode("latin-1").translate(_WINDOWS_1252_C1)


_WINDOWS_1252_C1 = {byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0xA0)
                    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def looks_like_text(text: str) -> bool:
    """Whether decoded text is text: at most 1 % control characters besides tabs and line breaks.

    >>> looks_like_text("Hòa\\r\\n\\tBình"), looks_like_text("\\x01\\x02\\x03 ab")
    (True, False)
    """
    controls = sum(1 for char in text if (char < " " and char not in "\t\n\r\f") or "\x7f" <= char < "\xa0")
    return controls <= len(text) // 100


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReadError(f"cannot decode as {encoding} despite its byte-order mark") from None


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # lazy: only legacy inputs need it

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _codec_name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def encoding_label(encoding: str) -> str:
    """The usual (IANA) name of a Python codec.

    >>> encoding_label("cp1258"), encoding_label("utf_16_le"), encoding_label("latin-1")
    ('windows-1258', 'utf-16-le', 'iso8859-1')
    """
    name = _codec_name(encoding) or encoding
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    return name.replace("_", "-")


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its start."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def is_html(source: str, data: bytes) -> bool:
    """Whether an input is HTML: by its suffix, or for stdin by how it starts.

    >>> is_html("a/b.HTM", b""), is_html("-", b"  <!DOCTYPE html><html>"), is_html("-", b"Hello")
    (True, True, False)
    """
    if source == "-":
        head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html"))
    return Path(source).suffix.lower() in HTML_SUFFIXES


def html_to_text(html: str) -> str:
    """The article text of an HTML page: headings and paragraphs one per line, blank-line separated.

    Drops scripts, styles, navigation, headers, footers and asides; prefers <article> or the main element.

    >>> html_to_text("<nav>Menu</nav><article><h1>Tin</h1><p>Doanh thu <b>tăng</b> 18%.</p></article>")
    'Tin\\n\\nDoanh thu tăng 18%.'
    """
    from selectolax.lexbor import LexborHTMLParser  # lazy: only HTML inputs need it

    tree = LexborHTMLParser(html)
    root = _main_element(tree)
    if root is None:
        return ""
    lines = _lines("".join(_pieces(root)))
    title = _outside_title(tree, root)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n\n".join(lines)


def _main_element(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article: the largest <article>, else <main>-like, else <body>."""
    for selector in _MAIN_SELECTORS:
        candidates = tree.css(selector)
        if candidates:
            return max(candidates, key=lambda node: len(node.text(deep=True) or ""))
    return tree.body or tree.root


def _outside_title(tree: LexborHTMLParser, root: LexborNode) -> str | None:
    """The headline when the article element has no <h1>: the page's <h1>, else its <title>."""
    if root.css_first("h1") is not None:
        return None
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None:
            text = _SPACES.sub(" ", node.text(deep=True) or "").strip()
            if text:
                return text
    return None


def _pieces(root: LexborNode) -> Iterator[str]:
    """Text pieces in document order, with block and cell boundaries as markers (no recursion)."""
    stack: list[LexborNode | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif node.is_text_node:
            yield _SPACES.sub(" ", node.text_content or "")
        elif node.tag not in _DROPPED_TAGS:
            marker = _boundary(node.tag or "")
            stack.extend([marker, *reversed(list(node.iter(include_text=True))), marker])


def _boundary(tag: str) -> str:
    """The marker an element puts around its content: a line break, a cell break, or nothing."""
    if tag in _BLOCK_TAGS:
        return _BLOCK
    return _CELL if tag in _CELL_TAGS else ""


def _lines(flat: str) -> list[str]:
    """Non-empty lines of the flattened text, with spaces around cell separators trimmed."""
    lines = []
    for line in flat.split(_BLOCK):
        cells = [cell.strip() for cell in line.split(_CELL)]
        line = _CELL.join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return lines
