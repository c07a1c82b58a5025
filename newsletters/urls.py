from django.urls import path

from . import feeds, views

app_name = "newsletters"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/", feeds.VolumeRssFeed(), name="feed"),
    path("feed/atom/", feeds.VolumeAtomFeed(), name="feed_atom"),
]
