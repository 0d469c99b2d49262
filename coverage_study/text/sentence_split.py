"""The sentences of a news text, as readability counts them: a rule-based splitter that knows
news abbreviations ("U.S.", "p.m.", "Mr.", "Feb.") and treats a blank line as a sentence end.

:func:`sentence_spans` lists them (offsets into the text); ``_count_sentences`` counts them in one
pass without listing them. The readability counts and tables are in
:mod:`coverage_study.components.readability`, which re-exports :func:`sentence_spans`.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

_TERMINAL = re.compile(r"[.!?…]")
# a white-space token that ends in sentence punctuation, possibly followed by closing marks
_CANDIDATE = re.compile(
    r"(?<!\S)(?P<tok>\S*?)(?P<punct>[.!?…]+)(?P<close>[\"”’'»)\]]*)(?=\s|$)"
)
_NEXT = re.compile(r"\s+(?P<open>[\"“‘'«(\[]*)(?P<next>\S+)")
# the end of a _CANDIDATE match (``punct`` and ``close``), found without trying every token
# (spelt so that ``re`` can skip to the punctuation)
_TAIL = re.compile(r"(?P<punct>[.!?…][.!?…]*)[\"”’'»)\]]*(?!\S)")
# _TAIL for a text whose only sentence punctuation is ".": the same matches there, found several
# times faster (``re`` skips to a literal first character, where it tests each character
# against a class)
_TAIL_DOT = re.compile(r"(?P<punct>\.\.*)[\"”’'»)\]]*(?!\S)")
_WORD_CHAR = re.compile(r"\w")
_OPENERS = "\"“‘'«([¿¡"
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*")
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, a.m, U.S.A (final dot is `punct`)

def _split_words(words: str) -> list[str]:
    return words.split()


# A "." after these never ends a sentence (titles that stand before a name or number).
NEVER_FINAL = frozenset(_split_words(
    """mr mrs ms messrs mme mlle dr prof gen lt col maj sgt capt cmdr adm brig sen rep gov
    pres supt insp rev hon fr st mt ft vs v cf approx ca fig figs vol vols art arts nos
    i.e e.g viz"""
))
# A "." after these ends a sentence only when the next word is a usual sentence opener
# (in STARTERS) or an opening quote follows: "Feb. 22", "U.S. Secretary", "3 p.m. Monday"
# go on; "... the U.S. The ..." ends.
MAY_END = frozenset(_split_words(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun inc ltd co corp bros jr sr plc llc etc no al ave blvd rd dept univ assn
    est"""
))
STARTERS = frozenset(_split_words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    In On At But And Or So Yet However Meanwhile There Here If When While After Before As
    According For With Without Since Although Though Then Still Also Last Next By From What
    Why How Who Where Earlier Later Some Many Most All Both Each Such Other Another No Not
    Neither Nor One Two Three Four Five Several Both Among During Under Over Despite Instead
    Now Today Yesterday Tomorrow"""
))


def _is_boundary(tok: str, punct: str, opener: str, nxt: str | None) -> bool:
    if nxt is None:
        return True  # the paragraph ends
    starts = nxt[0]
    capital = starts.isupper() or starts.isdigit() or bool(opener)
    if punct != ".":  # ! ? … or runs such as "..." and "?!"
        return capital
    base = tok.lstrip(_OPENERS)
    low = str.lower(base)
    if low in NEVER_FINAL or _INITIAL.fullmatch(base):
        return False
    if low == "no" and starts.isdigit():  # "No. 10"
        return False
    if low in MAY_END or _DOTTED.fullmatch(base):
        return bool(opener) or nxt.rstrip(",;:") in STARTERS
    return capital


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a news text as ``(start, end)`` offsets into ``text``.

    Rules, in order:

    * a blank line (paragraph break) always ends a sentence, so a crosshead or a caption-like
      line without final punctuation is one sentence;
    * inside a paragraph a sentence ends after ``. ! ? …`` (and any closing quotes or
      brackets) followed by white space and a capital letter, a digit or an opening quote;
    * a ``.`` after a title (``Mr. Dr. Gen. Sen. St. vs.`` …, see ``NEVER_FINAL``) or a
      single capital initial (``John F. Kennedy``) never ends a sentence;
    * a ``.`` after a dotted abbreviation (``U.S. a.m. p.m. U.K.``) or a month or company
      abbreviation (``Feb. Inc. Jr.``, see ``MAY_END``) ends one only before a usual sentence
      opener (``The, He, In, But`` …, see ``STARTERS``) or an opening quote.

    Only spans with at least one word character are returned. Known misses: a sentence that
    starts with a lower-case word, and an abbreviation at the end of a sentence followed by a
    name ("... in the U.S. Biden said").
    """
    out = []
    for s, e in _raw_spans(text):
        if s < e and text[s].isalnum() and not text[e - 1].isspace():
            out.append((s, e))  # the usual sentence: nothing to trim, a word character first
            continue
        part = text[s:e]
        kept = part.lstrip()
        if kept and _WORD_CHAR.search(kept):
            out.append((s + len(part) - len(kept), s + len(part.rstrip())))
    return out


def _tails(text: str) -> re.Pattern[str]:
    """``_TAIL``, or ``_TAIL_DOT`` where ``text`` has no sentence punctuation but "."."""
    return _TAIL if "!" in text or "?" in text or "…" in text else _TAIL_DOT


def _count_sentences(text: str) -> int:
    """``len(sentence_spans(text))``: the sentences with a word character, counted in one pass
    over the whole text (not paragraph by paragraph) and without listing or trimming them.

    Why this counts the spans of :func:`_raw_spans`: inside a paragraph a sentence ends only at
    a boundary, and the white space after a boundary (up to the next sentence's start) belongs
    to no span. Cutting the text where each paragraph break starts and where each sentence after
    an inner boundary starts leaves pieces that each hold the non-white-space characters of
    exactly one span, so a piece has a word character iff its span has. A sentence that ends
    where its paragraph (or the text) ends needs no cut of its own: up to the paragraph break
    there is only white space, which no span holds.
    """
    cuts, starts = [], set()  # where each paragraph break starts, where the next paragraph starts
    for m in _PARAGRAPH.finditer(text):
        cuts.append(m.start())
        starts.add(m.end())
    n_breaks = len(cuts)
    tails = _tails(text)
    next_token = _NEXT.match
    for m in tails.finditer(text):
        n = next_token(text, m.end())
        if n is None:
            continue  # only white space follows: the text ends
        opener_start = n.start("open")
        if opener_start in starts:
            continue  # the white space after the token holds a paragraph break (\s+ takes it all)
        # the token's start is scanned back to 0 at most: a paragraph starts after white space
        # (or at 0), so the scan stops where the paragraph-by-paragraph scan of _raw_spans stops
        if _ends_sentence(text, m, n, 0):
            cuts.append(opener_start)
    if len(cuts) > n_breaks:
        cuts.sort()
    cuts.append(len(text))
    search, count, prev = _WORD_CHAR.search, 0, 0
    for cut in cuts:
        if search(text, prev, cut):
            count += 1
        prev = cut
    return count


def _ends_sentence(text: str, m: re.Match[str], n: re.Match[str], floor: int) -> bool:
    """Whether the sentence punctuation ``m`` (a ``_TAIL`` match) ends a sentence, given ``n``
    (the ``_NEXT`` match after it); the token before a full stop is read back to ``floor``."""
    opener, nxt = n.group("open", "next")
    punct = m.group("punct")
    if punct != ".":
        first = nxt[0]
        return first.isupper() or first.isdigit() or bool(opener)
    punct_start = tok_start = m.start()
    while tok_start > floor and not text[tok_start - 1].isspace():
        tok_start -= 1
    return _is_boundary(text[tok_start:punct_start], punct, opener, nxt)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of :func:`sentence_spans` before trimming and dropping those without a word
    character."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n_text = len(text)
    tails = _tails(text)
    for par in [*_PARAGRAPH.finditer(text), None]:
        end = par.start() if par is not None else n_text
        start = pos
        # each white-space token of the paragraph that ends in sentence punctuation (and closing
        # marks): found from its end, its start is the white space before it
        for m in tails.finditer(text, pos, end):
            token_end = m.end()
            n = _NEXT.match(text, token_end, end)
            # the paragraph ends, or the next token starts a sentence
            if n is None or _ends_sentence(text, m, n, pos):
                spans.append((start, token_end))
                start = n.start("open") if n is not None else token_end
        spans.append((start, end))
        pos = par.end() if par is not None else end
    return spans
