"""The Asia-Pacific countries and territories an application may come from (ISO 3166-1)."""

import json
from functools import cache
from pathlib import Path

from django.utils import translation
from django_countries import Countries

DATA_FILE = Path(__file__).parent / "data" / "asia_pacific.json"


@cache
def default_income_groups() -> dict[str, str]:
    """Country code → income group key, as first loaded; staff edit them in the admin."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["countries"]


class AsiaPacificCountries(Countries):
    only = sorted(default_income_groups())


def country_choices():
    """(code, name) of every country and territory in name order, in the visitor's language.
    django-countries translates and sorts them all at each use; the forms and the directory
    of every request share one list per language instead."""
    return _choices_in(translation.get_language())


@cache
def _choices_in(language):
    with translation.override(language):
        return tuple((code, str(name)) for code, name in AsiaPacificCountries())


def countries_in_name_order(codes):
    position = {code: number for number, (code, _name) in enumerate(country_choices())}
    return sorted(codes, key=lambda code: position.get(code, len(position)))
