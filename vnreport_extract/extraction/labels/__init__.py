"""Labels: the shortest noun phrase of the sentence that names what a figure measures.

Input: the scanning view, a sentence, one mention and what came before it (`Before`).
Output: the label as written, or None. The pieces, in reading order:
- `clauses`: where a figure's clause and comma segments start (punctuation only);
- `cues`: the cue words of `patterns/labels.toml`, compiled, with those of its parts in `subject_ends` (what a
  left context sheds before its subject), `noun_cues` (where the noun phrase after a figure stops), `time_place`,
  `lists` and `rank_words`;
- `subject`: the subject before the predicate ("Doanh thu dịch vụ viễn thông năm 2024 ước đạt ...");
- `segments`: whether a subject after a comma goes on from the segments before it ("nông, lâm nghiệp và thủy sản");
- `counted`: the noun phrase after the figure ("... cho hơn 3.900 cán bộ, công chức, viên chức");
- `trim`: periods, places and openers off a phrase's ends, its length bounded;
- `finder`: which reading names the figure, or the label of the figure before it;
- `count_label`: the same for a count (its subject, the item a list gives it, who handled it, the noun after it);
- `money_names`: the same for a sum of money whose label names who paid, sold or priced it (the money noun a
  payer's verb takes, the goods a price is of, the price noun itself);
- `guesses`: which way the label was read, and whether that reading is a guess to flag for review.
"""

from vnreport_extract.extraction.labels.finder import LabelFinder
from vnreport_extract.extraction.labels.guesses import after_guess, label_reading
from vnreport_extract.extraction.labels.subject import Before, Subject

__all__ = ["Before", "LabelFinder", "Subject", "after_guess", "label_reading"]
