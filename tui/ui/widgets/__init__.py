"""casebook's widgets: the article list, the sidebar, the detail pane."""
