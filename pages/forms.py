from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.forms import BaseImageForm

MAX_QUERY_LENGTH = 200


def page_type_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


@lru_cache(maxsize=64)
def _type_choices(keys_and_models, language):
    """The type filter's choices but the first, in name order. Kept per language: the names
    are translated each time they are read, twice per type on every search."""
    choices = ((key, capfirst(str(model._meta.verbose_name_plural))) for key, model in keys_and_models)
    return sorted(choices, key=lambda choice: choice[1])


class SiteSearchForm(forms.Form):
    """The search box and the type filter. `page_types` are the models that have live pages,
    so the filter never offers a type without results."""

    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[ProhibitNullCharactersValidator()],
    )
    type = forms.ChoiceField(label=_("Type of page"), required=False)

    def __init__(self, *args, page_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.models_by_key = {page_type_key(model): model for model in page_types}
        types = _type_choices(tuple(self.models_by_key.items()), get_language())
        self.fields["type"].choices = [("", _("All types")), *types]

    def clean_q(self):
        # Double quotes are full-text syntax on SQLite, where an unbalanced one is an error;
        # the search box offers no phrase search, so they carry no meaning here.
        return self.cleaned_data["q"].replace('"', " ").strip()

    def clean_type(self):
        key = self.cleaned_data["type"]
        return self.models_by_key.get(key)


class SiteImageForm(BaseImageForm):
    """Wagtail's image form, counting every frame of an animation against
    `WAGTAILIMAGES_MAX_IMAGE_PIXELS`: Willow's Pillow plugin reports one frame, so a small
    animated GIF of many frames would pass and then cost its full size in memory each time a
    rendition is made."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "image"):  # a new upload, not the stored file
            _check_pixels_of_all_frames(upload)
        return upload


def _check_pixels_of_all_frames(upload):
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if not limit:
        return
    upload.seek(0)
    with PILImage.open(upload) as picture:
        # Counting frames reads each frame's header, not its pixels.
        frames = getattr(picture, "n_frames", 1)
        width, height = picture.size
    upload.seek(0)
    if width * height * frames > limit:
        raise forms.ValidationError(
            _(
                "This file has too many pixels (%(pixels)s in %(frames)s frames). Maximum pixels %(limit)s. "
                "Use fewer frames or a smaller size."
            ),
            code="file_too_many_pixels",
            params={"pixels": width * height * frames, "frames": frames, "limit": limit},
        )
