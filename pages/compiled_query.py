"""A queryset compiled to SQL once per process and run again with another value.

Compiling a queryset (its joins, its lookups, the columns of the rows it names) costs more
than running it for the small reads every page makes: the page itself, its translations.
A `CompiledQuery` is compiled with a stand-in value for its one varying lookup; each run
puts the value in the stand-in's place and turns the rows into objects as the queryset
would (Django's converters, `from_db`, the populators of `select_related`).
"""

from django.db import connections
from django.db.models.query import get_related_populators


class CompiledQuery:
    """`queryset.filter(**{lookup: value})`, ready to run for any `value`. `lookup` names a
    field of the queryset's model compared by equality."""

    def __init__(self, queryset, lookup, stand_in):
        self.db = queryset.db
        self.field = queryset.model._meta.get_field(lookup)
        self.compiler = queryset.filter(**{lookup: stand_in}).query.get_compiler(using=self.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.position = self.params.index(self._prepared(stand_in))
        klass_info, select = self.compiler.klass_info, self.compiler.select
        own_columns = klass_info["select_fields"]
        self.own_columns = slice(own_columns[0], own_columns[-1] + 1)
        self.model = klass_info["model"]
        self.init_list = [column[0].target.attname for column in select[self.own_columns]]
        self.related_populators = get_related_populators(klass_info, select, self.db)

    def _prepared(self, value):
        return self.field.get_db_prep_value(value, connections[self.db], prepared=False)

    def all(self, value):
        """The objects the queryset gives for `value`, in its order."""
        params = list(self.params)
        params[self.position] = self._prepared(value)
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        objects = []
        for row in self.compiler.results_iter([rows]):
            instance = self.model.from_db(self.db, self.init_list, row[self.own_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            objects.append(instance)
        return objects
