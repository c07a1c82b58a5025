from .base import BasePage
from .home import HomePage
from .media import PdfCheck, SiteDocument, SiteImage, SiteRendition
from .news import EventPage, EventPageTag, NewsIndexPage, StoryCategory, StoryPage, StoryPageTag
from .resources import (
    Publisher,
    ResourceCountry,
    ResourceIndexPage,
    ResourceLanguage,
    ResourcePage,
    ResourceSuggestion,
    ResourceTheme,
    ResourceType,
    SustainableDevelopmentGoal,
)
from .sections import SectionPage, StandardPage
from .settings import SiteSettings

__all__ = [
    "BasePage",
    "EventPage",
    "EventPageTag",
    "NewsIndexPage",
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
    "StandardPage",
    "Publisher",
    "ResourceCountry",
    "ResourceIndexPage",
    "ResourceLanguage",
    "ResourcePage",
    "ResourceSuggestion",
    "ResourceTheme",
    "ResourceType",
    "SustainableDevelopmentGoal",
]
