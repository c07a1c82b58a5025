"""StreamField blocks shared by every page type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
        help_text=_("Level 2 for main parts of the page, 3 and 4 for parts within them."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    # What blocks/captioned_image_block.html's srcset asks for, made when the page is published.
    prepared_renditions = {"image": ("width-400", "width-800", "width-1200")}

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class LinkTargetBlock(blocks.StructBlock):
    """A link to a page of the site or to another address, exactly one of the two."""

    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    url = blocks.URLBlock(label=_("Or another address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address, not both."))}
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Button text"), max_length=80)
    link = LinkTargetBlock(label=_("Link"))

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=200, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    pages = blocks.ListBlock(blocks.PageChooserBlock(label=_("Page")), label=_("Pages"), min_num=1)

    class Meta:
        icon = "grip"
        template = "blocks/card_grid_block.html"


class VideoBlock(blocks.StructBlock):
    """A poster image linking to the video: no third-party player loads until asked for."""

    # What blocks/video_block.html asks for, made when the page is published.
    prepared_renditions = {"poster": ("width-800",)}

    poster = ImageBlock(label=_("Poster image"))
    title = blocks.CharBlock(label=_("Video title"), max_length=200)
    url = blocks.URLBlock(label=_("Video address"), help_text=_("Where the video plays, e.g. its YouTube page."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "blockquote"],
        template="blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentDownloadBlock()
    cards = CardGridBlock()
    video = VideoBlock()
    table = TableBlock(template="blocks/table_block.html", icon="table")


class ExternalLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link-external"


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.CharBlock(label=_("Network"), max_length=60, help_text=_("For example “Facebook”."))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
