"""The interface strings marked for translation in the site's templates and Python code, found the
way `makemessages` finds them but without GNU gettext: templates go through Django's own
`templatize`, Python files through `ast`. Used to keep the `.po` catalogues complete."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

SOURCE_FOLDERS = ["pages", "programmes", "newsletters", "members", "uclg_site"]
TEMPLATE_FOLDER = "templates"
# The functions that mark a string, with the position of the context and of the message among
# their arguments (a context of None means none).
MARKERS = {
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "_": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
PLURAL_MARKERS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
# templatize writes each literal with a u prefix.
_PYTHON_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
# What `templatize` writes for each {% translate %} and {% blocktranslate %}: calls whose
# arguments are Python string literals.
_TEMPLATIZED_CALL = re.compile(
    rf"\b(n?p?gettext)\(\s*({_PYTHON_STRING}(?:\s*,\s*{_PYTHON_STRING})*)",
)


@dataclass
class MarkedString:
    plural: str = ""
    places: list = field(default_factory=list)


def marked_strings():
    """{(context or "", message): MarkedString} over every template and source file, in the
    order they are first met."""
    found = {}
    for path, strings in _sources():
        for context, message, plural in strings:
            marked = found.setdefault((context, message), MarkedString())
            marked.plural = marked.plural or plural
            marked.places.append(path)
    return found


def _sources():
    base = Path(settings.BASE_DIR)
    templates = base / TEMPLATE_FOLDER
    for path in sorted([*templates.rglob("*.html"), *templates.rglob("*.txt")]):
        yield str(path.relative_to(base)), _template_strings(path)
    for folder in SOURCE_FOLDERS:
        for path in sorted((base / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield str(path.relative_to(base)), _python_strings(path)


def _template_strings(path):
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _TEMPLATIZED_CALL.finditer(text):
        arguments = [ast.literal_eval(item) for item in re.findall(_PYTHON_STRING, match.group(2))]
        function = match.group(1)
        context = arguments.pop(0) if function in ("pgettext", "npgettext") else ""
        plural = arguments[1] if function in ("ngettext", "npgettext") else ""
        yield context, arguments[0], plural


def _python_strings(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in MARKERS:
            continue
        context_at, message_at = MARKERS[name]
        literals = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        if len(literals) <= message_at or not isinstance(literals[message_at], str):
            continue
        context = literals[context_at] if context_at is not None else ""
        plural = literals[message_at + 1] if name in PLURAL_MARKERS and len(literals) > message_at + 1 else ""
        yield context or "", literals[message_at], plural or ""
