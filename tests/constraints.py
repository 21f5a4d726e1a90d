"""The write must be refused by the database itself: the constraints, not the forms."""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction


@contextmanager
def refused():
    """The write must be refused by the database itself (the savepoint keeps the test going)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield
