"""casebook: a keyboard-driven terminal reader for engineering case studies."""

__version__ = "0.1.0"
