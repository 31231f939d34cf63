# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one guard of what only the module's own code writes.

A case's level and state, a plan's acceptance, the steps of the proof file: a client (form,
kanban, JSON-RPC) may not write them; the module's methods do, after their checks, inside
``internal_write``. A client reaches neither the database cursor, on which the guard is kept,
nor the methods whose name starts with ``_``; a context key, which any client sends, never
opens it. Kept beside the cursor rather than in ``cr.cache``, which a rollback to a savepoint
clears (a letter that fails to render does that in the middle of a batch).
"""

import contextlib
import functools
import weakref
from collections import Counter

# cursor -> how many times each ``(model, id)`` is open; ``(model, None)``: the whole model.
_OPEN = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def internal_write(records):
    """Within it, the module's code writes the guarded fields of ``records``; an empty
    recordset opens its whole model (the steps a run creates, before they exist)."""
    keys = [(records._name, record_id) for record_id in records._ids] or [(records._name, None)]
    counts = _OPEN.setdefault(records.env.cr, Counter())
    counts.update(keys)
    try:
        yield records
    finally:
        counts.subtract(keys)
        for key in keys:
            if counts[key] <= 0:
                counts.pop(key, None)


def is_internal_write(records):
    """Whether the module's own code is writing ``records`` (``internal_write``)."""
    counts = _OPEN.get(records.env.cr)
    if not counts:
        return False
    if counts[(records._name, None)] > 0:
        return True
    return all(counts[(records._name, record_id)] > 0 for record_id in records._ids)


def internal_writer(model_name):
    """Decorator: run the method as the module's own write of every ``model_name`` record."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            with internal_write(self.env[model_name]):
                return method(self, *args, **kwargs)

        return wrapper

    return decorator
