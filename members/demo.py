"""Demo content of the membership app: the Be a Member page, its lists and a few members."""

import json
from pathlib import Path

from wagtail.models import Site

from pages.demo.media import placeholder_image
from pages.demo.pages import rich_paragraphs, upsert_child
from pages.demo.registry import demo_step

from .countries import default_income_groups
from .models import (
    CorrespondenceLanguage,
    CountryIncomeGroup,
    FeeBand,
    IncomeGroup,
    InterestArea,
    Member,
    MemberDirectoryPage,
    MembershipCategory,
    MembershipPage,
    MembershipSettings,
    PopulationBand,
)

DATA = Path(__file__).parent / "data" / "demo.json"


def _body(items):
    blocks = []
    for item in items:
        if isinstance(item, dict):
            blocks.append({"type": "heading", "value": {"text": item["heading"], "level": "h2"}})
        else:
            blocks.extend(rich_paragraphs([item]))
    return blocks


@demo_step(order=60)
def load_membership(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    categories = _load_taxonomies(data)
    page_data = data["page"]
    page = upsert_child(
        context.home,
        MembershipPage,
        "be-a-member",
        title=page_data["title"],
        introduction=page_data["introduction"],
        body=_body(page_data["body"]),
        form_heading=page_data["form_heading"],
        form_introduction=page_data["form_introduction"],
        thank_you_heading=page_data["thank_you_heading"],
        thank_you_text=page_data["thank_you_text"],
        show_in_menus=False,
    )
    upsert_child(
        page,
        MemberDirectoryPage,
        "members",
        title=data["directory"]["title"],
        introduction=data["directory"]["introduction"],
        show_in_menus=False,
    )
    for member in data["members"]:
        Member.objects.update_or_create(
            organisation_name=member["organisation_name"],
            defaults={
                **{key: value for key, value in member.items() if key != "category"},
                "category": categories[member["category"]],
                "logo": placeholder_image(f"Logo {member['organisation_name']}", 240, 240),
            },
        )
    home = context.home
    home.member_link = page
    home.save_revision().publish()
    settings = MembershipSettings.for_site(Site.objects.get(root_page=home))
    settings.secretariat_email = page_data["secretariat_email"]
    settings.save()
    context.report(f"Membership: the Be a Member page, {len(data['members'])} members.")


def _load_taxonomies(data):
    categories = []
    for order, category in enumerate(data["categories"]):
        categories.append(
            MembershipCategory.objects.update_or_create(
                name=category["name"], defaults={**category, "sort_order": order}
            )[0]
        )
    for order, name in enumerate(data["interests"]):
        InterestArea.objects.update_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(data["languages"]):
        CorrespondenceLanguage.objects.update_or_create(
            name=name, defaults={"sort_order": order, "site_language": data["site_languages"].get(name, "")}
        )
    groups = [
        IncomeGroup.objects.update_or_create(key=group["key"], defaults={"name": group["name"], "sort_order": order})[0]
        for order, group in enumerate(data["income_groups"])
    ]
    by_key = {group.key: group for group in groups}
    for code, key in default_income_groups().items():
        CountryIncomeGroup.objects.get_or_create(country=code, defaults={"income_group": by_key[key]})
    for band_data in data["population_bands"]:
        band, _ = PopulationBand.objects.update_or_create(
            min_population=band_data["min"], defaults={"label": band_data["label"], "max_population": band_data["max"]}
        )
        for group, fee in zip(groups, band_data["fees"], strict=True):
            FeeBand.objects.update_or_create(population_band=band, income_group=group, defaults={"annual_fee_usd": fee})
    return categories
