"""CasebookApp is one mixin per feature (tui/ui/app_*.py) over AppBase: they share a namespace."""

from __future__ import annotations

from collections import Counter

from tui.ui.app import CasebookApp
from tui.ui.app_base import AppBase


def test_no_two_features_define_the_same_name() -> None:
    """A name defined twice would be shadowed silently (an action, a helper), or, for an
    ``on_*`` handler, run twice: Textual calls every class's handler along the MRO."""
    features = [c for c in CasebookApp.__mro__ if issubclass(c, AppBase)]
    assert len(features) > 5
    names = Counter(
        name for cls in features for name, value in vars(cls).items()
        if callable(value) or isinstance(value, property)
    )
    twice = {name: n for name, n in names.items() if n > 1 and not name.startswith("__")}
    assert twice == {}
