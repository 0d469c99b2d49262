"""The attribution rules: sentence by sentence, each reporting verb (cue) with its speaker and
content, by the shape of the sentence around the cue ("“Q,” X said", "X said that C", "C, said
X", "according to X", "X was quoted as saying"); the patterns are listed in
:mod:`coverage_study.components.attribution`. What a cue is:
:mod:`~coverage_study.components.attribution.cues`; the source span:
:mod:`~coverage_study.components.attribution.source_span`; cues that are punctuation (a colon, a
signing dash): :mod:`~coverage_study.components.attribution.punctuation_cues`."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from .article import (
    _ABBREV,
    ADJUNCT,
    MASK,
    _Article,
    _find,
    _lower,
    _mask,
    _sentences,
    _strip_span,
    _within,
)
from .cues import _cut_at_next, _is_cue, _skip_after_cue
from .lexicons import Media, Verbs, _Dated
from .punctuation_cues import _colon_row, _sign_row
from .source_span import (
    _BUT_AND_END,
    _LIST_BEFORE,
    _NOT_A_SOURCE,
    _NOT_LIST_ITEM,
    _np_after,
    _np_before,
    _trim_source,
)
from .speakers import (
    _WHAT_REPORTED,
    _collect_people,
    _speaker,
    _subject_mention,
)

_THAT = re.compile(r"^(?:[^\x01.,;]{0,80}?)\bthat\s+")
# "Tom Baker, who ran ..., said": a named subject with an apposition or relative clause, not
# the content of "C, said X"
_SUBJECT_APPOS = re.compile(
    r"\s*(?:[A-Z][\w.’'\-]*\s+){0,5}[A-Z][\w.’'\-]*(?:\s*\([^)]*\))?,\s+(?:who|whose|a|an|the)\s"
)
# "A spokeswoman, Ann Cole, said ...", "Two critics, Ann Cole and Bob Lee, said ...": the subject
# is a noun phrase and the name in apposition, not a content before an inverted cue
_DESCRIBED_NAME = re.compile(
    r"\s*(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome)\s+"
    r"[^,\x01]{1,60},\s+[A-Z][^,\x01]{0,60},\s*"
)
_QUOTED_AS = re.compile(r"^\s+(.{1,80}?)\s+as\s+(?:saying|\w+ing|\w+)\b")
_VIA_BY = re.compile(
    r"\b(?:offered|broadcast|aired|published|carried|cited|quoted)\s+by\s+$", re.IGNORECASE
)
_NP_ACCORDING = re.compile(r"\s*([^,\x01]+?)(?=,|\.\s*$|$)")
_IN_ON_AT = re.compile(r"(?:In|On|At)\b[^,]*")
_SPACE_COMMA = re.compile(r"[\s,]*")
_NO_MASK = re.compile(r"[^\x01]*")
_SHORT_NP = re.compile(r"[\s,]*[^,\x01]{1,80}")
# "“Q,” the White House spokesman, Josh Earnest, said on Thursday.": a speaker with appositions
# between the quotation and its cue, taken when nothing but an adjunct follows the cue
_APPOS_NP = re.compile(r"[\s,]*[^,\x01]{1,80}(?:,[^,\x01]{1,80}){1,2},?\s*")
_ADJUNCT_AFTER = re.compile(r"\s*(?:[.!?]?\s*$|" + ADJUNCT + ")", re.IGNORECASE)
_CONJ_START = re.compile(r"[\s,;]*(?:(?:and|but|while)\b)?")
_COLON_END = re.compile(r"\s*:\s*")
_SPACE_DOT = re.compile(r"[\s.]*")
_DET_OR_CAP = re.compile(r"\s+(?:the|a|an)\b|\s+[A-Z]")
_END_PUNCT = re.compile(r"\s*[.!?]?\s*")
_PREP_END = re.compile(r"\b(?:of|about|for|without|from|before|after|by|than|in)\s+$")
_SUBORD = re.compile(
    r"\s*(?:although|though|even\s+though|while|when|whenever|if|because|after|before|since|"
    r"whereas|once|until|unless)\b",
    re.IGNORECASE,
)
_ANY_DASH = re.compile(r"[-–—―]")
_NEGATED = re.compile(r"\b(?:not|never|n[’']t)\s+(?:\w+ly\s+|yet\s+)?$", re.IGNORECASE)
_AS_LEAD = re.compile(r"\s*As\s+", re.IGNORECASE)  # the speaker starts at its end


def _article_rows(
    article_id: str,
    text: str,
    zones: list[tuple[str, int, int]],
    outer: list[tuple[int, int]],
    verbs: Verbs,
    media: Media,
    aliases: _Dated | None,
    state: list[_Article] | None = None,
) -> list[dict[str, Any]]:
    """The article's attribution rows; ``state``, when given, receives the article as the
    rules read it (people, subjects of sentences), for the parse engine's speakers."""
    masked = _mask(text, outer)
    outer = sorted(outer)
    starts = [q[0] for q in outer]  # the quotations of a paragraph by bisection (no rescans)
    art = _Article(text, masked, _lower(masked), context=(verbs, media, aliases))
    _collect_people(art, [(s, e) for z, s, e in zones if z == "body"], verbs)
    found = [span for _, zs, ze in zones for span in _find(art, media.lower, media.pattern, zs, ze)]
    art.media_seen = [
        (a, media.by_alias[" ".join(str.lower(masked[a:b]).split())]) for a, b in found
    ]
    art.media_spans = sorted(found)
    # reporting verbs are letters and spaces: no match crosses a sentence boundary either
    art.cue_spans = sorted(
        span for _, zs, ze in zones for span in _find(art, verbs.lower, verbs.pattern, zs, ze)
    )
    rows: list[dict[str, Any]] = []
    prev_para_quote: dict[str, Any] | None = None
    for para, (zone, ps, pe) in enumerate(zones):
        para_rows: list[dict[str, Any]] = []
        art.para_end, art.next_quote = pe, None
        if zone == "body" and para + 1 < len(zones) and zones[para + 1][0] == "body":
            ns, ne = zones[para + 1][1:]
            qs = outer[bisect_left(starts, ns) : bisect_left(starts, ne)]
            if qs and _all_quotation(masked, ns, ne):
                art.next_quote = (qs[0][0], qs[-1][1])
        for s, e in _sentences(masked, ps, pe, text, art.cue_spans):
            sent_rows = _sentence_rows(art, s, e, para, verbs, media, aliases)
            first = sent_rows[0] if sent_rows else None
            named = (first is not None and first["speaker"] != "unknown" and not first["anonymous"]
                     and first["via"] != first["speaker"])  # fmt: skip
            said = (  # "first is not None" repeats what named implies, for the type checker
                (first["speaker"], first["speaker_start"]) if named and first is not None else None
            )
            art.subjects.append((s, e, para, said))
            para_rows.extend(sent_rows)
        if zone == "body" and not para_rows and _all_quotation(masked, ps, pe) and (
            prev_para_quote is not None
            and not any(r["content_start"] <= ps < r["content_end"] for r in rows[-3:])
        ):  # all quotation, not yet attributed ("Cruz continued:" before it)
            c = dict(prev_para_quote)
            c.update(
                cue=None, cue_start=None, cue_end=None, cue_category=None,
                speaker_start=None, speaker_end=None, content_start=ps, content_end=pe,
                direct=True, mode="direct",
            )  # fmt: skip
            qs = outer[bisect_left(starts, ps) : bisect_left(starts, pe)]
            c["content_start"], c["content_end"] = qs[0][0], qs[-1][1]
            para_rows.append(c)
        # the paragraph's last quoted row (a loop: mypyc cannot compile next() over reversed())
        prev_para_quote = None
        for r in para_rows[::-1]:
            if r["mode"] != "reported":
                prev_para_quote = r
                break
        rows.extend(para_rows)
    for r in rows:
        r["article_id"] = article_id
    if state is not None:
        state.append(art)
    return rows


