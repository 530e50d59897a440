"""``__in`` on an integer field with numbers the database cannot hold matches nothing instead of failing.

Django (5.2) turns an out-of-range number into "no match" for ``exact``, ``gt``, ``lt`` and the like, but not for
``in``: SQLite raises OverflowError ("Python int too large to convert to SQLite INTEGER") and PostgreSQL may raise
an out-of-range error. Any form with a multiple choice of objects checks the posted ids with ``pk__in``, so
``99999999999999999999`` in such a field was a server error. Registered for every integer field in
``CoreConfig.ready``."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [v for v in self.rhs if not (isinstance(v, int) and not isinstance(v, bool) and (
                (low is not None and v < low) or (high is not None and v > high)))]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
