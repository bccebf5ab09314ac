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
from tui.core.subscriptions import Subscriptions


@pytest.fixture(autouse=True)
def close_stores() -> Iterator[None]:
    """Stores and subscription files alike (the app opens both). The app's gc.freeze()
    keeps a finished test's objects alive, so their files would stay open otherwise."""
    opened: list[Any] = []

    def tracker(real: Any) -> Any:
        def tracking(cls: type, *args: Any, **kwargs: Any) -> Any:
            opened.append(real(cls, *args, **kwargs))
            return opened[-1]

        return classmethod(tracking)

    with pytest.MonkeyPatch.context() as mp:
        for kind in (Store, Subscriptions):
            mp.setattr(kind, "open", tracker(kind.open.__func__))  # type: ignore[attr-defined]
        yield
    for each in opened:
        each.close()
