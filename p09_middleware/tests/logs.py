"""Capture log records in a test, without touching the global logging configuration.

`with captured("tests.x") as records:` makes the logger `tests.x` keep every record (level
DEBUG, not propagated to the root, so pytest's own capture and other tests are unaffected)
and gives back the list they land in. Extra `filters` go on the capturing handler, where a
real deployment puts them (e.g. `RequestIdFilter`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


class ListHandler(logging.Handler):
    """A handler that keeps the records themselves, so tests can read their attributes."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured(name: str, *, filters: Iterable[logging.Filter] = ()) -> Iterator[list[logging.LogRecord]]:
    """The records logged to `name` (and its children) inside the block."""
    logger = logging.getLogger(name)
    handler = ListHandler()
    for one in filters:
        handler.addFilter(one)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = saved
