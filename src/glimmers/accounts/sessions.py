"""Sessions stored with their owner, address and browser, so a person can see and end them.

Django's own database sessions, with a model (accounts.models.Session) that
also keeps who is signed in, from where, and when they were last seen.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from glimmers.accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        session.user_id = int(user_id) if user_id is not None else None
        return session
