"""Sentences and words of an article, each with its character offsets in the text as given.

Offsets are what keeps every quote verbatim: a quote is always ``text[start:end]`` of the
article, never a rebuilt string, so typographic punctuation (’ “ ” – —) survives as written.

Examples
--------
>>> text = "Mr. Smith met U.S. envoys. The U.K.-based group said so."
>>> [text[s:e] for s, e in sentence_spans(text)]
['Mr. Smith met U.S. envoys.', 'The U.K.-based group said so.']
>>> [(t.text, t.norm, t.possessive) for t in tokenize("Iran’s base", 0, 11)]
[('Iran’s', 'iran', True), ('base', 'base', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "Token", "sentence_spans", "tokenize"]

_ABBREVIATED = (
    "mr mrs ms dr gen lt col sgt sen rep st gov prof capt maj adm brig cpl pvt jr sr no "
    "vs etc jan feb mar apr aug sep sept oct nov dec mt ft inc corp co ltd approx est fig"
)
ABBREVIATIONS = frozenset(_ABBREVIATED.split())
"""Words whose closing full stop does not end a sentence (compared lower-case, without it)."""

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}(?:-\w+)*|\w+(?:[-'’.]\w+)*", re.UNICODE)
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|[.!?]+[\"”’')\]]*$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text: where it is, as written, and how it is compared.

    ``norm`` is the word case-folded, without a possessive ending; ``possessive`` says
    whether it had one ("Iran’s", "rebels’").
    """

    start: int
    end: int
    text: str
    norm: str
    possessive: bool

    @property
    def capitalised(self) -> bool:
        """Whether the word starts with a capital letter."""
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        """Whether every letter of the word is a capital (an acronym or a dateline)."""
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]``, with offsets into ``text``.

    >>> [t.text for t in tokenize("Tu-22M3 bombers hit al-Bab, U.S. said.")]
    ['Tu-22M3', 'bombers', 'hit', 'al-Bab', 'U.S.', 'said']
    """
    stop = len(text) if end is None else end
    tokens = []
    for match in _WORD.finditer(text, start, stop):
        word = match.group()
        bare = word.rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", word) else word
        possessive = bool(_POSSESSIVE.search(bare)) and len(bare) > 2
        norm = bare
        if possessive:
            norm = bare[:-2] if bare[-2] in "'’" else bare[:-1]
        tokens.append(
            Token(match.start(), match.start() + len(bare), bare, norm.casefold(), possessive)
        )
    return tokens


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` ends a sentence."""
    before = text[:stop]
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
    if word is None:
        return True
    last = word.group(1)
    if last.rstrip(".").casefold() in ABBREVIATIONS:
        return False
    # Initials and dotted abbreviations: "U.S.", "J. Smith", "U.K."; a stop after one
    # capital letter is an initial, not a sentence end.
    return not (len(last.replace(".", "")) <= 2 and last[:1].isupper() and "." in last + ".")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, surrounding white space left out.

    A paragraph break always ends a sentence; ``.``, ``!`` or ``?`` (with any closing quote
    or bracket after it) ends one when white space and a capital, digit or opening quote
    follow, except after an abbreviation (:data:`ABBREVIATIONS`) or an initial ("U.S.").

    >>> text = "“We will win,” he said. Gen. Ali said on Aug. 16 that Iran’s army, too.\\n\\nNext"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['“We will win,” he said.', 'Gen. Ali said on Aug. 16 that Iran’s army, too.', 'Next']
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for paragraph in [*_PARAGRAPH.finditer(text), None]:
        stop = len(text) if paragraph is None else paragraph.start()
        start = cursor
        for mark in _END.finditer(text, cursor, stop):
            after = text[mark.end() : mark.end() + 3].lstrip()
            opens = not after or after[0].isupper() or after[0].isdigit() or after[0] in "\"“‘'("
            if opens and (text[mark.start()] != "." or _ends_sentence(text, mark.start())):
                spans.append((start, mark.end()))
                start = mark.end()
        spans.append((start, stop))
        cursor = stop if paragraph is None else paragraph.end()
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed
