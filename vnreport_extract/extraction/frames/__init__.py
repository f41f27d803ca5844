"""Frames: each figure's status, comparison and time, read from its clause and the clauses around it
(reader.py runs the readers: comparatives.py, references.py, status.py, times.py; frame.py holds the
frame itself and which rules are guesses)."""

from vnreport_extract.extraction.frames.frame import WEAK_RULES, Frame, SentenceFacts
from vnreport_extract.extraction.frames.reader import FrameReader

__all__ = ["WEAK_RULES", "Frame", "FrameReader", "SentenceFacts"]
