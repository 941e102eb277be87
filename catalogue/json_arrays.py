"""Related records loaded with their rows, as a JSON array per row, instead of a prefetch.

`JSONRecords` is a correlated subquery that collects a relation's records into one JSON
array per row; the rows' query returns them as model instances, ready for serializers that
would otherwise read them from a prefetch. A page of records then costs one query, however
many relations its representation shows (with `JSONRecordsQuerySet`, whatever the page).
"""

import json
from decimal import Decimal

from django.db import models
from django.db.models import F, Func, Subquery
from django.db.models.base import ModelState
from django.db.models.functions import JSONObject
from django.db.models.signals import post_init, pre_init


class JSONRecords(Subquery):
    """The records of `queryset` (filtered by an `OuterRef`), in its order, as a list.

    `fields` are the model fields loaded (the others are deferred); `select` loads a
    forward relation's fields as `select_related` would (`{"pillar": ["slug", "name"]}`);
    `lists` sets nested lists on each record (`{"prefetched_references": JSONRecords(...)}`).
    """

    # SQLite has no ORDER BY within an aggregate before 3.44: the rows come from an ordered
    # subquery, which SQLite does not flatten into an aggregate. JSON() keeps objects objects
    # (a subquery's column loses its JSON type).
    template = 'JSON((SELECT JSON_GROUP_ARRAY(JSON("item")) FROM (%(subquery)s) "items"))'
    # ARRAY(subquery) keeps the subquery's order, which an aggregate does not promise.
    template_postgresql = "TO_JSONB(ARRAY(%(subquery)s))"

    def __init__(self, queryset, *, fields, select=None, lists=None):
        self.model = queryset.model
        self.select = {
            self.model._meta.get_field(name): _Loader(
                self.model._meta.get_field(name).related_model, names
            )
            for name, names in (select or {}).items()
        }
        self.lists = lists or {}
        self.loader = _Loader(self.model, fields)
        element = {**self.loader.columns(), **self.lists}
        for field, loader in self.select.items():
            element[field.name] = JSONObject(**loader.columns(prefix=f"{field.name}__"))
        ordering = queryset.query.order_by or self.model._meta.ordering
        queryset = queryset.order_by(*ordering).values(item=JSONObject(**element))
        super().__init__(queryset, output_field=_RecordsField(self))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.template_postgresql, **extra_context)

    def records(self, items: list[dict], connection) -> list[models.Model]:
        if not items:
            return []
        # Whether records can skip Model.__init__, asked once per list rather than per record.
        plain = _plainly_made(self.model)
        selected = [(f, loader, _plainly_made(loader.model)) for f, loader in self.select.items()]
        records = []
        for item in items:
            record = self.loader.record(item, connection, plain)
            for field, loader, plain_related in selected:
                # As select_related sets it.
                related = loader.record(item[field.name], connection, plain_related)
                field.set_cached_value(record, related)
            for name, nested in self.lists.items():
                setattr(record, name, nested.records(item[name], connection))
            records.append(record)
        return records


class JSONRecordsQuerySet(models.QuerySet):
    """A queryset whose pages (slices) build the JSONRecords of their own rows only.

    A subquery in the select list runs for every row the database reads, including those that
    OFFSET then drops: 10,000 runs per relation for page 200 of 50. A page's ids are chosen
    first, in a subquery, and only their rows are loaded with their records.
    """

    def __getitem__(self, k):
        loads_records = any(
            isinstance(annotation, JSONRecords)
            for annotation in self.query.annotation_select.values()
        )
        if not isinstance(k, slice) or self._result_cache is not None or not loads_records:
            return super().__getitem__(k)
        page = self.values_list("pk", flat=True)[k]  # selects no JSONRecords: not paged again
        return self.filter(pk__in=page) if k.step is None else self.filter(pk__in=list(page))


_AS_GIVEN = models.CharField | models.TextField | models.IntegerField | models.ForeignKey


class _Loader:
    """Some fields of a model: their JSON columns, and a record made from their values."""

    def __init__(self, model, names):
        self.model = model
        wanted = {model._meta.get_field(name) for name in names}
        for field in wanted:
            # JSON gives text and integers as the database does; decimals are converted below.
            # Other types (a date, a boolean) would need converting too.
            if not isinstance(field, _AS_GIVEN | models.DecimalField):
                raise TypeError(f"{field} cannot be loaded from JSON (not a text or number).")
        # In the model's order, as Model.from_db takes them.
        self.fields = [field for field in model._meta.concrete_fields if field in wanted]
        self.attnames = [field.attname for field in self.fields]
        self.decimals = [field for field in self.fields if isinstance(field, models.DecimalField)]

    def columns(self, prefix: str = "") -> dict:
        return {
            field.attname: _DecimalText(F(f"{prefix}{field.attname}"))
            if isinstance(field, models.DecimalField)
            else F(f"{prefix}{field.attname}")
            for field in self.fields
        }

    def record(self, item: dict, connection, plain: bool) -> models.Model:
        values = {name: item[name] for name in self.attnames}
        for field in self.decimals:
            values[field.attname] = _decimal(field, values[field.attname], connection)
        return _instance(self.model, values, connection.alias, plain)


def _plainly_made(model) -> bool:
    """Whether nothing listens to the model's init signals (see `_instance`)."""
    return not (pre_init.has_listeners(model) or post_init.has_listeners(model))


def _instance(model, values: dict, db: str, plain: bool) -> models.Model:
    """A record with these field values, the others deferred, as `Model.from_db` makes it.

    A page of records has hundreds of related records, and `Model.__init__` takes most of their
    time: unless something listens to the model's init signals (`plain` is False), the
    instance is made as unpickling makes it, in a fifth of the time.
    """
    if not plain:
        return model.from_db(db, list(values), list(values.values()))
    record = model.__new__(model)
    record.__dict__.update(values)
    record._state = ModelState()
    record._state.adding = False
    record._state.db = db
    return record


class _DecimalText(Func):
    """A decimal in a JSON object: as text on PostgreSQL, where a JSON number would be read as a
    float and lose digits. SQLite stores decimals as floats already: left as numbers."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)::text", **extra_context
        )


def _decimal(field, value, connection):
    if value is None:
        return None
    if isinstance(value, str):
        return Decimal(value)  # PostgreSQL's text: the exact value, as psycopg gives it
    # SQLite's float or integer, as its adapter gives it: converted as Django converts it.
    column = field.cached_col
    for convert in connection.ops.get_db_converters(column):
        value = convert(value, column, connection)
    return value


class _RecordsField(models.JSONField):
    """The output of a JSONRecords: its records, as model instances."""

    def __init__(self, records: JSONRecords):
        self.records = records
        super().__init__()

    def from_db_value(self, value, expression, connection):
        return self.records.records(json.loads(value), connection)
