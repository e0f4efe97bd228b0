"""Fixtures for the daily-practice tests.

Days are made deterministic without a time machine: ``freeze`` replaces
``django.utils.timezone.now`` (which every "today" in the app reads). Model
defaults captured ``timezone.now`` at import, so glimmers made while time is
frozen must be given an explicit ``noticed_at``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def freeze(monkeypatch):
    """Call with an aware datetime to make it "now" for the rest of the test."""

    def _freeze(moment: datetime) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _freeze
