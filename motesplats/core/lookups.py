"""`in` lookups on integer columns ignore numbers the column cannot hold.

Django already treats an out-of-range number in `exact`, `gt`, `lt`… as matching
nothing (or everything); `in` passes it on, and SQLite's driver then fails with
OverflowError, so a form or a query string with `themes=99999999999999999999` made a
500. Such a number can never match a row, so it is dropped from the list.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
