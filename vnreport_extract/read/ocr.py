"""Optional OCR of scanned PDF pages: the page rendered with pypdfium2, recognised by the `tesseract` binary.

Tesseract is never a hard dependency: `available()` says whether it and its Vietnamese data are
installed. Words come back with their boxes (tesseract's TSV output), so a scanned table is laid out
like a typed one.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from vnreport_extract.read.pdf_layout import Run

if TYPE_CHECKING:
    import pypdfium2

INSTALL = "Debian: apt-get install tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"
DPI = 300
_TIMEOUT_SECONDS = 120


@functools.cache
def available() -> bool:
    """Whether `tesseract` is on PATH with its Vietnamese language data."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in (listed.stdout + listed.stderr).split()


def page_runs(page: pypdfium2.PdfPage) -> list[Run]:
    """The words tesseract reads on the rendered page, as runs in PDF points (y growing downwards)."""
    scale = DPI / 72
    with tempfile.TemporaryDirectory(prefix="vnextract-ocr-") as folder:
        path = Path(folder) / "page.pgm"
        path.write_bytes(_grey_image(page, scale))
        try:
            done = subprocess.run(
                ["tesseract", str(path), "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "tsv"],
                capture_output=True, text=True, timeout=_TIMEOUT_SECONDS, check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return []
    return words_from_tsv(done.stdout, scale)


def _grey_image(page: pypdfium2.PdfPage, scale: float) -> bytes:
    """The page rendered in grey as a binary PGM image (tesseract reads it; no imaging library needed)."""
    bitmap = page.render(scale=scale, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = bytes(bitmap.buffer)
    rows = pixels if stride == width else b"".join(pixels[row * stride:row * stride + width] for row in range(height))
    return f"P5 {width} {height} 255\n".encode() + rows


def words_from_tsv(tsv: str, scale: float = 1.0) -> list[Run]:
    """Tesseract's TSV rows of words as runs (pixel boxes divided by `scale`).

    >>> row = "5\\t1\\t1\\t1\\t1\\t1\\t144\\t288\\t72\\t36\\t96.5\\tTăng"
    >>> words_from_tsv("level\\tpage_num\\n" + row, scale=2.0)
    [Run(text='Tăng', x0=72.0, x1=108.0, top=144.0, bottom=162.0)]
    """
    runs = []
    for line in tsv.splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = (int(value) / scale for value in fields[6:10])
        runs.append(Run(fields[11].strip(), left, left + width, top, top + height))
    return runs
