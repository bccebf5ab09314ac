"""Live sources: fetching RSS, Atom and JSON Feed subscriptions into the store.

The only package that touches the network. It builds on ``tui.core`` (articles,
the store, subscriptions) and is called by the CLI and, from a worker thread, by
the app: ``refresh_feeds(store, names=None, progress=callback)``.
"""
