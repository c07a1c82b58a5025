"""Demo newsletter archive: volumes 32 to 37 with generated covers and PDFs."""

import json
from datetime import date
from pathlib import Path

from wagtail.models import Page

from pages.demo.media import placeholder_image, placeholder_pdf
from pages.demo.pages import upsert_child
from pages.demo.registry import demo_step

from .models import NewsletterIndexPage, VolumeContentsItem, VolumePage, volume_download_filename

DATA = Path(__file__).parent / "data" / "volumes.json"


def volume_pdf(volume):
    document = placeholder_pdf(
        f"UCLG ASPAC Newsletter Vol. {volume['number']}",
        [volume["period"], volume["summary"]] + [entry["title"] for entry in volume["contents"]],
        pages=volume["pages"],
        filename=volume_download_filename(volume["number"]),
    )
    document.get_file_size()
    return document


@demo_step(order=50)
def load_newsletters(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    archive = upsert_child(context.home, NewsletterIndexPage, "newsletters", show_in_menus=True, **data["index"])
    story_slugs = {entry["story"] for volume in data["volumes"] for entry in volume["contents"] if "story" in entry}
    stories = {page.slug: page for page in Page.objects.filter(slug__in=story_slugs)}
    for volume in data["volumes"]:
        number = volume["number"]
        upsert_child(
            archive,
            VolumePage,
            VolumePage.default_slug(number),
            title=VolumePage.default_title(number),
            volume_number=number,
            issue_date=date.fromisoformat(volume["issue_date"]),
            period=volume["period"],
            summary=volume["summary"],
            cover_image=placeholder_image(f"Newsletter Vol. {number} cover", 600, 800),
            pdf=volume_pdf(volume),
            contents=[
                VolumeContentsItem(
                    title=entry["title"], page_number=entry["page"], story=stories.get(entry.get("story"))
                )
                for entry in volume["contents"]
            ],
        )
    context.created["newsletter_archive"] = archive
    context.report(f"Newsletters: {len(data['volumes'])} volumes, {len(stories)} linked stories.")
