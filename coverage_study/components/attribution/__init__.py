"""Attribution: who is reported as saying what, through which cue and which medium.

One row per attribution in the source-cue-content shape of PARC 3.0 (Pareti 2016) and PolNeAR:
``speaker`` (the canonical actor), ``cue`` (the reporting verb or phrase), ``content`` (what is
attributed), plus ``via`` (the medium the words came through) and ``kind``.

What counts as attribution (the scope of PARC 3.0 and the PolNeAR guidelines, Newell et al.
2018): what a source is reported to have said or written (``kind`` ``speech``), what it is
reported to believe, want, plan or intend (``thought``: *Clinton believes*, *Xi wants*,
*promised to consider*), and what a poll, study, report or data set is reported to find
(``evidence``: *a poll shows that*, *according to the report*). The cues and their kinds are in
``data/reporting_verbs.toml`` (a cue whose speaker's head noun is a poll, study, report ... is
evidence whatever its verb). Rule-based, regular expressions
over the text, sentence by sentence inside the headline and body zones; direct quotations come
from :mod:`coverage_study.components.quotations` and are masked so that their inner punctuation
never splits a sentence.

Patterns recognised (``Q`` is a quotation, ``X`` a speaker mention, ``C`` reported content)
------------------------------------------------------------------------------------------
* ``Q, X said`` / ``Q X said`` / ``Q said X``: content is the sentence up to the end of the
  quotation (so ``China understands the “root causes ...,” Putin said`` is *mixed*);
* ``X said (that) C`` / ``X told Y (that) C`` / ``X stressed that C`` (any verb of
  ``data/reporting_verbs.toml``; time adjuncts between verb and ``that`` are skipped); content runs
  to the sentence end or to the clause of the next cue in the sentence;
* ``C, said X`` and ``C, X wrote.`` (content before, speaker after or at the end);
* ``According to X, C`` / ``As reported by X, C`` / ``As X wrote, C`` (and the same cues after
  the content);
* ``Q, the TASS agency quoted X as saying``: speaker ``X``, via TASS;
* ``..., recalling/insisting/stating that C``: a participle continues the speaker (and the
  source span) of the clause;
* ``X added`` etc. are ordinary cues (``neutral``);
* ``Name: C`` (a colon after a name at the start of a sentence, at least three words after it;
  heading words such as *Update*, *Watch*, *Photo* are no speakers) and a dash signing a
  quotation or a tweet (``“...” — Paul Ryan (@SpeakerRyan)``, a paragraph ``- Bernie Sanders.``);
* ``X, who ..., said C`` / ``X, a spokesman for Y, said C``: the source span is the name with its
  apposition or relative clause (as PARC marks it), the speaker the name; ``people who claim``:
  the source is ``who``, resolved to what precedes it;
* a cue with no subject of its own (``Asked whether ...``, ``... and said``) takes the source of
  the sentence's previous attribution, else the sentence's first person mention (span included);
  a gerund after a preposition (``wary of saying anything``) is no attribution;
* a paragraph that is nothing but a full quotation, with no cue, continues the speaker of the
  previous paragraph's quotation (cue empty);
* ``X cited by M`` / ``X quoted by M`` as a speaker mention (``sources cited by the newspaper``):
  the speaker is ``X`` (here anonymous), ``M`` the ``via``;
* a medium named in ``according to M``, ``as reported by M``, ``M reported`` (after another cue),
  ``offered/broadcast/cited/quoted by M``, or ``M quoted`` is not a speaker but the ``via`` of
  every other attribution of its sentence.

Speakers
--------
``speaker_mention`` is the text; ``speaker`` the canonical actor, in this order: an anonymous
source (a plural or vague head such as *sources*, *officials*, *diplomats*, *the press*, with no
name: ``unknown``, ``anonymous`` True); a medium from ``data/media.toml`` (``the newspaper`` is
the medium last named); ``he``/``she``: the subject (first person mentioned) of the nearest
preceding sentence that has one, in the same or the previous paragraph, ``unknown`` where that
subject is two people joined by "and" (``they``/``it``/``we``/``you`` and ``I``, the author, are
not resolved: ``unknown``; "I" ends a name only where the alias table knows it: "Wang I"); the
actor alias table (:func:`coverage_study.components.aliases.load_aliases`, if installed) on the
mention, then on the name inside it; a surname: the full name with that surname in the article; a
role description (``the Russian president``, ``the senator``): the one person of the article whose
title or apposition has the same role and names the same country (``data/nationalities.toml``:
every country's demonyms, names and capitals, compared by ISO code: ``the Japanese official``
fits "Japan’s envoy Taro Kono"), or, for a generic role (official, diplomat) with a country, the
one person of that country who is not a head of state; otherwise ``unknown`` (a person of no
known country is never taken for ``the Chinese official``). Weekdays, months and day-parts
(``On Monday``, ``In May``, ``Tonight``), titles and a country, demonym or capital opening a run
of capitals (``Japanese``, ``In Tokyo``) are not part of a name (``reporting_verbs.toml``
``not_name``, ``date_names``).
A conjoined speaker (``Xi Jinping and Putin``) gives both, joined by ``; ``. Never a guess: more
than one candidate is ``unknown``.

Not counted: *met*, *visited*, and other verbs that report no content; forms of a cue that are
mostly nouns in news (*report*, *comments*, *attacks*, *tweet*: see the TOML); attributions
nested inside another's content are not separate rows (``Reuters
recalls that the US warned Beijing ...`` gives Reuters, not the US) unless their own sentence
has the cue; quotations with no cue other than a continuation (headline quotations) have no
attribution.
"""

from .lexicons import load_media, load_reporting_verbs
from .table import ATTRIBUTION_COLUMNS, attach_to_quotes, attributions

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "attach_to_quotes",
    "attributions",
    "load_media",
    "load_reporting_verbs",
]
