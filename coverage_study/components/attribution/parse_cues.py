"""Reading attributions off a dependency parse (spaCy's English labels, ClearNLP style): the
content of a cue (:func:`content_of`; its source:
:func:`~coverage_study.components.attribution.parse_spans.source_of`) and the cues the parse finds
that the rules do not (:class:`CueFinder`, with the words of ``data/parse_cues.toml``).

Spans are character offsets into the article's text, stripped of spaces and punctuation at
their ends; a content that cuts a quotation is widened to its quotation marks.

The shapes of a cue the parse finds (each row's ``_shape``, counted by
``benchmarks/attribution_eval.py --engine parse --lemmas``): a verb with its content in a
clausal complement (``ccomp``), an object (``dobj``), an open complement (``xcomp``), a
prepositional object (``prep``) or, for a passive, its subject (``nsubjpass``), and its source
in its ``subject``, a passive's ``agent`` or ``inherited`` from the verb it hangs from (none for
a passive without an agent); a ``quotation`` next to a verb the parse left without a
complement; a ``noun`` with a source (``noun/poss``: a possessor; ``noun/by``: its "by" or
"from"; ``noun/object``: the source of the verb whose object it is; before a copula, "his
concern is that ...", the copula's complement is its content); an ``adjective`` of
stance after a copula ("is confident that", "was eager to", "is critical of"); ``according
to``; ``in`` and an evidence source opening a clause ("In a new poll, X leads"); a ``colon``
before a quotation. An object verb's gerund (the parse's ``xcomp``) is its content too.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...datafiles import read_toml
from .parse_spans import (
    _SUBJECT,
    Span,
    Tokens,
    _after_comma,
    _child,
    noun_source,
    source_of,
    strip,
    widen,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .lexicons import Verbs

__all__ = ["CueFinder", "CueWords", "content_of", "load_cue_words"]

NEGATED_OUT = False
_NOUN_PREPS = ("for", "of", "on", "about", "to", "against")
NESTED_IN_ROWS = True  # PolNeAR marks "did not say" as an attribution too
# The shapes of the third round of issue 26 (the study's widened parse rules), each a switch so
# that its share can be measured again (all on; each raised cue F1 on train's held-out part):
PASSIVE = True  # "the plan was rejected by X": content the passive's subject, source the agent
PASSIVE_NO_AGENT = True  # "the plan was rejected": the same, with no source
ACCORDING = True  # "..., according to X": the cue "according to" where the rules have none
QUOTED_NEXT = True  # "“...” The captain sighed.": the quotation next to a clause verb
PASSIVE_AS = True  # "X is seen as Y": the passive's content runs from X to Y
# The fourth round: a stance adjective after a copula ("X is confident that ...", "X was eager
# to ...", "X is critical of ..."), the copula's subject its source
ADJECTIVE = True
_ADJ_PREPS = ("of", "about", "to", "in", "on", "with", "over", "toward", "towards")
_EMPTY_SOURCES = ("it", "there", "this")  # "It is clear that ...": no one holds the stance
GERUND = True  # "X opposes raising taxes": an object verb's gerund (xcomp) is its content
NOUN_COPULA = True  # "His concern is that ...", "Her advice was to ...": the copula's complement
IN_SOURCE = True  # "In a new poll, X leads": "in" and an evidence source opening a clause


def content_of(head: Token, tokens: Tokens, text: str, quoted: list[Span],
               deps: tuple[str, ...] = ("ccomp",)) -> Span | None:  # fmt: skip
    """The content span of the cue ``head``: the subtree of its clausal complement (or of the
    first child with one of ``deps``), widened to the quotation marks it cuts; None where it
    has none."""
    comp = _child(head, deps)
    if comp is None:
        return None
    span = tokens.subtree(comp, text)
    if span is None:
        return None
    # "... that X had a crazy policy, adding, “...”": a participle of a cue verb after a comma,
    # which the parse hung on the complement, is an attribution of its own, not content
    verbs = load_cue_words().verbs
    for d in comp.subtree:
        if (d is not comp and d.dep_ in ("advcl", "conj") and d.tag_ == "VBG"
                and d.lemma_ in verbs and d.i > comp.i and d.left_edge.i > 0
                and _after_comma(d.doc, d.left_edge.i)):  # fmt: skip
            cut = strip(text, span[0], tokens.at(d.doc[d.left_edge.i - 1]))
            if cut is not None:
                span = cut
            break
    return widen(quoted, *span)

@dataclass(frozen=True)
class CueWords:
    """The cue lemmas of ``data/parse_cues.toml`` and what complements carry their content."""

    version: str
    verbs: frozenset[str]
    clauses: frozenset[str]
    objects: frozenset[str]
    infinitives: frozenset[str]
    preps: dict[str, frozenset[str]]
    kinds: dict[str, str]
    nouns: frozenset[str]
    adjectives: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def load_cue_words(pruned: bool = True) -> CueWords:
    """The packaged ``data/parse_cues.toml`` (cached), less its ``[pruned]`` entries (with
    them for ``pruned=False``: how the pruning was measured)."""
    data, _, _ = read_toml(None, "parse_cues.toml")
    out = set(data.get("pruned", {})) if pruned else set()
    verb = data["verb"]

    def keep(words: list[str]) -> frozenset[str]:
        return frozenset(w for w in words if w not in out)

    preps = {k: frozenset(v) for k, v in verb.get("prep", {}).items() if k not in out}
    verbs = keep(verb["clause"]) | keep(verb["object"]) | keep(verb["infinitive"]) | set(preps)
    return CueWords(
        version=str(data["version"]),
        verbs=frozenset(verbs),
        clauses=keep(verb["clause"]),
        objects=keep(verb["object"]),
        infinitives=keep(verb["infinitive"]),
        preps=preps,
        kinds={w: k for k, ws in data["kind"].items() for w in ws},
        nouns=keep(data["noun"]["cues"]),
        adjectives=keep(data.get("adjective", {}).get("cues", [])),
    )


def _inside(spans: list[Span], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def _overlaps(spans: list[Span], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def _nested(tok: Token, cue: Token | None) -> bool:
    """A candidate cue ``tok`` inside the content of ``cue`` (its head; None for a cue-less
    continuation) is nested there, not an attribution of its own, unless ``tok`` is the root
    of its sentence and ``cue`` hangs below it in the parse (the content of a wrong cue that
    ran over the sentence's real one)."""
    return cue is None or tok.dep_ != "ROOT" or not tok.is_ancestor(cue)


def _passive_as(tok: Token) -> Token | None:
    """The predicate of a passive cue ``X is seen as Y`` (``as`` or the parse's ``oprd``:
    ``was named director``), with :data:`PASSIVE_AS`; else None."""
    if not PASSIVE_AS:
        return None
    return next((c for c in tok.children
                 if c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"), None)  # fmt: skip


def _row(text: str, quoted: list[Span], src: Span | None, cue: Span, content: Span,
         category: str | None, kind: str, lemma: str, shape: str) -> dict[str, Any]:  # fmt: skip
    """An attribution row of the parse's own (speaker resolved by the caller): ``_lemma`` and
    ``_shape`` say which cue word and which syntactic shape made it
    (``benchmarks/attribution_eval.py --lemmas`` counts them)."""
    c0, c1 = content
    inside = sum(max(0, min(c1, me) - max(c0, ms)) for ms, me in quoted)
    mode = "direct" if inside >= c1 - c0 else "mixed" if inside else "reported"
    return {
        "speaker": "unknown", "speaker_mention": None if src is None else text[src[0] : src[1]],
        "speaker_start": None if src is None else src[0],
        "speaker_end": None if src is None else src[1], "cue": text[cue[0] : cue[1]],
        "cue_start": cue[0], "cue_end": cue[1], "cue_category": category,
        "content_start": c0, "content_end": c1, "direct": mode == "direct", "mode": mode,
        "anonymous": False, "via": None, "kind": kind, "_lemma": lemma, "_shape": shape,
    }  # fmt: skip


class CueFinder:
    """The attributions whose cue only the parse finds (see the module docstring)."""

    def __init__(self, verbs: Verbs, words: CueWords | None = None):
        self.words = words or load_cue_words()
        self.categories: dict[str, str | None] = {}
        for lemma, category in verbs.forms.values():
            self.categories.setdefault(lemma, category)
        self.kinds = {**self.words.kinds, **verbs.kinds}
        self.in_nouns = verbs.evidence_sources

    def content(self, tok: Token, tokens: Tokens, text: str, quoted: list[Span]) -> Span | None:
        """The content of a candidate cue: a clause, else the complement its lemma takes."""
        lemma, w = tok.lemma_, self.words
        found = content_of(tok, tokens, text, quoted)
        if found is None and lemma in w.objects:
            found = content_of(tok, tokens, text, quoted, ("dobj",))
        if found is None and PASSIVE and lemma in w.objects:
            # "the plan was rejected by the council": what was rejected is the passive's subject
            found = content_of(tok, tokens, text, quoted, ("nsubjpass",))
            subj, pred = _child(tok, ("nsubjpass",)), _passive_as(tok)
            if found is not None and subj is not None and pred is not None:
                # "X is seen as a moderate": the whole clause, the cue inside it (PolNeAR's
                # content runs around the cue)
                span = strip(text, tokens.at(subj.left_edge), tokens.end(pred.right_edge))
                found = widen(quoted, *span) if span is not None else found
        if found is None and lemma in w.infinitives:
            found = content_of(tok, tokens, text, quoted, ("xcomp",))
        if found is None and GERUND and lemma in w.objects:
            ger = _child(tok, ("xcomp",))
            if ger is not None and ger.tag_ == "VBG":
                found = content_of(tok, tokens, text, quoted, ("xcomp",))
        if found is None and lemma in w.preps:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in w.preps[lemma]:
                    obj = _child(c, ("pobj", "pcomp"))
                    if obj is not None:
                        span = tokens.subtree(obj, text)
                        found = widen(quoted, *span) if span is not None else None
                        break
        return found

    def adjective(self, tok: Token, tokens: Tokens, text: str, quoted: list[Span]
                  ) -> tuple[Span, Span, Span, str] | None:  # fmt: skip
        """A stance adjective's attribution (:data:`ADJECTIVE`): ``tok`` an adjective of the
        ``[adjective]`` list that completes a copula (``acomp``: "is confident", "seemed
        eager"), its content its clause, infinitive or prepositional object ("confident that
        ...", "eager to ...", "critical of ..."), its source the copula's subject (not an empty
        "it" or "there"). Returns (cue, source, content, shape), the cue running from the
        copula to the adjective; None where a part is missing."""
        if not (ADJECTIVE and tok.dep_ == "acomp" and tok.lower_ in self.words.adjectives):
            return None
        content, comp = None, "ccomp"
        for dep in ("ccomp", "xcomp"):
            if content is None:
                content, comp = content_of(tok, tokens, text, quoted, (dep,)), dep
        if content is None:
            comp = "prep"
            for c in tok.children:
                obj = _child(c, ("pobj", "pcomp")) if c.dep_ == "prep" else None
                if obj is not None and c.lower_ in _ADJ_PREPS:
                    span = tokens.subtree(obj, text)
                    content = widen(quoted, *span) if span is not None else None
                    break
        head = tok.head
        src = source_of(head, tokens, text) if head is not tok else None
        if content is None or src is None or str.lower(text[src[0] : src[1]]) in _EMPTY_SOURCES:
            return None
        cs = tokens.at(head) if head.i < tok.i else tokens.at(tok)
        if cs < src[1]:  # "Is she confident ...?": the cue is the adjective alone
            cs = tokens.at(tok)
        return (cs, tokens.end(tok)), src, content, f"adjective/{comp}"

    def find(self, text: str, quoted: list[Span], rows: list[dict[str, Any]], tokens: Tokens
             ) -> list[dict[str, Any]]:  # fmt: skip
        """Rows for the parse's cues that overlap no cue of ``rows`` and lie inside no
        quotation and no other attribution's content (rows without ``article_id``; speakers
        are resolved by the caller)."""
        cues = [(r["cue_start"], r["cue_end"]) for r in rows if r["cue_start"] is not None]
        contents = [(r["content_start"], r["content_end"]) for r in rows]
        # the cue head of each content (None for a continuation): a content holds a nested cue
        # only where that cue sits below its own cue in the parse
        heads = [None if r["cue_start"] is None else tokens.head_in(r["cue_start"], r["cue_end"])
                 for r in rows]  # fmt: skip
        out: list[dict[str, Any]] = []
        for tok in tokens.tokens:
            at_in = IN_SOURCE and tok.lower_ == "in" and tok.dep_ == "prep"
            if tok.text == ":" or (ACCORDING and tok.lower_ == "according") or at_in:
                # a row of its own shape, or none
                row = (_colon_row(tok, tokens, text, quoted, cues, contents) if tok.text == ":"
                       else _according_row(tok, tokens, text, quoted, cues, contents, heads,
                                           self.in_nouns if at_in else None))  # fmt: skip
                if row is not None:
                    out.append(row)
                    cues.append((row["cue_start"], row["cue_end"]))
                    contents.append((row["content_start"], row["content_end"]))
                    heads.append(tok)
                continue
            noun = tok.pos_ == "NOUN" and tok.lemma_ in self.words.nouns
            adj = self.adjective(tok, tokens, text, quoted) if tok.dep_ == "acomp" else None
            if adj is not None:
                (a0, a1), a_src, a_content, a_shape = adj
                if (_overlaps(cues, a0, a1) or _inside(quoted, a0, a1)
                        or _overlaps([a_content], a0, a1) or _overlaps([a_src], *a_content)
                        or any(a <= a0 and a1 <= b and _nested(tok, h)
                               for (a, b), h in zip(contents, heads, strict=True))):  # fmt: skip
                    continue
                out.append(_row(text, quoted, a_src, (a0, a1), a_content, None, "thought",
                                tok.lower_, a_shape))  # fmt: skip
                cues.append((a0, a1))
                contents.append(a_content)
                heads.append(tok)
                continue
            if not noun and not (tok.pos_ == "VERB" and tok.lemma_ in self.words.verbs):
                continue
            if tok.dep_ == "acl" and not noun:
                continue  # a verb describing a noun ("groups supporting X") reports no event
            cs, ce = tokens.at(tok), tokens.end(tok)
            prt = _child(tok, ("prt",))
            if prt is not None and tokens.at(prt) > ce:
                ce = tokens.end(prt)
            if _overlaps(cues, cs, ce) or _inside(quoted, cs, ce):
                continue
            if any(a <= cs and ce <= b and _nested(tok, h)
                   for (a, b), h in zip(contents, heads, strict=True)):  # fmt: skip
                continue
            if NEGATED_OUT and _child(tok, ("neg",)) is not None:
                continue  # "did not say": nothing is attributed
            if noun:
                src, shape = noun_source(tok, tokens, text)
                content = content_of(tok, tokens, text, quoted, ("acl", "ccomp"))
                if (content is None and NOUN_COPULA and tok.dep_ == "nsubj"
                        and tok.head.lemma_ == "be"):  # fmt: skip
                    content = content_of(tok.head, tokens, text, quoted, ("ccomp", "xcomp"))
                if content is None:  # "her support for the bill", "his criticism of X"
                    for c in tok.children:
                        obj = _child(c, ("pobj",)) if c.dep_ == "prep" else None
                        if obj is not None and c.lower_ in _NOUN_PREPS:
                            span = tokens.subtree(obj, text)
                            content = widen(quoted, *span) if span is not None else None
                            break
            else:
                src = source_of(tok, tokens, text)
                content = self.content(tok, tokens, text, quoted)
                shape = _shape(tok, content, tokens)
                if (content is None and QUOTED_NEXT and src is not None
                        and tok.lemma_ in self.words.clauses):  # fmt: skip
                    content = _next_quotation(text, quoted, contents, min(cs, src[0]),
                                              max(ce, src[1]))  # fmt: skip
                    shape = "quotation"
            # "the plan was rejected": a passive without its agent has no source
            sourceless = (PASSIVE_NO_AGENT and src is None and not noun
                          and _child(tok, ("nsubjpass",)) is not None)  # fmt: skip
            around = shape.startswith("nsubjpass") and _passive_as(tok) is not None
            if content is None or _overlaps([content], cs, ce) and not around:
                continue
            if src is None and not sourceless:
                continue
            if src is not None and (_overlaps([src], *content) and not around
                                    or _overlaps([src], cs, ce)):  # fmt: skip
                continue
            lemma = tok.lemma_
            out.append(_row(text, quoted, src, (cs, ce), content, self.categories.get(lemma),
                            self.kinds.get(lemma, "speech"), lemma, shape))  # fmt: skip
            cues.append((cs, ce))
            contents.append(content)
            heads.append(tok)
        # nested: a cue inside another found attribution's content is not one of its own
        spans = [(r["content_start"], r["content_end"]) for r in out]
        return [r for r in out if not any(
            a <= r["cue_start"] and r["cue_end"] <= b for a, b in spans
            if (a, b) != (r["content_start"], r["content_end"])
        )]  # fmt: skip


def _colon_row(tok: Token, tokens: Tokens, text: str, quoted: list[Span], cues: list[Span],
               contents: list[Span]) -> dict[str, Any] | None:  # fmt: skip
    """``Republican pollster Daron Shaw: “...”``, ``More from the report: “...”``: a colon
    that a quotation follows in its paragraph, after a noun phrase (the source: the phrase that
    ends at the colon), where no cue overlaps the colon and no attribution's content the
    quotation. None otherwise."""
    cs, ce = tokens.at(tok), tokens.end(tok)
    at = ce
    while at < len(text) and text[at] in " \t\u00a0":
        at += 1
    k = bisect_left(quoted, (at, -1))
    if k >= len(quoted) or quoted[k][0] != at:
        return None
    qs, qe = quoted[k]
    if _overlaps(cues, cs, ce) or _inside(quoted, cs, ce) or _overlaps(contents, qs, qe):
        return None
    if tok.i == 0:
        return None
    last = tok.doc[tok.i - 1]
    if last.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    top, named = last, last.pos_ != "NOUN"
    while top.head is not top and top.head.right_edge.i == last.i:
        head = top.head
        if head.pos_ == "ADP":
            if head.lower_ != "from":
                return None  # "... by Times' X: “...”" (a byline), "to the newspaper: “...”"
            named = True
            break  # "More from the report: “...”": the source is the report
        if head.pos_ in ("VERB", "AUX"):
            break
        top = head
    first = top.left_edge.i
    if not named or first > 0 and tok.doc[first - 1].lower_ == "by":
        return None  # a noun phrase ("the same text: “...”") or a byline ("by Times' X: “...”")
    for t in tok.doc[first : last.i]:
        if t.text in ("-", "–", "—", "―"):
            first = t.i + 1  # "HEADLINE - Philip Bump: “...”": the name after the dash
    src = strip(text, tokens.at(tok.doc[first]), tokens.end(last))
    if src is None:
        return None
    return _row(text, quoted, src, (cs, ce), (qs, qe), None, "speech", ":", "colon")


def _shape(tok: Token, content: Span | None, tokens: Tokens) -> str:
    """The syntactic shape of a verb cue's attribution, for the measures of
    ``attribution_eval.py --lemmas``: its content's relation to the cue (``ccomp``, ``dobj``,
    ``xcomp``, ``prep``, ``nsubjpass``) and where its source comes from (``subject``, a
    passive's ``agent``, ``inherited`` from the verb it hangs from)."""
    if content is None:
        return "none"
    at = tokens.at
    comp = next((c.dep_ for c in tok.children
                 if c.dep_ in ("ccomp", "dobj", "xcomp", "nsubjpass", "prep")
                 and at(c.left_edge) >= content[0] - 1 and at(c) < content[1]), "prep")  # fmt: skip
    src = ("subject" if _child(tok, _SUBJECT) is not None
           else "agent" if _child(tok, ("agent",)) is not None else "inherited")  # fmt: skip
    return f"{comp}/{src}"


_BETWEEN = " \t\u00a0,:;.—–-"


def _next_quotation(text: str, quoted: list[Span], contents: list[Span], s: int, e: int
                    ) -> Span | None:  # fmt: skip
    """The quotation next to a cue and its source that the parse left without a complement
    (``“...,” he said.``, where the small model made the quotation a sentence of its own, or
    ``he said: “...”``): the quotation that ends just before ``[s, e)`` or starts just after
    it, with nothing but spaces and punctuation between, in the same paragraph, and in no
    other attribution's content. None where there is none."""
    k = bisect_left(quoted, (s, -1)) - 1
    candidates: list[tuple[Span, Span]] = []  # (quotation, the text between it and the cue)
    if k >= 0 and quoted[k][1] <= s:
        candidates.append((quoted[k], (quoted[k][1], s)))
    k = bisect_left(quoted, (e, -1))
    if k < len(quoted):
        candidates.append((quoted[k], (e, quoted[k][0])))
    for q, (a, b) in candidates:
        between = text[a:b]
        if not between.strip(_BETWEEN) and "\n" not in between and not _overlaps(contents, *q):
            return q
    return None


def _according_row(tok: Token, tokens: Tokens, text: str, quoted: list[Span],
                   cues: list[Span], contents: list[Span], heads: list[Token | None],
                   in_nouns: frozenset[str] | None = None) -> dict[str, Any] | None:  # fmt: skip
    """``X, according to the report``: the cue "according to", the source the object of
    "to", the content the clause "according" hangs from less the phrase itself; None where
    a cue overlaps it, it lies in a quotation or another attribution's content, or the parse
    gives no object or clause. With ``in_nouns`` (:data:`IN_SOURCE`), ``tok`` is "in" and
    its object one of them (``In a new poll, X leads``), where the clause's verb is no cue."""
    to: Token | None
    obj: Token | None
    if in_nouns is not None:
        to, obj = tok, _child(tok, ("pobj",))
        if obj is None or obj.lower_ not in in_nouns and obj.lemma_ not in in_nouns:
            return None
        if tok.head.pos_ not in ("VERB", "AUX") or _overlaps(cues, tokens.at(tok.head),
                                                             tokens.end(tok.head)):  # fmt: skip
            return None  # "In a statement, X said ...": the phrase is part of that attribution
        if tok.i > tok.head.left_edge.i:
            return None  # the phrase opens its clause ("In a new poll, X leads")
    else:
        to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        obj = _child(to, ("pobj",)) if to is not None else None
    if to is None or obj is None:
        return None
    cs, ce = tokens.at(tok), tokens.end(to)
    if _overlaps(cues, cs, ce) or _inside(quoted, cs, ce):
        return None
    if any(a <= cs and ce <= b and _nested(tok, h)
           for (a, b), h in zip(contents, heads, strict=True)):  # fmt: skip
        return None
    content = according_content(tok, tokens, text, quoted)
    src = tokens.subtree(obj, text)
    if content is None or src is None or _overlaps([content], cs, ce):
        return None
    word = "according to" if in_nouns is None else "in"
    return _row(text, quoted, src, (cs, ce), content, None, "speech", word, word)


def according_content(tok: Token, tokens: Tokens, text: str, quoted: list[Span]
                      ) -> Span | None:  # fmt: skip
    """The content of "according to" (``tok``, the word "according"): the clause it hangs
    from (the subtree of the verb above it), less the "according to ..." phrase where that
    phrase opens or closes the clause (the clause's whole extent where it sits inside);
    widened to the quotation marks it cuts. None where "according" hangs from nothing."""
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.i == tok.i:
        return None
    words = [t for t in head.subtree if not t.is_punct and not t.is_space]
    if not words:
        return None
    first, last = words[0], words[-1]
    if tok.left_edge.i <= first.i:  # "According to X, ...": after the phrase
        span = strip(text, tokens.end(tok.right_edge), tokens.end(head.right_edge))
    elif tok.right_edge.i >= last.i:  # "..., according to X.": before it
        span = strip(text, tokens.at(head.left_edge), tokens.at(tok.left_edge))
    else:
        span = strip(text, tokens.at(head.left_edge), tokens.end(head.right_edge))
    return widen(quoted, *span) if span is not None else None
