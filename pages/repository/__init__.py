"""Finding, citing, importing and generating resources of the COVID-19 repository."""
