"""Vietnamese word boundaries from underthesea's segmenter, only for the stretches that need them.

Input: a short fragment of text (a few syllables after a number). Output: its first word
("dịch vụ công trực tuyến" -> "dịch vụ"). The segmenter is underthesea's own CRF model
(`ws_crf_vlsp2013`), run through `underthesea_core` directly: importing the `underthesea` package
costs half a second, loading the model alone a tenth of that. If the model files are not where
this underthesea version keeps them, `underthesea.word_tokenize` is used instead.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

_MODEL = Path("pipeline") / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727"
_BEGIN = "B-W"

Segmenter = Callable[[list[str]], list[str]]


def _model_dir() -> Path | None:
    spec = find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / _MODEL
    return folder if (folder / "models.bin").is_file() else None


def _crf_segmenter(folder: Path) -> Segmenter:
    """Tags each syllable B-W (begins a word) or I-W, as underthesea's word_tokenize does."""
    from underthesea_core import CRFFeaturizer, CRFTagger

    with (folder / "features.bin").open("rb") as handle:
        features = pickle.load(handle)  # underthesea's own model files (joblib-written pickles)
    with (folder / "dictionary.bin").open("rb") as handle:
        dictionary = pickle.load(handle)
    tagger = CRFTagger()
    tagger.load(str(folder / "models.bin"))
    featurizer = CRFFeaturizer(features, dictionary)

    def segment(syllables: list[str]) -> list[str]:
        tags = tagger.tag(featurizer.process([[[s] for s in syllables]])[0])
        words: list[str] = []
        for tag, syllable in zip(tags, syllables, strict=True):
            if tag == _BEGIN or not words:
                words.append(syllable)
            else:
                words[-1] += " " + syllable
        return words

    return segment


def _package_segmenter() -> Segmenter:
    from underthesea import word_tokenize

    return lambda syllables: word_tokenize(" ".join(syllables))


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The word segmenter, loaded on first use."""
    folder = _model_dir()
    if folder is not None:
        try:
            return _crf_segmenter(folder)
        except (ImportError, OSError, pickle.UnpicklingError, AttributeError):
            pass
    return _package_segmenter()


@lru_cache(maxsize=4096)
def first_word(fragment: str) -> str | None:
    """The first word of `fragment` as underthesea segments it, or None when it has none.

    >>> first_word("dịch vụ công trực tuyến")
    'dịch vụ'
    """
    syllables = fragment.split()
    if not syllables:
        return None
    words = segmenter()(syllables)
    return words[0] if words else None
