"""Models, document parsing and the store. Nothing here imports Textual."""
