"""Glimmers: a private place to notice, savour and keep small moments of safety."""

__version__ = "0.1.0"
