"""Plain SQL for the hot paths of the peaks (issue 12: 500 voters changing their ballots at once, 200 respondents
answering a survey at once).

Building a query with the ORM costs about 0.7 ms of CPU each time (filters, joins, ordering, compiling), more than
PostgreSQL's own work for these one-row statements; a vote change ran nine of them. The statements here are
written once, with table and column names taken from the models (a renamed field breaks them loudly, not
silently), and values are prepared and converted by the model fields themselves, so they behave the same on
PostgreSQL and SQLite. Instances come from ``Model.from_db``: the fields not read are deferred, and reading one
loads it (correct, only slower), so nothing else has to know which fields the hot path read.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation or a generic key has no column
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


# Names are quoted once per model, field and database engine, not on every request: quoting goes through the
# thread's connection each time (a look-up in asgiref's thread-local store), and a vote change names some sixty
# columns (about 0.15 ms of CPU per request). The engine comes from the settings, which is a plain dictionary.
def _engine() -> str:
    return settings.DATABASES[DEFAULT_DB_ALIAS]["ENGINE"]


@functools.cache
def _quoted_table(model: type[models.Model], engine: str) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _quoted_columns(model: type[models.Model], names: tuple[str, ...], engine: str) -> str:
    return ", ".join(connection.ops.quote_name(_field(model, name).column) for name in names)


def table(model: type[models.Model]) -> str:
    return _quoted_table(model, _engine())


def column(model: type[models.Model], name: str) -> str:
    return _quoted_columns(model, (name,), _engine())


def columns(model: type[models.Model], names: tuple[str, ...]) -> str:
    return _quoted_columns(model, tuple(names), _engine())


def prepared(model: type[models.Model], name: str, value):
    """``value`` as the database stores field ``name`` (e.g. a UUID as 32 hex digits on SQLite)."""
    return _field(model, name).get_db_prep_value(value, connections[DEFAULT_DB_ALIAS], prepared=False)


@functools.cache
def _columns(model: type[models.Model], names: tuple[str, ...]) -> tuple:
    return tuple(_field(model, name).get_col(model._meta.db_table) for name in names)


def _converters(model: type[models.Model], names: tuple[str, ...]):
    """This thread's connection and, for each column of ``names`` that has any, its position, column and the
    converters the ORM would apply. They are bound to the connection, so they are kept on it (asked once per
    connection, model and names instead of once per row: about 30 microseconds a row)."""
    conn = connections[DEFAULT_DB_ALIAS]
    kept = conn.__dict__.setdefault("_yhteiso_row_converters", {})
    found = kept.get((model, names))
    if found is None:
        found = kept[(model, names)] = tuple(
            (i, col, converters) for i, col in enumerate(_columns(model, names))
            if (converters := tuple(conn.ops.get_db_converters(col) + col.get_db_converters(conn))))
    return conn, found


def converted(model: type[models.Model], names: tuple[str, ...], row) -> list:
    """A row of ``names`` as the ORM would give their values (e.g. an aware datetime from SQLite's text)."""
    values = list(row)
    conn, found = _converters(model, names)
    for i, col, converters in found:
        for converter in converters:
            values[i] = converter(values[i], col, conn)
    return values


@functools.cache
def _model_order(model: type[models.Model], names: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """The attribute names of ``names`` and their positions, in the model's field order (``from_db`` takes the
    values of a partial row in that order)."""
    position = {f.name: i for i, f in enumerate(model._meta.concrete_fields)}
    order = sorted(range(len(names)), key=lambda i: position[names[i]])
    return [_field(model, names[i]).attname for i in order], order


def instances(model: type[models.Model], names: tuple[str, ...], sql: str, params) -> list:
    """Run ``sql`` (selecting the columns of ``names``, in that order) and build model instances; the other fields
    are deferred."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [built(model, names, row) for row in found]


def built(model: type[models.Model], names: tuple[str, ...], row):
    """A model instance from a row of ``names`` (the other fields deferred)."""
    attnames, order = _model_order(model, names)
    values = converted(model, names, row)
    return model.from_db(DEFAULT_DB_ALIAS, attnames, [values[i] for i in order])


#: the largest id a row can have (a 64-bit key): larger numbers name no row, and the database refuses them as
#: parameters, so numbers from a form or a cookie are filtered with it before they reach a statement
LARGEST_ID = 2**63 - 1


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def insert(instance: models.Model, names: tuple[str, ...]) -> None:
    """Store a new ``instance`` (its primary key already set in Python, as a random id is) with the fields
    ``names`` in one plain INSERT: each value as ``Model.save`` would write it (``pre_save``, then
    ``get_db_prep_save``). Sends no signals; ``names`` must list every column without a database default."""
    insert_many([instance], names)


INSERT_ROWS = 200  # rows per statement: well inside SQLite's limit of bound values with a dozen columns


def insert_many(instances: list[models.Model], names: tuple[str, ...]) -> None:
    """Store new ``instances`` of one model as :func:`insert` does, up to ``INSERT_ROWS`` rows per statement."""
    if not instances:
        return
    model = type(instances[0])
    fields = [_field(model, name) for name in names]
    _insert_values(model, names, [[field.get_db_prep_save(field.pre_save(instance, True), connection)
                                   for field in fields] for instance in instances])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias


def _insert_values(model: type[models.Model], names: tuple[str, ...], prepared_rows: list[list]) -> None:
    head = f"INSERT INTO {table(model)} ({columns(model, names)}) VALUES "  # noqa: S608 (names from _meta)
    row = f"({placeholders(len(names))})"
    with connection.cursor() as cursor:
        for start in range(0, len(prepared_rows), INSERT_ROWS):
            chunk = prepared_rows[start:start + INSERT_ROWS]
            cursor.execute(head + ", ".join([row] * len(chunk)), [value for values in chunk for value in values])


def insert_rows(model: type[models.Model], names: tuple[str, ...], values: list[tuple]) -> None:
    """Store new rows of ``model`` given as tuples of the Python values of ``names`` (the primary key and every
    column without a database default included): no instances are built and no ``pre_save`` runs, so this is for
    rows whose every value is known (the mixer's ballots). On PostgreSQL one statement whose text does not depend
    on the number of rows (:func:`array_insert`), so psycopg parses it once per process instead of a new statement
    of hundreds of placeholders each time; elsewhere as :func:`insert_many`."""
    if not values:
        return
    if connection.vendor != "postgresql":
        _insert_values(model, names, _prepared_rows(model, names, values))
        return
    sql, params = array_insert(model, names, values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def array_insert(model: type[models.Model], names: tuple[str, ...], values: list[tuple]) -> tuple[str, list]:
    """PostgreSQL: ``INSERT INTO <model's table> (<names>) SELECT * FROM unnest(<one array per column>)`` and its
    parameters, for the rows ``values`` (tuples of Python values of ``names``). The text is the same for any number
    of rows; a caller may append a ``WHERE`` or use it inside a ``WITH``."""
    fields = [_field(model, name) for name in names]
    prepared_rows = _prepared_rows(model, names, values)
    columns_of = [list(column) for column in zip(*prepared_rows, strict=True)] if values else [[] for _ in fields]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    return (f"INSERT INTO {table(model)} ({columns(model, names)}) "  # noqa: S608 (names from _meta)
            f"SELECT * FROM unnest({arrays})", columns_of)


def _prepared_rows(model: type[models.Model], names: tuple[str, ...], values: list[tuple]) -> list[list]:
    """Each value of the rows ``values`` as the database stores it (``get_db_prep_save`` of its field)."""
    fields = [_field(model, name) for name in names]
    # the thread's connection looked up once, not through the ``connection`` proxy for every value (a mixing of
    # thirty ballots prepares some five hundred values)
    conn = connections[DEFAULT_DB_ALIAS]
    return [[field.get_db_prep_save(value, conn) for field, value in zip(fields, row, strict=True)]
            for row in values]
