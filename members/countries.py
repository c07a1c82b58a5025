"""The Asia-Pacific countries and territories an application may come from (ISO 3166-1)."""

import json
from functools import cache
from pathlib import Path

from django_countries import Countries

DATA_FILE = Path(__file__).parent / "data" / "asia_pacific.json"


@cache
def default_income_groups() -> dict[str, str]:
    """Country code → income group key, as first loaded; staff edit them in the admin."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["countries"]


class AsiaPacificCountries(Countries):
    only = sorted(default_income_groups())
