"""Word tokens of one article (:data:`~coverage_study.text.spans.WORD`): in its zones, inside its
quotations and in each quotation part. The words layer of the document's pass
(:class:`~coverage_study.document.AnnotatedCorpus`), read by
:func:`~coverage_study.sources_table` and :func:`~coverage_study.quotes`."""

from __future__ import annotations

from collections.abc import Iterable

from ..text.spans import count_words_in, merge, word_bytes

__all__ = ["word_counts"]


def _zone_spans(
    headline: tuple[int, int] | None, body: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    zones = [(int(s), int(e)) for s, e in body]
    return [(int(headline[0]), int(headline[1])), *zones] if headline is not None else zones


def _count_quoted(
    text: str, words: bytes | None, zones: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> int:
    """Word tokens (:data:`~coverage_study.spans.WORD`) inside at least one ``[start, end)``
    quotation, within the zones. A quotation starts at its mark, which no word contains, so the
    words found from there on are the zone's own words."""
    n = i = 0
    # merged quotations and zone spans, both sorted and disjoint: one sweep
    for qs, qe in merge(quoted):
        while i < len(zones) and zones[i][1] <= qs:
            i += 1
        j = i
        while j < len(zones) and zones[j][0] < qe:
            a, b = max(zones[j][0], qs), min(zones[j][1], qe)
            if a < b:
                n += count_words_in(text, words, a, b)
            j += 1
    return n


def word_counts(
    text: str,
    headline: tuple[int, int] | None,
    body: Iterable[tuple[int, int]],
    quoted: list[tuple[int, int]],
    parts: list[tuple[int, int]],
) -> tuple[int, int, list[int]]:
    """One article's word tokens (:data:`~coverage_study.spans.WORD`), its text's word bytes
    made once: ``(in the headline and body, inside the ``quoted`` mark spans, in each of the
    ``parts`` spans)``: ``sources_table``'s ``n_word_tokens`` and ``n_quoted_words``, and the
    ``n_words`` of each quotation part (:func:`~coverage_study.quotes`)."""
    zones = _zone_spans(headline, body)
    words = word_bytes(text)
    return (
        sum(count_words_in(text, words, s, e) for s, e in zones),
        _count_quoted(text, words, zones, quoted),
        [count_words_in(text, words, s, e) for s, e in parts],
    )
