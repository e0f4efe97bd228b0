"""Promises the app makes to the people who trust it with their writing, one file per promise.

See docs/security.md for what each file proves and what the app does not promise.
"""
