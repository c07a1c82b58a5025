# Month names in full, as in Indonesian newspapers: "15 Oktober 2022" (Django's own abbreviates them).
DATE_FORMAT = "j F Y"
