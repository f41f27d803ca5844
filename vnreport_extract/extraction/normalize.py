"""Text normalisation: NFC first, so that every offset indexes the normalised text.

Input: raw decoded text. Output: the text all offsets refer to (`normalize`), and a same-length
copy for scanning (`scanning_view`) where look-alike characters are folded.
"""

import unicodedata

_SAME_LENGTH_FOLDS = {
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\r": "\n",
}


def normalize(text: str) -> str:
    """NFC-normalise and drop a leading byte-order mark.

    >>> normalize("Ho\\u0300a")
    'Hòa'
    """
    return unicodedata.normalize("NFC", text).lstrip("\ufeff")


def scanning_view(text: str) -> str:
    """A copy of `text` of the same length with spaces, dashes and quotes folded for matching.

    >>> scanning_view("5\\u20137%") == "5-7%"
    True
    """
    for char, folded in _SAME_LENGTH_FOLDS.items():
        if char in text:  # str.translate with a table is several times slower on long texts
            text = text.replace(char, folded)
    return text
