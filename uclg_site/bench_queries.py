"""`X-Queries` on every response, under the benchmark's settings only: how many database
queries the request ran, page cache lookups included, so `make bench` reports queries per
request as the server really ran them (a streamed body's queries after the view returns are
not counted)."""

from django.db import connection

QUERIES_HEADER = "X-Queries"


class QueryCountHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(counter.count)
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
