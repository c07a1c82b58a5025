"""Compile the interface translations (.po) into the files Django reads (.mo) with polib, so no
machine needs GNU gettext. Safe to run again and from several processes at once."""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every django.po under LOCALE_PATHS into its django.mo when the .po is newer."

    def handle(self, *args, **options):
        catalogues = _catalogues()
        compiled = [po_path for po_path in catalogues if _compile_if_stale(po_path)]
        if options["verbosity"]:
            self.stdout.write(f"Translations: {len(compiled)} compiled, {len(catalogues) - len(compiled)} up to date.")


def _catalogues():
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/django.po"))


def _compile_if_stale(po_path):
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    # Written beside it and renamed, so a process reading the catalogue never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        polib.pofile(str(po_path)).save_as_mofile(temporary)
        os.replace(temporary, mo_path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return True
