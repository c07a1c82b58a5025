"""Editors cannot build nonsense trees."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, SectionPage, StandardPage


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_sections_live_directly_under_the_home_page(self):
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertAllowedSubpageTypes(SectionPage, {StandardPage})

    def test_standard_pages_nest_under_home_sections_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, SectionPage, StandardPage})
        self.assertCanNotCreateAt(StandardPage, SectionPage)
        self.assertCanNotCreateAt(SectionPage, HomePage)
