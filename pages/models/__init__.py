# The news models live with their forms, feeds and views; importing them here registers them
# with this app, whose label they keep.
from pages.news.models import EventPage, EventPageTag, NewsIndexPage, StoryCategory, StoryPage, StoryPageTag
from pages.pdf import PdfCheck

from .base import BasePage, promote_panels_for
from .cache import PendingCacheInvalidation
from .cards import StoredCard
from .home import HomePage
from .media import SiteDocument, SiteImage, SiteRendition
from .sections import SectionPage, StandardPage
from .settings import FooterLink, MainMenu, MainMenuItem, SiteSettings

__all__ = [
    "BasePage",
    "promote_panels_for",
    "EventPage",
    "EventPageTag",
    "NewsIndexPage",
    "PendingCacheInvalidation",
    "StoryCategory",
    "StoryPage",
    "StoryPageTag",
    "HomePage",
    "PdfCheck",
    "SectionPage",
    "SiteDocument",
    "SiteImage",
    "SiteRendition",
    "SiteSettings",
    "MainMenu",
    "MainMenuItem",
    "FooterLink",
    "StandardPage",
    "StoredCard",
]
