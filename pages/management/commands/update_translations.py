"""Add the interface strings marked in templates and code but missing from a `.po` catalogue, as
`makemessages` would, without GNU gettext. New entries are untranslated (the site shows them in
English) until a translator fills them in; existing entries are never changed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from pages.interface_strings import marked_strings

# One line per message, as the catalogues are written by hand.
NO_WRAPPING = 0


class Command(BaseCommand):
    help = "Add the strings marked for translation that each locale/<lang>/LC_MESSAGES/django.po lacks."

    def handle(self, *args, **options):
        marked = marked_strings()
        for path in sorted(Path(folder) for folder in settings.LOCALE_PATHS):
            for po_path in sorted(path.glob("*/LC_MESSAGES/django.po")):
                added = add_missing_entries(po_path, marked)
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {added} added.")


def add_missing_entries(po_path, marked):
    catalogue = polib.pofile(str(po_path), wrapwidth=NO_WRAPPING)
    known = {(entry.msgctxt or "", entry.msgid) for entry in catalogue}
    missing = [(key, found) for key, found in marked.items() if key not in known]
    for (context, message), found in missing:
        entry = polib.POEntry(
            msgctxt=context or None,
            msgid=message,
            msgstr="",
            occurrences=[(place, "") for place in dict.fromkeys(found.places)],
            flags=["python-format"] if "%(" in message else [],
        )
        if found.plural:
            entry.msgid_plural = found.plural
            entry.msgstr_plural = {0: ""}
        catalogue.append(entry)
    if missing:
        catalogue.save()
    return len(missing)
