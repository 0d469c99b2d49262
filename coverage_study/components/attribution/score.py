"""Scoring predicted attributions against gold spans (PolNeAR/PARC shape: source, cue, content
as character spans), for ``benchmarks/attribution_eval.py``.

A prediction *matches* a gold attribution when their cue spans overlap (share a character);
pairs are made one-to-one, largest overlap first. **cue** precision divides the matches by the
predictions with a cue, recall by the gold attributions with a cue. **source** and **content**
are judged on the matched pairs only: *exact* when the two spans are equal once spaces,
punctuation and quotation marks at their ends are stripped (a missing span on both sides is
equal), *overlap* when they share a character. Gold roles may be discontinuous: a role is
judged on its extent (first segment's start to last segment's end).

Lives in the package (not in the benchmark script) so that tests import it without path tricks;
it reads no data file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

Span = tuple[int, int]
_EDGE = " \t\n\r,.;:!?\"'“”‘’«»—–-()"


@dataclass(frozen=True)
class Attribution:
    """One attribution as spans: ``cue`` (segments), ``source`` and ``content`` extents or None."""

    cue: tuple[Span, ...]
    source: Span | None = None
    content: Span | None = None
    quoted: bool = False  # gold: content holds quotation marks (PolNeAR content_has_quote_marks)


@dataclass
class Score:
    """Counts over any number of articles (add them up with :meth:`add`)."""

    n_pred: int = 0
    n_gold: int = 0
    tp: int = 0
    source_exact: int = 0
    source_overlap: int = 0
    content_exact: int = 0
    content_overlap: int = 0
    n_quoted: int = 0
    quoted_found: int = 0
    missed: Counter[str] = field(default_factory=Counter)  # lower-cased cue text of unmatched gold
    spurious: Counter[str] = field(default_factory=Counter)  # of unmatched predictions

    def add(self, other: Score) -> None:
        for k in ("n_pred", "n_gold", "tp", "source_exact", "source_overlap", "content_exact",
                  "content_overlap", "n_quoted", "quoted_found"):  # fmt: skip
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.missed.update(other.missed)
        self.spurious.update(other.spurious)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, k: str) -> float:
        """``k`` (e.g. ``source_exact``) as a share of the matched pairs."""
        return getattr(self, k) / self.tp if self.tp else 0.0

    @property
    def quote_recall(self) -> float:
        return self.quoted_found / self.n_quoted if self.n_quoted else 0.0


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _cue_overlap(a: tuple[Span, ...], b: tuple[Span, ...]) -> int:
    return sum(_overlap(x, y) for x in a for y in b)


def _strip(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def _same(text: str, a: Span | None, b: Span | None) -> tuple[bool, bool]:
    """(exact, overlap) of two role spans."""
    if a is None or b is None:
        return a is None and b is None, a is None and b is None
    sa, sb = _strip(text, a), _strip(text, b)
    return sa == sb, _overlap(a, b) > 0


def _cue_text(text: str, cue: tuple[Span, ...]) -> str:
    return " ".join(" ".join(text[s:e] for s, e in cue).lower().split())


def match(pred: list[Attribution], gold: list[Attribution]) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs whose cues overlap, one-to-one, largest overlap first
    (ties: earlier gold, then earlier prediction)."""
    cand = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            o = _cue_overlap(p.cue, g.cue)
            if o > 0:
                cand.append((-o, gi, pi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _o, gi, pi in sorted(cand):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((pi, gi))
    return sorted(pairs)


def score_article(text: str, pred: list[Attribution], gold: list[Attribution]) -> Score:
    """Cue, source and content counts of one article; predictions and gold without a cue are
    left out (a continuing quotation paragraph has no cue to match on)."""
    pred = [p for p in pred if p.cue]
    gold = [g for g in gold if g.cue]
    sc = Score(n_pred=len(pred), n_gold=len(gold))
    pairs = match(pred, gold)
    sc.tp = len(pairs)
    for pi, gi in pairs:
        p, g = pred[pi], gold[gi]
        ex, ov = _same(text, p.source, g.source)
        sc.source_exact += ex
        sc.source_overlap += ov
        ex, ov = _same(text, p.content, g.content)
        sc.content_exact += ex
        sc.content_overlap += ov
    matched_g = {gi for _, gi in pairs}
    matched_p = {pi for pi, _ in pairs}
    for gi, g in enumerate(gold):
        if g.quoted:
            sc.n_quoted += 1
            sc.quoted_found += gi in matched_g
        if gi not in matched_g:
            sc.missed[_cue_text(text, g.cue)] += 1
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            sc.spurious[_cue_text(text, p.cue)] += 1
    return sc
