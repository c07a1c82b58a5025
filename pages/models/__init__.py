from .base import BasePage, promote_panels_for
from .cache import PendingCacheInvalidation
from .home import HomePage
from .media import PdfCheck, SiteDocument, SiteImage, SiteRendition
from .news import EventPage, EventPageTag, NewsIndexPage, StoryCategory, StoryPage, StoryPageTag
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
]
