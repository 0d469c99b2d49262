"""MkDocs hook: show each figure a notebook saved beside the output that names it.

The notebooks end their plot cells by showing the saved figure's path (``PosixPath(
'../figures/NN-name.svg')``, see the developers page) rather than the figure, so their stored
outputs hold no image. On a tutorial page, each such output is followed by the committed figure
itself (``figures/`` is in the site through the ``docs/figures`` symlink). A path to a figure
that is not in the site is a warning, which ``mkdocs build --strict`` turns into a failure.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

log = logging.getLogger("mkdocs.hooks.notebook_figures")
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


def on_files(files: Any, config: Any) -> Any:
    _figures.clear()
    _figures.update(f.src_uri for f in files if f.src_uri.startswith("figures/"))
    return files
