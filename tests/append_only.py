"""One check for every append-only table: each statement is refused by its trigger, even to
the owner, inside a savepoint so the test's transaction goes on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError


def assert_refused(owner_session, statements) -> None:
    for statement in statements:
        nested = owner_session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            owner_session.execute(sa.text(statement))
        nested.rollback()