def _all_quotation(masked: str, s: int, e: int) -> bool:
    """The paragraph ``[s, e)`` is quotation only (a final period aside)."""
    core = masked[s:e].strip().rstrip(".")
    return bool(core) and not core.strip(MASK)


def _sentence_rows(
    art: _Article, s: int, e: int, para: int, verbs: Verbs, media: Media, aliases: _Dated | None
) -> list[dict[str, Any]]:
    masked, text = art.masked, art.text
    cues = [(a, b) for a, b in _within(art.cue_spans, s, e) if _is_cue(masked, s, a, b, e, verbs)]
    rows: list[dict[str, Any]] = []
    vias: list[str] = []
    row = None
    if masked.find(":", s, min(e, s + 120)) >= 0:  # the colon comes within a few words
        row = _colon_row(art, s, e, para, cues)
    if row is None and not cues and _ANY_DASH.search(masked, s, e):
        row = _sign_row(art, s, e, para)
    if row is not None:
        rows.append(row)
    for i, (cs, ce) in enumerate(cues):
        form = " ".join(str.lower(masked[cs:ce]).split())
        lemma, category = verbs.forms[form]
        if any(r["content_start"] <= cs < r["content_end"] for r in rows):
            continue  # nested in an earlier attribution's content
        if _NEGATED.search(masked, max(s, cs - 24), cs):
            continue  # "has not condemned X", "did not say": nothing is attributed
        nxt = cues[i + 1][0] if i + 1 < len(cues) else e
        others = len(cues) > 1
        sp: tuple[int, int] | None = None
        content: tuple[int, int] | None = None
        mention: str | None  # the speaker's words as written (None: no speaker found)
        if lemma in ("according_to", "as_reported_by"):
            np_m = _NP_ACCORDING.match(masked[ce:e])
            if not np_m:
                continue
            sp = (ce + np_m.start(1), ce + np_m.end(1))
            mention = masked[sp[0] : sp[1]]
            medium_m = media.pattern.search(mention)
            if medium_m and others and not _WHAT_REPORTED.match(mention):
                medium = medium_m.group()
                vias.append(media.by_alias[" ".join(str.lower(medium).split())])
                continue
            before = masked[s:cs].strip(" ,")
            content = (s, cs) if before and not _IN_ON_AT.fullmatch(before) else (sp[1], e)
        elif lemma == "quote":
            qa = _QUOTED_AS.match(masked[ce:e])
            if not qa:
                continue
            med_np = _np_before(masked, text, s, cs, verbs, aliases)
            if med_np and (mm := media.pattern.search(masked[med_np[0] : med_np[1]])):
                vias.append(media.by_alias[" ".join(str.lower(mm.group()).split())])
            sp = (ce + qa.start(1), ce + qa.end(1))
            q = masked.rfind(MASK, s, cs)
            content = (s, q + 1) if q >= 0 else (ce + qa.end(), e)
        else:
            left = masked[s:cs]
            after_cue = masked[ce:e]
            ends_in_q = left.rstrip(" ,").endswith(MASK)
            participle = form.endswith("ing") and left.rstrip().endswith(",")
            if participle:
                sp = None
                st = ce + _skip_after_cue(after_cue)
                th = _THAT.match(masked[st:nxt])
                st = st + th.end() if th else st
                content = (st, _cut_at_next(masked, st, [c for c, _ in cues[i + 1 :]], e))
            elif ends_in_q and _SPACE_COMMA.fullmatch(masked[s + len(left.rstrip(" ,")) : cs]):
                # "Q said X" (inverted) — or "Q, said X"
                content = (s, s + len(left.rstrip(" ,")))
                sp = _np_after(masked, ce, e)
            elif MASK in left and _NO_MASK.fullmatch(tail := left[left.rfind(MASK) + 1 :]) and (
                _SHORT_NP.fullmatch(tail)
                or _APPOS_NP.fullmatch(tail) and _ADJUNCT_AFTER.match(after_cue) and nxt == e
            ) and not _BUT_AND_END.search(tail.rstrip()):  # "“...” of all and rejected": no
                # "Q, X said": content is the sentence up to the quotation's end, from the end of
                # the sentence's previous attribution ("“A,” Cole said, and “B,” Lee replied")
                ends = [max(x["cue_end"] or 0, x["speaker_end"] or 0) for x in rows]
                c_from = max([k for k in ends if k <= s + left.rfind(MASK)], default=s)
                conj = _CONJ_START.match(masked, max(c_from, s))
                assert conj is not None  # every part is optional: it matches
                content = (conj.end(), s + left.rfind(MASK) + 1)
                sp = _np_before(masked, text, s, cs, verbs, aliases)
            elif left.rstrip().endswith(",") and not left.strip(" ,").endswith(MASK) and (
                _SPACE_DOT.fullmatch(after_cue) is None
            ) and _DET_OR_CAP.match(after_cue) and not _SUBJECT_APPOS.match(left) and not (
                _DESCRIBED_NAME.fullmatch(left)
            ):
                # "C, said X"
                content = (s, s + len(left.rstrip(" ,")))
                sp = _np_after(masked, ce, e)
            elif _END_PUNCT.fullmatch(masked[ce:e]) and "," in left:
                # "C, X wrote." / "..., Reuters reported."
                sp = _np_before(masked, text, s, cs, verbs, aliases)
                if sp and (mm := media.pattern.search(masked[sp[0] : sp[1]])) and (rows or others):
                    vias.append(media.by_alias[" ".join(str.lower(mm.group()).split())])
                    continue
                content = (s, masked.rfind(",", s, sp[0] if sp else cs))
            elif (as_lead := _AS_LEAD.match(left)) and after_cue.lstrip().startswith(","):
                sp = _strip_span(masked, s + as_lead.end(), cs)
                content = (ce + after_cue.index(",") + 1, e)
            else:
                # no speaker before the cue ("Asked whether ...", "..., then says"): the row
                # stays, its speaker carried over or the sentence's subject (below)
                sp = _np_before(masked, text, s, cs, verbs, aliases)
                if sp is None and form.endswith("ing") and _PREP_END.search(masked, s, cs):
                    continue  # "wary of saying anything": a gerund, no one attributes
                st = ce + _skip_after_cue(after_cue)
                th = _THAT.match(masked[st:nxt])
                st = st + th.end() if th else st
                end = _cut_at_next(masked, st, [c for c, _ in cues[i + 1 :]], e)
                if _SUBORD.match(masked, s) and "," not in masked[s:cs]:
                    k = masked.find(",", st, end)  # "Although she said C, she ...": C ends there
                    end = k if k > st else end
                content = (st, end)
        c0, c1 = _strip_span(masked, *content)
        if c1 <= c0 and art.next_quote and _COLON_END.fullmatch(masked, ce, art.para_end):
            c0, c1 = art.next_quote  # "Cruz continued:" and a paragraph of quotation
        if c1 <= c0:
            continue
        if sp is not None and rows and lemma in ("report", "write", "say"):
            mm = media.pattern.search(masked[sp[0] : sp[1]])
            if mm and mm.end() - mm.start() >= len(masked[sp[0] : sp[1]].strip()) - 12:
                vias.append(media.by_alias[" ".join(str.lower(mm.group()).split())])
                continue  # "..., Reuters reported.": the medium of the sentence, not a speaker
        if sp is not None and _NOT_A_SOURCE.fullmatch(masked, *_strip_span(masked, *sp)):
            # "Rabbi Marvin Hier, the founder of the center, has said": the words before the cue
            # are an auxiliary or adverb; the source is the noun phrase before them
            sp = _np_before(masked, text, s, sp[0], verbs, aliases)
        if sp is not None and " and " in masked[sp[0] : sp[1]]:
            lst = _LIST_BEFORE.search(masked, max(s, sp[0] - 120), sp[0])
            if lst and lst.end() == sp[0] and not _NOT_LIST_ITEM.match(masked, lst.start()):
                sp = (lst.start(), sp[1])  # "Carson, Fiorina and Huckabee said": all three
        if sp is not None:
            sp = _trim_source(masked, *sp)
            if sp[1] < len(masked) and masked[sp[1]] == "." and _ABBREV.search(
                masked, max(sp[0], sp[1] - 6), sp[1] + 1
            ):
                sp = (sp[0], sp[1] + 1)  # "Robert P. Casey Jr." keeps its period
            mention = text[sp[0] : sp[1]]
            ante = mention
            if str.lower(mention) in ("who", "which", "that"):  # resolved on what precedes it
                pre = _np_before(masked, text, s, sp[0], verbs, aliases)
                ante = text[pre[0] : pre[1]] if pre else mention
            speaker, anonymous, med = _speaker(ante, sp[0], para, art, verbs, media, aliases)
        elif rows:  # a participle or a cue with no subject of its own: the last speaker
            last = rows[-1]
            speaker, anonymous, med = last["speaker"], last["anonymous"], None
            mention = last["speaker_mention"]
            if last["speaker_start"] is not None:  # PARC marks the same source span
                sp = (last["speaker_start"], last["speaker_end"])
        else:
            subj = _subject_mention(art, s, cs, verbs) or (None, None)
            if subj[0] is None:
                speaker, anonymous, med, mention = "unknown", False, None, None
            else:
                mention = subj[1]
                sp = (subj[0], subj[0] + len(mention))
                speaker, anonymous, med = _speaker(
                    mention, subj[0], para, art, verbs, media, aliases
                )
        kind = verbs.kinds.get(lemma, "speech")
        if mention and str.lower(mention.rsplit(None, 1)[-1]) in verbs.evidence_sources:
            kind = "evidence"
        inside = masked.count(MASK, c0, c1)
        mode = "direct" if inside == c1 - c0 else "mixed" if inside else "reported"
        rows.append(
            {
                "speaker": speaker,
                "speaker_mention": mention,
                "speaker_start": sp[0] if sp else None,
                "speaker_end": sp[1] if sp else None,
                "cue": text[cs:ce],
                "cue_start": cs,
                "cue_end": ce,
                "cue_category": category,
                "content_start": c0,
                "content_end": c1,
                "direct": mode == "direct",
                "mode": mode,
                "anonymous": anonymous,
                "via": med,
                "kind": kind,
            }
        )
    # a medium of the sentence ("according to Reuters", "Reuters reported", "offered by public
    # television") is the via of the sentence's other attributions
    if media.one_sentence:
        in_sentence = _within(art.media_spans, s, e)
    else:
        in_sentence = _find(art, media.lower, media.pattern, s, e)
    for a, b in in_sentence:
        if _VIA_BY.search(masked[s:a]):
            vias.append(media.by_alias[" ".join(str.lower(masked[a:b]).split())])
    if vias:
        for r in rows:
            if r["via"] is None:
                r["via"] = vias[0]
    return rows
