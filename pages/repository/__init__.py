"""The COVID-19 best-practice repository, a Django app of its own (label `repository`) kept
inside `pages/` because the project's top-level folders are fixed, as Wagtail keeps its
`wagtail.contrib` apps inside `wagtail/`. It builds on the foundation; the foundation never
imports it."""
