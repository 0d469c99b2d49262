"""The attribution rules: sentence by sentence, each reporting verb (cue) with its speaker and
content (the patterns are listed in :mod:`coverage_study.attribution`)."""

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
from .lexicons import Media, Verbs, _Dated
from .speakers import (
    _CAP_RUN,
    _WHAT_REPORTED,
    _collect_people,
    _name_part,
    _speaker,
    _subject_mention,
)

_THAT = re.compile(r"^(?:[^\x01.,;]{0,80}?)\bthat\s+")
_SKIP_AFTER_CUE = re.compile(
    r"^(?:\s*(?:on\s+\w+day|at\s+the\s+time|today|yesterday|also|again|recently|later|"
    r"in\s+a\s+statement|over\s+the\s+weekend))*\s*"
)
_TRAIL_WORDS = ("also|today|yesterday|then|recently|later|has|have|had|was|were|is|are|will|would|"
                "once|again|already|now|however|further|repeatedly")
_TRAIL_ADV = re.compile(rf"(?:\s+(?:{_TRAIL_WORDS}))+\s*$", re.IGNORECASE)
_TRAIL_SET = frozenset(_TRAIL_WORDS.split("|"))  # _TRAIL_ADV can match only if the last word is one
_LEAD = re.compile(
    r"^(?:(?:however|but|and|so|yet|also|since\s+then|then|to\s+whom|whom|while|with|even|"
    r"although|though|when|whenever|if|because|since|whereas|after|before|until|unless|once|"
    r"now|instead|meanwhile|still|perhaps|indeed|thus|moreover|furthermore|like)\b[\s,]*)+",
    re.IGNORECASE,
)
_REL = re.compile(r"(?:^|\s)(who|which|that)$", re.IGNORECASE)  # "conservatives who wanted"
# trailing words of a subject that are not part of it: adverbs, "failed to", "was late to"
_TRAIL_VERBAL = re.compile(
    r"(?:\s+(?:\w+ly|often|never|not|even|still|just|only|all|both|first|ever|long|once|"
    r"soon|too|later|again|already|also|has|have|had|was|were|is|are|will|would|could|can|"
    r"should|may|might|must|did|does|do|been|being|be)\b)+$"
    r"|\s+(?:[a-z]\w*\s+){1,2}to$"
)
# "I" too, unless the alias table knows a name that ends in it ("Wang I": _known_name_end)
_PRONOUN_END = re.compile(r"(?:^|\s)(he|she|they|we|you|I)$", re.IGNORECASE)
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
_APPOS = re.compile(
    r"\s*(?:(?:a|an|the|who|whose|which|then|now|himself|herself|its|his|her|their)\s|[a-z]|\d"
    r"|[RDI]-|(?:Jr|Sr)\.?$)"
)
_DISCOURSE = re.compile(
    r"\s*(?:for\s+example|for\s+instance|of\s+course|however|too|in\s+turn|meanwhile|though|"
    r"instead|in\s+fact|in\s+particular|for\s+his\s+part|for\s+her\s+part|for\s+their\s+"
    r"part|again|also|though|in\s+a\s+statement|in\s+an\s+interview|on\s+\w+day)\s*$",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"\b(?:his|her|its|their|the|a|an|this|that|these|those|our|my|your)\s+$", re.IGNORECASE
)
_QUOTED_AS = re.compile(r"^\s+(.{1,80}?)\s+as\s+(?:saying|\w+ing|\w+)\b")
_THAT_NEXT = re.compile(r"\s+that\b")
_HEAD_BEFORE = re.compile(r"([A-Za-z]+)\s+(?:(?:also|now|consistently|clearly|still)\s+)?$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_CALLED_NAMING = re.compile(r"\s+(?:the\s+)?[\x01“\"‘]*[A-Z]")
# "a program called Sandy Hook Promise": an indefinite noun phrase names a thing (not a speaker)
_NOUN_BEFORE = re.compile(r"\b(?:a|an|so)[\s-]+(?:[a-z][\w’'-]*\s+){0,2}$", re.IGNORECASE)
_VIA_BY = re.compile(
    r"\b(?:offered|broadcast|aired|published|carried|cited|quoted)\s+by\s+$", re.IGNORECASE
)
_NOT_LEADING = re.compile(r"[^ \x01“\"(,]")  # text before a capitalised cue: it is mid-sentence
_AS_END = re.compile(r"\bas\s+$")
_TAIL = 200  # characters before a cue that the end-anchored checks read
_BY_NEXT = re.compile(r"\s+by\b")  # matched at the cue's end (not on a slice of the rest)
_SEG = re.compile(r"[^,;\x01]+")
_SPACES = re.compile(r"\s*")
_BUT_AND_END = re.compile(r"\b(?:but|and)$", re.IGNORECASE)
_NONSPACE = re.compile(r"\S+")
_NP_AFTER = re.compile(r"\s*([^\x01;]+?)(?=,\s*who\b|,\s*which\b|\s+when\b|[.;]\s*$|$|\s+as\s)")
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
_CONJ_END = re.compile(r"\s+(?:but|and)\s+(?:also\s+|then\s+)?$")  # "... but stressed"
_CONJ_WINDOW = 40  # characters before a cue in which _CONJ_END can start (at most a few spaces)
_PREP_END = re.compile(r"\b(?:of|about|for|without|from|before|after|by|than|in)\s+$")
_SUBORD = re.compile(
    r"\s*(?:although|though|even\s+though|while|when|whenever|if|because|after|before|since|"
    r"whereas|once|until|unless)\b",
    re.IGNORECASE,
)
# "Lynch: No outside influence", "Ann Cole ― We will win": a name, then a colon or dash, at
# the start of a sentence (or after a dash); the speaker words are checked by _colon_speaker
_COLON = re.compile(
    r"\s*((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w.’'\-]*(?:\s*\([^)]{1,20}\))?)\s*(:)\s+(?=\S)"
)
# "“...” — Paul Ryan (@SpeakerRyan)", a paragraph "- Bernie Sanders.": a signature after a
# quotation or a tweet; the source follows the dash, the content is what precedes it
_DASH_SIGN = re.compile(
    r"([-–—―])\s*((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w.’'\-]*)(?=\s*\(@|\s*[.,]|\s*$)"
)
_NOT_COLON_SPEAKER = frozenset({
    "update", "updated", "note", "editor", "editor's", "correction", "watch", "read", "photo",
    "photos", "video", "related", "source", "sources", "breaking", "listen", "see", "click",
    "follow", "subscribe", "q", "a", "question", "answer", "full", "text", "transcript", "name",
    "age", "city", "contributing", "pledged", "total", "warning", "live", "the", "this", "that",
    "here", "what", "why", "how", "when", "where", "who", "bottom", "line", "fact", "facts",
    "caption", "credit", "image", "map", "chart", "graphic", "background", "advertisement", "ad",
    "summary", "story", "more", "also", "previously", "context", "disclosure",
})
_ANY_DASH = re.compile(r"[-–—―]")
_NEGATED = re.compile(r"\b(?:not|never|n[’']t)\s+(?:\w+ly\s+|yet\s+)?$", re.IGNORECASE)
_AS_LEAD = re.compile(r"\s*As\s+", re.IGNORECASE)  # the speaker starts at its end


def _np_before(
    masked: str, text: str, s: int, cue_start: int, verbs: Verbs, aliases: _Dated | None = None
) -> tuple[int, int] | None:
    """The speaker mention before a cue, within the sentence ``[s, cue_start)``; a final
    pronoun alone ("Yesterday I", "this week she"), unless ``aliases`` knows the name it ends
    ("Wang I")."""
    q = masked.rfind(MASK, s, cue_start)
    base = s if q < 0 else q + 1
    last = _last_segment(masked, base, cue_start)
    if last is None:
        return None
    a, b = last
    # "..., Jens Stoltenberg, said": the segment right before the verb is empty
    gap = masked[b:cue_start]
    if _SPACES.fullmatch(gap.replace(",", "")) and gap.strip().startswith(","):
        # verb right after a comma: the last segment holding a name, or the first of the clause
        # (_SEG has no anchor or look-around: matching in place = matching the slice)
        segs = [m.span() for m in _SEG.finditer(masked, base, cue_start) if m.group().strip()]
        while len(segs) > 1 and _DISCOURSE.fullmatch(masked[segs[-1][0] : segs[-1][1]]):
            segs.pop()  # "Will Rogers, for example, said"
        named = [
            (x, y) for x, y in segs
            if _CAP_RUN.search(masked[x:y]) and _has_name(masked[x:y], verbs)
        ]  # fmt: skip
        a, b = named[-1] if named else segs[0]
        # "Eswar Prasad, a professor at Cornell University, said", "Rep. Chris Collins, R-N.Y.,
        # noted", "Tom Baker, who ran ..., said": the name and its appositions (PARC's source)
        j = len(segs) - 1
        while j > 0 and _APPOS.match(masked, segs[j][0]):
            j -= 1
        if j < len(segs) - 1 and _has_name(masked[segs[j][0] : segs[j][1]], verbs) and (
            _CAP_RUN.match(masked, segs[j][0] + len(masked[segs[j][0] : segs[j][1]])
                           - len(masked[segs[j][0] : segs[j][1]].lstrip()))
        ):
            a, b = segs[j][0], segs[-1][1]
            return _strip_span(masked, a, b, " \t,")
    a, b = _strip_span(masked, a, b, " \t")
    seg = masked[a:b]
    last_word = seg.rsplit(None, 1)[-1:]  # \s is str.isspace: the same words
    seg2 = _TRAIL_ADV.sub("", seg) if last_word and _lower(last_word[0]) in _TRAIL_SET else seg
    b = a + len(seg2)
    lead = _LEAD.match(seg2)
    if lead:
        a += lead.end()
    seg = masked[a:b]
    pro = _PRONOUN_END.search(seg.rstrip())
    if pro and pro.group(1) == "I" and _known_name_end(seg.rstrip(), aliases):
        pro = None  # "Wang I said": a name the alias table knows
    if pro:  # "this week she said", "Although in May she said", "Yesterday I said"
        return a + pro.start(1), a + pro.end(1)
    rel = _REL.search(seg.rstrip())
    if rel:  # the relative pronoun is the source (PARC); _speaker resolves it to what precedes
        return a + rel.start(1), a + rel.end(1)
    tv = _TRAIL_VERBAL.search(seg.rstrip())
    if tv and tv.start() > 0:
        b = a + tv.start()
        seg = masked[a:b]
    if not seg.strip():
        return None
    if str.lower(seg.rstrip()[-3:]) in ("but", "and") and _BUT_AND_END.search(seg.strip()):
        # "X rejected ... but stressed": the subject of the clause
        m = _CAP_RUN.match(masked, a)
        return (m.start(), m.end()) if m else None
    tokens = list(_NONSPACE.finditer(seg))
    if len(tokens) > 6:
        # backward scan: capitalised words, 'of', determiners and role words
        ok_lower = verbs.np_words
        k = len(tokens)
        while k > 0:
            t = tokens[k - 1].group()
            low = str.lower(t)
            if t[:1].isupper() or low in ok_lower or low in {"high-ranking", "senior"}:
                k -= 1
            else:
                break
        if k == len(tokens):
            return None
        while k < len(tokens) and str.lower(tokens[k].group()) in {"of"}:
            k += 1
        if k == len(tokens):  # only "of" was left ("... a member of"): no noun phrase
            return None
        a = a + tokens[k].start()
    return (a, b)


def _known_name_end(seg: str, aliases: _Dated | None) -> bool:
    """``seg`` ends in a name of the alias table of two words or more ("Wang I")."""
    if aliases is None:
        return False
    tokens = seg.split()
    ends = [" ".join(tokens[-k:]) for k in range(2, min(5, len(tokens)) + 1)]
    return any(aliases.resolve(end) for end in ends)


def _last_segment(masked: str, base: int, end: int) -> tuple[int, int] | None:
    """The last match of ``_SEG`` in ``masked[base:end]`` that is not blank, found from the end
    (``[base, end)`` holds no quotation mask, so segments are cut at commas and semicolons)."""
    while end > base:
        k = max(masked.rfind(",", base, end), masked.rfind(";", base, end))
        start = base if k < 0 else k + 1
        if masked[start:end].strip():
            return start, end
        end = start - 1
    return None


def _has_name(seg: str, verbs: Verbs) -> bool:
    return any(_name_part(m.group(), verbs)[1] for m in _CAP_RUN.finditer(seg))


def _np_after(masked: str, start: int, end: int) -> tuple[int, int] | None:
    m = _NP_AFTER.match(masked[start:end])
    if not m or not m.group(1).strip():
        return None
    a, b = start + m.start(1), start + m.end(1)
    # "a high-ranking official of Chinese diplomacy, Wang I": the name after the apposition
    parts = masked[a:b].rsplit(",", 1)
    if len(parts) == 2 and _CAP_RUN.fullmatch(parts[1].strip()):
        a = b - len(parts[1].lstrip())
    return _strip_span(masked, a, b)


def _article_rows(
    article_id: str,
    text: str,
    zones: list[tuple[str, int, int]],
    outer: list[tuple[int, int]],
    verbs: Verbs,
    media: Media,
    aliases: _Dated | None,
) -> list[dict[str, Any]]:
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


_SOURCE_LEAD = re.compile(
    r"(?:(?:and|but|yet|as|so|or|while|then|also|because|if|when|though|although|even)\s+)+",
    re.IGNORECASE,
)
_SOURCE_CUT = re.compile(r",\s*(?:though|although|but|while|whereas)\b", re.IGNORECASE)
_SOURCE_AUX = re.compile(
    r"(?:[’']\s?(?:d|ve|ll|re)|\s+(?:is|are|was|were|has|have|had|did|does|do|will|would|could|"
    r"should|can|may|might|must)(?:\s+not|n[’']t)?|\s+(?:didn|doesn|don|aren|isn|wasn|weren|"
    r"hasn|haven|hadn|won|wouldn|couldn|shouldn|can)[’']t)(?:\s+(?:also|all|not|even|never|"
    r"still|already|now|just|only))?$",
    re.IGNORECASE,
)
_SOURCE_REL = re.compile(r"(?:^|\s)(?:that|which|whom|to\s+which|to\s+whom)\s+", re.IGNORECASE)
_CAP_OR_DET = re.compile(r"(?:the|a|an|his|her|their|its)\s|[A-Z]")
_NOT_A_SOURCE = re.compile(
    r"(?:(?:has|have|had|is|are|was|were|will|would|could|should|can|may|might|must|did|does|do|"
    r"also|then|later|once|still|never|often|even|just|only|not|ever|to|\w+ly|\w+ed\s+to|"
    r"\w+ing\s+to)(?:\s+|$))+",
    re.IGNORECASE,
)
_LIST_BEFORE = re.compile(r"(?<![\w’'.-])(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3},\s+)+")
_NOT_LIST_ITEM = re.compile(
    r"(?:In|On|At|After|Before|Since|During|When|While|If|But|And|So|Yet|Still|Yesterday|Today|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|However|Meanwhile|Instead|"
    r"Indeed|Later|Earlier|Now|Then|Also|Asked|Like|Unlike|Including)\b"
)
_SOURCE_EDGE = " ,;:.\t\n\r\xa0\u2009\u202f"


def _trim_source(masked: str, a: int, b: int) -> tuple[int, int]:
    """The source span without what is not part of the noun phrase: white space of any kind
    (no-break spaces too) and punctuation at its ends, a leading conjunction or "as" ("as The
    Hill reported", "And Clinton said"), a trailing concessive clause ("Priebus, though he
    added ..."). PARC's and PolNeAR's source spans are the noun phrase alone."""
    a, b = _strip_span(masked, a, b, chars=_SOURCE_EDGE)
    lead = _SOURCE_LEAD.match(masked, a, b)
    if lead and lead.end() < b:
        a = lead.end()
    cut = _SOURCE_CUT.search(masked, a, b)
    if cut and cut.start() > a:
        b = cut.start()
    aux = _SOURCE_AUX.search(masked, a, b)
    if aux and aux.start() > a and not masked[aux.start() : aux.end()].lstrip()[:1].isupper():
        # (a capital is a name: "Theresa May said" keeps "May")
        b = aux.start()  # "He didn't mention", "they've offered", "The actors are all quick to"
    rel = next(reversed(list(_SOURCE_REL.finditer(masked, a, b))), None)  # the last one
    if rel and rel.start() > a and rel.end() < b and _CAP_OR_DET.match(masked, rel.end()):
        a = rel.end()  # "a charge that Colorado Republican leaders denied": the leaders
    return _strip_span(masked, a, b, chars=_SOURCE_EDGE)


def _span_row(art: _Article, sp: tuple[int, int], cue: tuple[int, int],
              content: tuple[int, int], para: int) -> dict[str, Any]:  # fmt: skip
    """A row for a cue that is punctuation (a colon, a signing dash): no category, speech."""
    verbs, media, aliases = art.context
    mention = art.text[sp[0] : sp[1]]
    speaker, anonymous, med = _speaker(mention, sp[0], para, art, verbs, media, aliases)
    c0, c1 = content
    inside = art.masked.count(MASK, c0, c1)
    mode = "direct" if inside == c1 - c0 else "mixed" if inside else "reported"
    return {
        "speaker": speaker, "speaker_mention": mention, "speaker_start": sp[0],
        "speaker_end": sp[1], "cue": art.text[cue[0] : cue[1]], "cue_start": cue[0],
        "cue_end": cue[1], "cue_category": None, "content_start": c0, "content_end": c1,
        "direct": mode == "direct", "mode": mode, "anonymous": anonymous, "via": med,
        "kind": "speech",
    }  # fmt: skip


def _colon_row(art: _Article, s: int, e: int, para: int, cues: list[tuple[int, int]]
               ) -> dict[str, Any] | None:  # fmt: skip
    """``Lynch: No outside influence ...``: a name, a colon, at least three words."""
    colon = _COLON.match(art.masked, s, e)
    if not colon:
        return None
    quoted = art.masked.startswith(MASK, colon.end())  # "Reid: ‘Never underestimate Trump.’"
    if not _colon_speaker(colon.group(1), art.context[0], quoted):
        return None
    if any(a < colon.end() for a, _ in cues):  # a reporting verb before the colon: its own row
        return None
    c0, c1 = _strip_span(art.masked, colon.end(), e)
    if c1 <= c0 or len(art.text[c0:c1].split()) < 3:  # words of the text (a quotation is masked)
        return None
    return _span_row(art, colon.span(1), colon.span(2), (c0, c1), para)


def _sign_row(art: _Article, s: int, e: int, para: int) -> dict[str, Any] | None:
    """``“...” — Paul Ryan (@SpeakerRyan)``, a paragraph ``- Bernie Sanders.`` after a
    quotation: the source after the dash, the content the quotation (or tweet) before it."""
    masked = art.masked
    sign = _DASH_SIGN.search(masked, s, e)
    if not sign or not _has_name(sign.group(2), art.context[0]):
        return None
    k = len(masked[: sign.start()].rstrip(" \t\n.,"))
    content: tuple[int, int] | None = None
    if k > 0 and masked[k - 1] == MASK:  # the quotation the dash signs (this paragraph or the last)
        q0 = k - 1
        while q0 > 0 and masked[q0 - 1] == MASK:
            q0 -= 1
        content = (q0, k)
    elif k > s and masked.startswith("(@", sign.end() + 1):
        content = _strip_span(masked, s, sign.start())  # a tweet signed by its author
    if content is None or content[1] <= content[0]:
        return None
    return _span_row(art, _strip_span(masked, *sign.span(2)), sign.span(1), content, para)


def _colon_speaker(words: str, verbs: Verbs, quoted: bool = False) -> bool:
    """A colon or dash after these words attributes what follows to them: a name (not a heading
    word such as *Update*, *Watch*, *Photo*) of at most five words; before a quotation, also
    one capitalised word that is not a place or heading ("Reid: ‘Never ...’")."""
    tokens = words.split()
    if not tokens or str.lower(tokens[0]).strip(".") in _NOT_COLON_SPEAKER:
        return False
    if any(str.lower(t).strip(".") in _NOT_COLON_SPEAKER for t in tokens[-1:]):
        return False
    if quoted and len(tokens) == 1 and tokens[0] not in verbs.speakers["not_name"]:
        return True
    return _has_name(words, verbs) or tokens[-1].isupper() and len(tokens[-1]) > 2


def _title_case(masked: str, s: int, e: int) -> bool:
    """A headline in title case ("Mike Pence Calls for Special Prosecutor"): of its words of
    four letters or more (title case leaves short function words lower case), at least three,
    and three in four capitalised."""
    words = [w for w in _WORD.findall(masked, s, e) if len(w) >= 4]
    return len(words) >= 3 and 4 * sum(w[0].isupper() for w in words) >= 3 * len(words)


def _is_cue(masked: str, s: int, start: int, end: int, e: int | None = None,
            verbs: Verbs | None = None) -> bool:  # fmt: skip
    """Not a cue: a capitalised word inside the sentence ("Secretary of State"), a noun after a
    determiner ("his claim"), a passive ("asked by journalists"), "as saying" after "quoted";
    with ``verbs``, the readings its ``[not_cue]`` table lists ("think tank", "called off", "a
    program called X", "the show")."""
    word = masked[start:end]
    # the end-anchored checks look only at the tail before the cue: scanning the whole sentence
    # prefix for every cue was quadratic on long unpunctuated lines
    if word[:1].isupper() and _NOT_LEADING.search(masked, s, start) and not (
        e is not None and _title_case(masked, s, e)
    ):
        return False
    # "his claim", "as said": a word and the spaces before the cue (5 letters at most, then
    # the \b before them): search only there
    ws = start
    while ws > s and masked[ws - 1].isspace():
        ws -= 1
    tail = max(s, start - _TAIL, ws - 6)
    if _DETERMINER.search(masked, tail, start):
        return False
    if start > s + 1 and masked[start - 1] == "-" and masked[start - 2].isalpha():
        return False  # "well-known", "much-discussed": a compound adjective
    if verbs is not None and not _allowed(masked, s, start, end, tail, verbs):
        return False
    if _BY_NEXT.match(masked, end) and (
        " ".join(str.lower(word).split()) not in ("as reported by", "as quoted by")
    ):
        return False
    return not _AS_END.search(masked, tail, start)


def _allowed(masked: str, s: int, start: int, end: int, tail: int, verbs: Verbs) -> bool:
    """False for a reading that the lexicon's ``[not_cue]`` table says is no attribution."""
    form = " ".join(str.lower(masked[start:end]).split())
    if form in verbs.evidence_only and not _THAT_NEXT.match(masked, end):
        head = _HEAD_BEFORE.search(masked, tail, start)
        if head is None or str.lower(head.group(1)) not in verbs.evidence_sources:
            return False  # "show" is a cue after a poll, data, a study ... ("polls show")
    lemma = verbs.forms[form][0] if form in verbs.forms else None
    after = verbs.not_followed_by.get(lemma) if lemma else None
    if after is not None and after.match(masked, end):
        return False  # "a conservative think tank", "called off the deal"
    # "a program called Sandy Hook Promise": an indefinite noun phrase, then a name
    return not (
        lemma in verbs.naming
        and _CALLED_NAMING.match(masked, end)
        and _NOUN_BEFORE.search(masked, max(s, tail - 30), start)
    )


def _skip_after_cue(after_cue: str) -> int:
    """How many characters after a cue to skip: spaces and "on Monday", "also", ..."""
    m = _SKIP_AFTER_CUE.match(after_cue)
    assert m is not None  # every repeat is optional: it matches, if only the empty string
    return m.end()


def _cut_at_next(masked: str, st: int, later: list[int], e: int) -> int:
    """Content runs to the sentence end, or to the comma (or ``but``/``and``) that opens the
    clause of a later cue of the sentence: the first later cue with such a clause opening before
    it and after ``st`` (a cue with none, as in ``is not considering``, is inside the content)."""
    comma = masked.find(",", st + 1, e)  # the first comma after st: none, no cut by a comma
    for nxt in later:
        if nxt <= st:
            continue
        # the conjunction ends at the cue: only the characters just before it are read (a scan
        # from st for every later cue was quadratic in a long sentence with many cues)
        conj = _CONJ_END.search(masked, max(st, nxt - _CONJ_WINDOW), nxt)
        if conj:
            return conj.start()
        if 0 <= comma < nxt:
            return masked.rfind(",", st, nxt)
    return e
