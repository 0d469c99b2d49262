"""Reading the package's data files (and a researcher's replacements for them) in one way."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["read_toml"]


def read_toml(
    path: str | Path | None, default: str, *, need_version: bool = True
) -> tuple[dict[str, Any], str, str]:
    """Parse a TOML data file: ``path``, or the packaged ``coverage_study/data/<default>``.

    Returns
    -------
    data, source, sha256
        The parsed document, the name used in messages, the sha256 of the file's bytes.

    Raises
    ------
    ValueError
        ``<source>: not a valid UTF-8 TOML file: ...`` or ``<source>: missing top-level
        'version'`` (where ``need_version``).
    """
    if path is None:
        raw = resources.files("coverage_study").joinpath(f"data/{default}").read_bytes()
        source = f"coverage_study/data/{default}"
    else:
        raw = Path(path).read_bytes()
        source = str(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{source}: not a valid UTF-8 TOML file: {exc}") from exc
    if need_version and "version" not in data:
        raise ValueError(f"{source}: missing top-level 'version'")
    return data, source, hashlib.sha256(raw).hexdigest()
