"""Every test gives back the store files it opened (see tests/store_cleanup.py)."""

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture, for all tests
