"""UN M49 sub-regions of countries, read from the data file kept in the repository."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "m49_subregions.json"


@cache
def _subregions():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["subregions"]


@cache
def _country_to_subregion():
    return {country: code for code, entry in _subregions().items() for country in entry["countries"]}


def subregion_of(country_code: str) -> str:
    """The M49 sub-region code of an ISO 3166 alpha-2 country code, or "" when unknown."""
    return _country_to_subregion().get(str(country_code).upper(), "")


def subregion_name(code: str) -> str:
    entry = _subregions().get(code)
    return _(entry["name"]) if entry else code
