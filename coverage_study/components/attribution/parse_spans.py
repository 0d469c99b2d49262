"""Where a dependency parse puts an attribution's parts (spaCy's English labels, ClearNLP
style): the tokens of an article's parsed zones with their offsets into its text (:class:`Tokens`),
a cue's source (:func:`source_of`: its subject's subtree, a passive's agent, the subject of the
verb it hangs from, the object of "according to"), and spans stripped of spaces and punctuation
at their ends (:func:`strip`) or widened to the quotation marks they cut (:func:`widen`). Read by
the parse engine's cue finder (:mod:`~coverage_study.components.attribution.parse_cues`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Span", "Tokens", "noun_source", "source_of", "strip", "widen"]

Span = tuple[int, int]

_EDGE = " \t\n\r,.;:!?\"'“”‘’«»—–-()"
_SUBJECT = ("nsubj",)
# a verb with no subject of its own takes the subject of the verb it hangs from: "..., saying",
# "... and said", "wants to say", "said ... and added"
_INHERITS = ("conj", "advcl", "xcomp")
COMMA_QUOTE = True  # a participle after ',”' is cut from the complement, as after ','
CUT_SOURCE = True  # ... and takes the source of the cue whose complement it was cut from
# the fourth round of issue 26: a noun cue without a possessor (noun_source)
NOUN_AGENT = True  # "a warning from officials that ...", "calls by X for ...": the source
NOUN_OBJECT = True  # "X issued a statement that ...": the subject of the verb it is object of


class Tokens:
    """The tokens of an article's parsed zones, with their offsets into the article's text."""

    def __init__(self, docs: list[Doc], starts: list[int]):
        self.docs = docs
        self._start = {id(doc): s for doc, s in zip(docs, starts, strict=True)}
        self.tokens: list[Token] = [t for doc in docs for t in doc]
        self.offsets = [self.at(t) for t in self.tokens]

    def at(self, tok: Token) -> int:
        """The token's start in the article's text."""
        return self._start[id(tok.doc)] + tok.idx

    def end(self, tok: Token) -> int:
        return self.at(tok) + len(tok.text)

    def subtree(self, tok: Token, text: str) -> Span | None:
        """The token's subtree as a stripped span (None where nothing but punctuation)."""
        s, e = self.at(tok.left_edge), self.end(tok.right_edge)
        return strip(text, s, e)

    def head_in(self, s: int, e: int) -> Token | None:
        """The cue's head among the tokens that overlap ``[s, e)``: its first verb, else its
        first word (None for punctuation: a colon or a dash)."""
        i = max(0, bisect_right(self.offsets, s) - 1)
        inside = []
        while i < len(self.tokens) and self.offsets[i] < e:
            t = self.tokens[i]
            if self.offsets[i] + len(t.text) > s and not t.is_punct and not t.is_space:
                inside.append(t)
            i += 1
        for t in inside:
            if t.pos_ == "VERB":
                return t
        return inside[0] if inside else None


def strip(text: str, s: int, e: int) -> Span | None:
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return (s, e) if s < e else None


def _child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _subject(tok: Token) -> Token | None:
    """The token's subject: ``nsubj``, or a passive's agent (``by X``)."""
    subj = _child(tok, _SUBJECT)
    if subj is not None:
        return subj
    agent = _child(tok, ("agent",))
    return _child(agent, ("pobj",)) if agent is not None else None


def source_of(head: Token, tokens: Tokens, text: str) -> Span | None:
    """The source span of the cue ``head``: its subject's subtree, the subject of the verb it
    hangs from (two steps up at most), the object of "according to" and "as ... by"; None
    where the parse gives none."""
    if head.lower_ == "according":
        to = _child(head, ("prep",))
        obj = _child(to, ("pobj",)) if to is not None else None
        return tokens.subtree(obj, text) if obj is not None else None
    t = head
    for _ in range(3):
        subj = _subject(t)
        if subj is not None:
            return tokens.subtree(subj, text)
        if t.dep_ in _INHERITS and t.head is not t:
            up = t.head
            if (CUT_SOURCE and t.tag_ == "VBG" and up.dep_ == "ccomp" and t.i > up.i
                    and t.left_edge.i > 0 and _after_comma(t.doc, t.left_edge.i)):  # fmt: skip
                up = up.head  # "... that X “did Y,” claiming ...": cut from the complement
            t = up
        elif t.dep_ == "pcomp" and t.head.head is not t.head:
            t = t.head.head  # "after determining that", "by touting"
        else:
            return None
    return None


def noun_source(tok: Token, tokens: Tokens, text: str) -> tuple[Span | None, str]:
    """The source of a noun cue and the row's shape: its possessor ("her view that ..."),
    with :data:`NOUN_AGENT` the object of its "by" or "from" ("a warning from officials"),
    with :data:`NOUN_OBJECT` the source of the verb whose object it is ("X issued a statement
    that ...", "raised the concern that ..."); (None, "noun/none") where there is none."""
    poss = _child(tok, ("poss",))
    if poss is not None:
        return tokens.subtree(poss, text), "noun/poss"
    if NOUN_AGENT:
        for c in tok.children:
            obj = _child(c, ("pobj",)) if c.dep_ == "prep" and c.lower_ in ("by", "from") else None
            if obj is not None:
                return tokens.subtree(obj, text), "noun/by"
    if NOUN_OBJECT and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        src = source_of(tok.head, tokens, text)
        if src is not None:
            return src, "noun/object"
    return None, "noun/none"


def widen(quoted: list[Span], s: int, e: int) -> Span:
    """``[s, e)`` widened to the quotation marks of each quotation it cuts."""
    k = bisect_left(quoted, (s + 1, -1)) - 1
    if k >= 0 and quoted[k][0] < s < quoted[k][1]:
        s = quoted[k][0]
    k = bisect_left(quoted, (e, -1)) - 1
    if k >= 0 and quoted[k][0] < e < quoted[k][1]:
        e = quoted[k][1]
    return s, e


def _after_comma(doc: Doc, i: int) -> bool:
    """Token ``i`` follows a comma, or a closing quotation mark after a comma
    (``“expanded the party,” claiming``)."""
    before = doc[i - 1].text
    if before == ",":
        return True
    return (COMMA_QUOTE and i > 1 and before in ("”", "’", '"', "'", "''")
            and doc[i - 2].text == ",")  # fmt: skip
