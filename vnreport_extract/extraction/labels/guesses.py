"""Which way a figure's label was read, and whether that reading is a guess for an analyst to check.

Input: the label finder, the scanning view, a sentence's bounds, one mention, its label and what came before it.
Output: the reading's rule name: a firm one ("label.own", "label.previous_figure") or the guess it is ("label.far",
"label.bare", ...). The guesses are weak rules (`frames.frame.WEAK_RULES`), so a record's `review` names its label.
"""

from __future__ import annotations

from vnreport_extract.extraction.frames.frame import COMMA
from vnreport_extract.extraction.labels.finder import LabelFinder
from vnreport_extract.extraction.labels.subject import Before
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.normalize import scanning_view

_PREVIOUS_FIGURE = "label.previous_figure"
_FROM_GUESS = "label.from_guess"
_LONG_LABEL = 10  # words from which a label is more often too long than right
_BESIDE = 15  # characters from one figure's end to the next's start that a short link ("), bằng") spans
FAR = 40  # characters between a label and its figure from which other words more often name the figure


def label_reading(
    labels: LabelFinder, scan: str, bounds: tuple[int, int], mention: Mention, label: str | None, before: Before
) -> str:
    """The label's rule, or the guess it is: one that runs past its noun phrase, a percent named by the
    whole it is a share of while its subject was not read, a count, measure or sum named by another figure,
    a percent or rank named by a figure it does not stand beside, a label read far before its figure, or a
    percent or change of its own named by a bare two-syllable noun."""
    rule = _label_rule(label, before.label)
    if rule in ("label.own", _PREVIOUS_FIGURE) and label and labels.check.open_edge(label):
        return "label.open_edge"
    if rule == "label.own" and labels.guessed_share(scan, bounds, mention, label):
        return "label.share_base"
    amount = mention.kind in ("count", "measure", "money")
    if rule == _PREVIOUS_FIGURE and amount and not _new_level(labels, scan, mention, before):
        # a count or measure names what it counts or measures: on batches 5-7 of bench/unseen, read before any
        # rule was fitted to them, another figure's label fit a count 5 times in 18 and a measure 3 in 16; a sum
        # of money with another figure's label had a field wrong 8 times in 22 on batches 12 and 13
        return "label.borrowed"
    if rule == _PREVIOUS_FIGURE and mention.kind in ("percent", "rank") and not _beside(mention, before):
        # "đạt 5.000 tỷ đồng, bằng 95% dự toán" stands beside the figure it names; further on, a percent or rank
        # with the label of the figure before was right in every field 0.74 of 371 times on batches 5-29 of
        # bench/unseen (0.87 of 634 beside it), against 0.94 for the records left unflagged
        return "label.borrowed"
    firm = rule in ("label.own", _PREVIOUS_FIGURE)
    read = scanning_view(label) if firm and label else ""  # the label as written, folded to the view it was read on
    at = scan.rfind(read, bounds[0], mention.start) if read else -1  # its last stretch before the figure
    if firm and at >= 0 and mention.start - (at + len(read)) > FAR:
        # "Doanh thu của ngành bưu chính trên địa bàn tỉnh trong sáu tháng đầu năm đạt 1.240 tỷ đồng": the words
        # between may name the figure better. On batches 20-31 of bench/unseen, each read by the commit that first
        # scored it (bench/first_scored.py), such records were right in every field 0.81 of 521 times, against 0.93
        # for the records left unflagged by either reading
        return "label.far"
    if rule == "label.own" and mention.kind in ("percent", "change") and is_bare(label):
        # a share or a change of "doanh thu", "hồ sơ" named in its own clause: what it is a share or change of is
        # often said by words the label leaves out ("hồ sơ được xử lý đúng hạn"). Right in every field 0.72 of 168
        # times on batches 20-31 read as for label.far, and 0.86 of 360 on batches 5-27 read by main (0.93 and 0.95
        # unflagged); taken from the figure before ("lợi nhuận đạt 90 tỷ đồng, tăng 30%"), 0.94 and 0.91
        return "label.bare"
    if firm and at > bounds[0] and _after_unframed_comma(labels, scan, bounds[0], at):
        # "…, nhiều ngành nông nghiệp, lâm nghiệp, thủy sản tại các trường …": a label opening right after a comma whose
        # segment holds no figure may be the second half of a list or the subject after a frame. On batches 5-31 of
        # bench/unseen, read by main, such records otherwise unflagged were right in every field 0.907 of 794 times,
        # against 0.960 for the rest
        return "label.after_comma"
    return rule


def after_guess(rule: str, guessed: bool) -> str:
    """The rule of a label taken from the figure before (`label.previous_figure`) when that figure's label was itself a
    guess (`guessed`): a guess too. On batches 1-31, 41-43 and 45 of bench/unseen, read by main, such records were
    right in their label 0.89 of 152 times, against 0.97 for the other labels taken from the figure before."""
    return _FROM_GUESS if guessed and rule == _PREVIOUS_FIGURE else rule


def _after_unframed_comma(labels: LabelFinder, scan: str, sentence_start: int, at: int) -> bool:
    """Whether the label, read at `at` before its figure, opens right after a comma whose segment holds no digit and
    is no frame of the clause (a time, a circumstance, a topic: "Trong quý, doanh thu …" is read right)."""
    before = scan[sentence_start:at].rstrip()
    if not before.endswith(","):
        return False
    segment = before[max(before.rfind(mark, 0, len(before) - 1) for mark in ",;:") + 1 : -1].strip()
    if any(char.isdigit() for char in segment):
        return False
    return not labels.frames_a_clause(segment)


def is_bare(label: str | None) -> bool:
    """A label of two syllables: most often one compound noun ("doanh thu", "kim ngạch")."""
    return label is not None and len(label.split()) == 2


def _beside(mention: Mention, before: Before) -> bool:
    """Whether a figure stands right after the one before it, a short link between ("…, bằng 95%")."""
    return before.last_end is not None and mention.start - before.last_end <= _BESIDE


def _new_level(labels: LabelFinder, scan: str, mention: Mention, before: Before) -> bool:
    """"tăng từ 4 ca lên 11 ca": the count is the new level of the one before, named alike."""
    last_end = before.last_end
    same_unit = last_end is not None and before.unit == mention.unit
    return same_unit and bool(labels.cues.new_level.fullmatch(scan, last_end, mention.number_start))


def _label_rule(label: str | None, previous: str | None) -> str:
    """Which way a label was read; a missing, one-word or very long label is a guess (flagged), and so
    is a figure's own label that crosses a comma: mostly a list of nouns ("xã, phường"), but too often
    a phrase run on into the next clause ("ngôi nhà bị tốc mái, hư hỏng"; right 0.89 on seeds+dev)."""
    words = len(label.split()) if label else 0
    if words == 0:
        return "label.none"
    if words == 1:
        return "label.one_word"
    if words >= _LONG_LABEL:
        return "label.long"
    if label == previous:
        return _PREVIOUS_FIGURE
    return "label.comma" if "," in label and COMMA.search(label) else "label.own"
