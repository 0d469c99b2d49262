"""MkDocs hooks: the figures on the tutorial pages, and the docstrings' cross-references.

**Figures.** The notebooks end their plot cells by showing the saved figure's path (``PosixPath(
'../figures/NN-name.svg')``, see the developers page) rather than the figure, so their stored
outputs hold no image. On a tutorial page, each such output is followed by the committed figure
itself (``figures/`` is in the site through the ``docs/figures`` symlink). A path to a figure
that is not in the site is a warning, which ``mkdocs build --strict`` turns into a failure.

**Cross-references.** The docstrings name other functions with Sphinx roles
(``:func:`load_corpus```, ``:class:`~coverage_study.Lexicon```), which mkdocstrings prints as
they are. On the reference page, each becomes its name in code, linked to that name's entry
when the page documents it (a public name); the others (private helpers, pandas) stay plain
code, without the role.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

log = logging.getLogger("mkdocs.hooks.site")
_figures: set[str] = set()  # the figures/ files of the site, set by on_files

_SAVED = re.compile(r"<pre>PosixPath\((?:'|&#39;)(\.\./figures/([\w.-]+\.svg))(?:'|&#39;)\)</pre>")


def on_post_page(output: str, page: Any, config: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output

    def add_figure(match: re.Match[str]) -> str:
        path, name = match.group(1), match.group(2)
        if f"figures/{name}" not in _figures:
            log.warning("%s names %s, which is not in figures/", page.file.src_uri, path)
        alt = html.escape(name)
        return f'{match.group(0)}\n<p><img src="{path}" alt="{alt}" loading="lazy"></p>'

    return _SAVED.sub(add_figure, output)


_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj):<code>(~?)([\w.]+)</code>")
_ANCHOR = re.compile(r'id="(coverage_study\.[\w.]+)"')


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != "reference.md":
        return html_text
    anchors = _ANCHOR.findall(html_text)
    # a public name's entry (coverage_study.module.name), not a method of the same name
    by_name = {a.rsplit(".", 1)[1]: a for a in anchors if a.count(".") == 2}

    def link(match: re.Match[str]) -> str:
        short, target = match.group(1), match.group(2)
        shown = target.rsplit(".", 1)[-1] if short else target
        name = target.rsplit(".", 1)[-1]
        anchor = target if target in anchors else by_name.get(name)
        public = target in (name, anchor, f"coverage_study.{name}")
        if anchor is None or not public:
            return f"<code>{shown}</code>"
        return f'<a href="#{anchor}"><code>{shown}</code></a>'

    return _ROLE.sub(link, html_text)


def on_files(files: Any, config: Any) -> Any:
    _figures.clear()
    _figures.update(f.src_uri for f in files if f.src_uri.startswith("figures/"))
    return files
