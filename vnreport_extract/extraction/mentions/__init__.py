"""Mentions: each number in a sentence read as a kind, unit, qualifier, range, rank, change.

Input: the scanning view, one sentence's bounds, the numbers and masked spans. Output: `Mention`s
(kind, value, unit, span, rule id) in text order. Meaning beyond the number phrase (status, label,
period) is filled in later by `semantics` and `labels`. The pieces, in reading order:
- `mention`: the `Mention` record and the `UnitMatch` a unit reading gives;
- `ranks`: "đứng thứ 5/63 tỉnh", "TOP 10", with each rank's total and scope;
- `ratios`: "15/20 xã", "2 trên 5 doanh nghiệp";
- `multiples`: "gấp 4 lần", and factors written as words ("gấp đôi");
- `ranges`: "25 - 30 triệu đồng", "từ 1.000 đồng đến 2.000 đồng";
- `units`: the unit after a number (%, ‰, currency, rate, measure, counted noun, the next word);
- `time_words`: durations, date parts and ordinals (no metric), amounts of time ("nghìn ngày");
- `checks`: a rate's denominator, a spelled number that counts nothing;
- `kinds`: the kind from the unit and the words before, with `changes` (change verbs, change
  units, over plan, a change's new level, a verb shared by the next figure);
- `qualifiers`: "hơn", "khoảng", "trở lên";
- `text`: where a clause ends, whether a name ends before a number;
- `finder`: `MentionFinder`, which runs them over one sentence.
"""

from vnreport_extract.extraction.mentions.finder import MentionFinder
from vnreport_extract.extraction.mentions.mention import (
    EXCEEDS_PLAN,
    RESTATED,
    SHARED_VERB,
    TIME_AMOUNT,
    Mention,
    UnitMatch,
)

__all__ = ["EXCEEDS_PLAN", "RESTATED", "SHARED_VERB", "TIME_AMOUNT", "Mention", "MentionFinder", "UnitMatch"]
