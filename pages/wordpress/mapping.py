"""Which of the site's categories each WordPress category becomes, and which make events:
from a JSON file for the command, from the admin form for the screen."""

import json

from django.utils.translation import gettext as _

from .importer import Mapping


class MappingError(ValueError):
    pass


def mapping_from_json(data):
    if not isinstance(data, dict):
        raise MappingError(_("The mapping must be a JSON object."))
    categories = data.get("categories", {})
    events = data.get("event_categories", [])
    if not isinstance(categories, dict) or not all(isinstance(value, str) for value in categories.values()):
        raise MappingError(_("“categories” must map WordPress category slugs to the site's category slugs."))
    if not isinstance(events, list) or not all(isinstance(value, str) for value in events):
        raise MappingError(_("“event_categories” must be a list of WordPress category slugs."))
    return Mapping(categories=dict(categories), event_categories=set(events))


def read_mapping_file(path):
    try:
        return mapping_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MappingError(_("The mapping file is not valid JSON: %(error)s") % {"error": error}) from error
