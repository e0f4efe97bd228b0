"""Deleting an account for good: the service, its page and its command (docs/your-data.md)."""
