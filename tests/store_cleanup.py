"""Closes every store a test opened (in process, including the CLI's), once it is over.

A store keeps its files open (so their inodes cannot be reused while it caches them);
`casebook` as a process gives them back at exit, but hundreds of in-process CLI calls in
one pytest session would otherwise pile up descriptors until `select()` refuses them.
Import ``close_stores`` into a test module to use it (it is autouse).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tui.core.store import Store


@pytest.fixture(autouse=True)
def close_stores() -> Iterator[None]:
    opened: list[Store] = []
    real = Store.open.__func__  # type: ignore[attr-defined]

    def tracking(cls: type[Store], *args: Any, **kwargs: Any) -> Store:
        store: Store = real(cls, *args, **kwargs)
        opened.append(store)
        return store

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Store, "open", classmethod(tracking))
        yield
    for store in opened:
        store.close()
