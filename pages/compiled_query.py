"""A queryset compiled to SQL once per process and run again with another value.

Compiling a queryset (its joins, its lookups, the columns of the rows it names) costs more
than running it for the small reads every page makes: the page itself, its translations.
A `CompiledQuery` is compiled with stand-in values for its one varying lookup (a field equal
to one value, or in a list of a fixed length); each run puts the values in the stand-ins'
places and turns the rows into objects as the queryset would (Django's converters,
`from_db`, the populators of `select_related`).

Queries of many shapes (the repository's, whose filters a visitor combines) are compiled once
per shape with a stand-in for each varying parameter (`SlottedSql`) and kept per process
(`ShapeCache`).
"""

import secrets
from collections import OrderedDict

from django.db import connections
from django.db.models.query import get_related_populators


class CompiledQuery:
    """`queryset.filter(**{field_name: value})` for one stand-in, or
    `queryset.filter(**{f"{field_name}__in": values})` for several (as many, all different),
    ready to run for any values."""

    def __init__(self, queryset, field_name, *stand_ins):
        self.db = queryset.db
        self.field = queryset.model._meta.get_field(field_name)
        if len(stand_ins) == 1:
            filtered = queryset.filter(**{field_name: stand_ins[0]})
        else:
            filtered = queryset.filter(**{f"{field_name}__in": stand_ins})
        self.compiler = filtered.query.get_compiler(using=self.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.positions = [self.params.index(self._prepared(stand_in)) for stand_in in stand_ins]
        klass_info, select = self.compiler.klass_info, self.compiler.select
        own_columns = klass_info["select_fields"]
        self.own_columns = slice(own_columns[0], own_columns[-1] + 1)
        self.model = klass_info["model"]
        self.init_list = [column[0].target.attname for column in select[self.own_columns]]
        self.related_populators = get_related_populators(klass_info, select, self.db)

    def _prepared(self, value):
        return self.field.get_db_prep_value(value, connections[self.db], prepared=False)

    def all(self, *values):
        """The objects the queryset gives for `values` (one per stand-in), in its order."""
        params = list(self.params)
        for position, value in zip(self.positions, values, strict=True):
            params[position] = self._prepared(value)
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


# Ids no row has: a table's ids count up from 1.
_FIRST_ID_STAND_IN = -7_301_779


def stand_in_ids(number):
    """`number` different ids that no row has, to compile a query by id with."""
    return range(_FIRST_ID_STAND_IN, _FIRST_ID_STAND_IN + number)


# Stand-ins cannot be visitors' values: forms refuse NUL characters, and the nonce is secret.
_STAND_IN_NONCE = secrets.token_hex(8)


def stand_in(slot):
    """The parameter standing for `slot`'s value in SQL compiled with stand-ins."""
    return f"\x00{_STAND_IN_NONCE}:{slot}"


class SlottedSql:
    """SQL compiled once with a stand-in (`stand_in(slot)`) for each parameter that changes
    from run to run; `params(values)` gives a run's parameters, each value of `values`
    ({slot: value}) in its stand-in's places. Raises ValueError when a stand-in is missing."""

    def __init__(self, sql, params, slots):
        self.sql, self.params = sql, list(params)
        by_stand_in = {stand_in(slot): slot for slot in slots}
        self.places = {
            index: by_stand_in[param]
            for index, param in enumerate(self.params)
            if isinstance(param, str) and param in by_stand_in
        }
        if set(self.places.values()) != set(slots):
            raise ValueError("The compiled SQL does not hold every stand-in.")

    def params_for(self, values):
        params = list(self.params)
        for index, slot in self.places.items():
            params[index] = values[slot]
        return params


class ShapeCache:
    """SQL compiled per shape (what the SQL depends on), the `size` most recently used shapes
    of a process: shapes come from visitors' parameters, so they must not grow without end."""

    def __init__(self, size=256):
        self.size, self.entries = size, OrderedDict()

    def get(self, shape, compile):
        if shape in self.entries:
            self.entries.move_to_end(shape)
            return self.entries[shape]
        value = self.entries[shape] = compile()
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value
