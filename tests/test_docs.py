"""The documentation site's sources (``docs/``, ``mkdocs.yml``) and the README's links.

``make docs`` builds the site with ``mkdocs build --strict`` (CI: ``.ci/run``); these tests
check, without the documentation tools, what that build cannot: that the reference names every
public function, and that the README's links (the README is not a page of the site) resolve.
"""

import re
from pathlib import Path

import coverage_study

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"^::: coverage_study\.([\w.]+)\.(\w+)$", re.MULTILINE)


def test_reference_documents_every_public_name() -> None:
    """Every name of ``coverage_study.__all__`` (but ``__version__``) has one ``:::`` line in
    ``docs/reference.md``, under the module ``coverage_study`` takes it from, and nothing else
    is there: a new public function without a reference entry fails here."""
    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    found = DIRECTIVE.findall(text)
    names = [name for _, name in found]
    assert len(names) == len(set(names)), "a name documented twice"
    public = set(coverage_study.__all__) - {"__version__"}
    assert set(names) == public, (sorted(public - set(names)), sorted(set(names) - public))
    for module, name in found:
        assert coverage_study._SUBMODULE[name] == module, (name, module)


def test_readme_links_resolve() -> None:
    """Each relative link and image of the README names a file of the checkout (the README
    points into ``docs/`` and ``figures/``; ``mkdocs build --strict`` checks only the site)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    relative = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert len(relative) >= 10, relative  # the documentation list, the figure, the guide pages
    for target in relative:
        path = target.split("#", 1)[0]
        assert (ROOT / path).is_file(), f"README.md links to {target}, which does not exist"


def test_readme_is_short_and_the_guide_holds_the_rest() -> None:
    """Issue 27: the README keeps to what a newcomer needs (under 1,500 words; it was 11,000
    when the guide was made) and every section the guide moved out is a page in the site's nav."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.split()) < 1500
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs" / "guide").glob("*.md")):
        assert f"guide/{page.name}" in nav, f"{page.name} is not in mkdocs.yml's nav"
