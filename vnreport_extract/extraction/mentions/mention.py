"""A metric mention before its sentence-level meaning is known, and a unit read after a number."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

EXCEEDS_PLAN = "change.exceeds_plan"
SHARED_VERB = "change.shared_verb"  # a figure that shares the change verb of the figure before it
RESTATED = "change.restated"  # a figure that restates the change before it in other units ("(-12,5%)")
NEW_LEVEL = "+new_level"  # the rule suffix of an old level read in its new level's unit ("từ 1.200 lên 1.500 …")
LEVEL_TIME_WORDS = 4  # words saying when an old level stood before its new one ("từ 71% năm 2025 xuống 38%")
PER_MILLE = "rate.per_mille"  # the rule of a figure per thousand ("16,8‰"): a rate, or a concentration
JOINED = "+joined"  # the suffix of a unit rule read off the figure a bare number is joined to
# The rest of an amount's noun phrase after its unit ("9 người [bị thương]"): words, no figure or break.
NOUN_REST = r"(?:\s+[^\d,.;:()]{1,30}?)?"
TIME_AMOUNT = "count.time_amount"
IMPLIED_MONEY = "money.implied"  # an amount with no currency written, in the implied one ("giá 3 triệu")
NEXT_WORD = "count.next_word"  # a count whose noun is only the word after the number, in no lexicon
LISTED_NOUN = "count.listed_noun"  # such a count, in a list, that counts the noun of the item before


@dataclass
class Mention:
    """A metric mention before its sentence-level meaning is known."""

    kind: str
    value: float
    start: int
    end: int
    rule: str
    number_start: int
    unit: str | None = None
    total: float | None = None
    value_max: float | None = None
    qualifier: str = "exact"
    direction: str | None = None
    reference: str | None = None
    scope: str | None = None
    noun_start: int | None = None  # where the counted noun (or rate noun) begins
    cue_start: int | None = None  # where the phrase introducing the number begins ("đứng thứ")
    context_end: int | None = None  # end of the words read with it (a rank's field and scope)
    moved: tuple[int, int] | None = None  # what a change names by its verb and "thêm" ("nâng công suất thêm 3 MW")


class UnitMatch(NamedTuple):
    """A unit read after a number: the kind it gives, the unit as written canonically, where it ends."""

    kind: str
    unit: str | None
    end: int
    rule: str
    noun_start: int | None = None


def is_finite(mention: Mention) -> bool:
    """A figure too large for a float (inf, or nan from inf/inf) is no metric."""
    high, total = mention.value_max, mention.total
    finite = math.isfinite
    return finite(mention.value) and (high is None or finite(high)) and (total is None or finite(total))
