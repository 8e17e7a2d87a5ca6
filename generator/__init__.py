"""Static site generator for public scrutiny archives."""

__version__ = "0.1.0"
