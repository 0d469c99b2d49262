"""The source span of an attribution: the noun phrase before or after a cue that names who speaks
("Eswar Prasad, a professor at Cornell University, said", "said Jens Stoltenberg"), and its
trimming to the noun phrase alone, as PARC's and PolNeAR's source spans are. The sentence shapes
that call these are in :mod:`coverage_study.components.attribution.rules`."""

from __future__ import annotations

import re

from .article import MASK, _lower, _strip_span
from .lexicons import Verbs, _Dated
from .speakers import _CAP_RUN, _name_part

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
_SEG = re.compile(r"[^,;\x01]+")
_SPACES = re.compile(r"\s*")
_BUT_AND_END = re.compile(r"\b(?:but|and)$", re.IGNORECASE)
_NONSPACE = re.compile(r"\S+")
_NP_AFTER = re.compile(r"\s*([^\x01;]+?)(?=,\s*who\b|,\s*which\b|\s+when\b|[.;]\s*$|$|\s+as\s)")


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
