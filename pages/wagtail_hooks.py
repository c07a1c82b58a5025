from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """The page cache needs the page to check its view restrictions."""
    request.served_page = page


@hooks.register("before_serve_document")
def remember_served_document(document, request):
    """The cache headers of a download depend on its collection's privacy."""
    request.served_document = document
