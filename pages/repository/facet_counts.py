"""Every facet's counts and the number of results of one set of the finder's parameters, in
one query; or, for the unfiltered index, the counts kept under the current content version,
less those of the resources a broad search does not match."""

from dataclasses import dataclass

from django.db import connection
from django.db.models.functions import ExtractYear

from .facets import EVERY_ROW, FACETS, FACETS_BY_PARAM, FieldFacet, RelationFacet, merged_by_value, quoted


@dataclass
class Counts:
    total: int
    by_param: dict  # param: [(value, label, count), …] in display order


class FacetCounts:
    """Every facet's counts and the number of results, in one query. The live, public
    resources matching the search are selected once (`matching`), with a column per selected
    facet saying whether the resource has one of its values. Each facet counts the rows that
    pass every other selected facet, not its own (OR within a facet, AND across facets), so a
    visitor sees how many results each further choice would give; the total counts the rows
    that pass them all.

    `kept`: the unfiltered index's counts, kept under the current content version
    (`finder.kept_counts`), when no facet is chosen. They are the counts when nothing is
    searched; a search matching most resources is counted as them less the counts of the few
    resources it does not match (`unmatched`)."""

    TOTAL = -1

    def __init__(self, finder, kept=None, unmatched=False):
        self.finder, self.kept, self.unmatched = finder, kept, unmatched
        self.chosen = {facet.param: values for facet in FACETS if (values := finder.selected[facet.param])}

    def read(self):
        total, found = 0, {facet.param: [] for facet in FACETS}
        for number, value, label, count in self._rows():
            if number == self.TOTAL:
                total = count
            elif value not in ("", None):
                facet = FACETS[number]
                found[facet.param].append((str(value), str(facet.label_of(value, label)), count))
        return Counts(total, {facet.param: facet.order(merged_by_value(found[facet.param])) for facet in FACETS})

    def _rows(self):
        search, kept = self.finder.search, self.kept
        if kept is None:
            return self.counted()
        if search is None:
            return kept
        total = next(count for number, _value, _label, count in kept if number == self.TOTAL)
        estimate = search.estimated_matches(search.params)
        if estimate is None or estimate * 2 < total:
            return self.counted()
        return _less(kept, FacetCounts(self.finder, unmatched=True).counted())

    def counted(self):
        """The (facet number, value, label, count) rows, counted now."""
        name = "facet-counts-unmatched" if self.unmatched else "facet-counts"
        sql, params = self.finder.compiled(name, self._sql)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _sql(self, stand_ins):
        chosen = [FACETS_BY_PARAM[param] for param in self.chosen]
        columns = ["pk"] + [facet.field.attname for facet in FACETS if isinstance(facet, FieldFacet)] + ["year"]
        tested = {
            f"in_{facet.param}": self.finder.condition(facet, stand_ins)
            for facet in chosen
            if not isinstance(facet, RelationFacet)
        }
        matching = (
            self.finder.searched(stand_ins, unmatched=self.unmatched)
            .order_by()
            .annotate(year=ExtractYear("publication_date"), **tested)
            .values(*columns, *tested)
        )
        matching_sql, params = matching.query.sql_with_params()
        if chosen:
            matching_sql, params = self._flagged(matching_sql, list(params), columns, chosen, stand_ins)
        names = ", ".join(["id", *columns[1:], *(f"in_{facet.param}" for facet in chosen)])
        parts = [self._count_sql(numbered) for numbered in self._count_passes()]
        parts.append(f"SELECT {self.TOTAL}, NULL, NULL, COUNT(*) FROM matching m WHERE {self._passing()}")
        return f"WITH matching ({names}) AS ({matching_sql}) " + " UNION ALL ".join(parts), params

    def _flagged(self, matching_sql, params, columns, chosen, stand_ins):
        """The `columns` of `matching_sql` and a flag per chosen facet, whether the row passes
        it. A many-valued facet's flag is a join to the resources holding one of its values,
        read once from its link table: an EXISTS per row would keep PostgreSQL from reading
        the resources' facet columns from their covering index."""
        flags, joins = [], []
        for facet in chosen:
            if isinstance(facet, RelationFacet):
                holders, count = f"in_{facet.param}", len(self.finder.selected[facet.param])
                on = f"{holders}.resource_id = candidate.pk"
                joins.append(f"LEFT JOIN ({facet.holders_sql(count)}) {holders} ON {on}")
                params += self.finder.condition_params(facet, stand_ins)
                flags.append(f"{holders}.resource_id IS NOT NULL")
            else:
                flags.append(f"candidate.in_{facet.param}")
        kept = ", ".join(f"candidate.{quoted(name)}" for name in columns)
        sql = f"SELECT {kept}, {', '.join(flags)} FROM ({matching_sql}) candidate {' '.join(joins)}"
        if len(flags) > 1:
            # A row failing two selected facets is in no count: leave it out of `matching`.
            passed = " + ".join(f"CASE WHEN {flag} THEN 1 ELSE 0 END" for flag in flags)
            sql += f" WHERE {passed} >= {len(flags) - 1}"
        return sql, params

    def _count_passes(self):
        """The facets, numbered, in groups counted together: on PostgreSQL the facets read
        from one link table (a resource's countries give its countries and sub-regions)."""
        passes = {}
        for number, facet in enumerate(FACETS):
            shared = connection.vendor == "postgresql" and isinstance(facet, RelationFacet)
            passes.setdefault(facet.link_model if shared else number, []).append((number, facet))
        return passes.values()

    def _count_sql(self, numbered):
        if len(numbered) == 1:
            ((number, facet),) = numbered
            where = self._passing(except_param=facet.param)
            return facet.count_sql(number, where, narrowed=self._narrowed(where))
        return self._one_pass_sql(numbered)

    def _one_pass_sql(self, numbered):
        """The counts of facets of one link table, joined to `matching` once: each facet is a
        grouping set of the links and counts the resources passing its own condition (two
        countries of a resource can share a sub-region, so resources are counted, not links)."""
        wheres = {number: self._passing(except_param=facet.param) for number, facet in numbered}
        facets = [facet for _number, facet in numbered]
        link = facets[0].link_sql(narrowed=self._narrowed(*wheres.values()))
        columns = {number: facet.value_column for number, facet in numbered}

        def case(then):
            return "CASE " + " ".join(f"WHEN GROUPING({columns[n]}) = 0 THEN {then(n)}" for n in columns) + " END"

        groups = (
            f"SELECT {case(str)} AS number, {case(lambda n: f'CAST({columns[n]} AS TEXT)')} AS value, "
            f"{case(lambda n: f'COUNT(DISTINCT m.id) FILTER (WHERE {wheres[n]})')} AS hits "
            f"FROM matching m {link} WHERE {' OR '.join(f'({where})' for where in wheres.values())} "
            f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns.values())})"
        )
        return f"SELECT g.number, g.value, NULL, g.hits FROM ({groups}) g WHERE g.hits > 0"

    def _narrowed(self, *wheres):
        """Whether few rows are counted under these conditions: the unmatched resources of a
        broad search, or rows some other facet's selection narrows."""
        return self.unmatched or EVERY_ROW not in wheres

    def _passing(self, except_param=None):
        """The SQL condition of passing every selected facet but `except_param`’s."""
        return " AND ".join(f"m.in_{param}" for param in self.chosen if param != except_param) or EVERY_ROW


def _less(rows, removed):
    """`rows` with the counts of the `removed` rows taken off theirs (same facet and value)."""
    counts, labels = {}, {}
    for number, value, label, count in rows:
        counts[number, value] = counts.get((number, value), 0) + count
        labels[number, value] = label
    for number, value, _label, count in removed:
        counts[number, value] = counts.get((number, value), 0) - count
    return [
        (number, value, labels.get((number, value)), count)
        for (number, value), count in counts.items()
        if count > 0 or number == FacetCounts.TOTAL
    ]
