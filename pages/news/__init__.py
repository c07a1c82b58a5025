"""News & Events: stories, events, their listing, filters and feeds."""
