# The site's English dates read "15 November 2021", as they did before the site had other languages.
DATE_FORMAT = "j F Y"
