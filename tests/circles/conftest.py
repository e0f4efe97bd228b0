"""A circle kept by olena (the owner), with sam (other) in it; the stranger is not."""

import pytest

from glimmers.circles import services
from tests.factories import make_user


@pytest.fixture
def circle(owner, other):
    made = services.make_circle(owner, "Mum and me", "Our small good moments")
    _invite, code = services.invite(owner, made, "Sam")
    services.join(other, code)
    return made


@pytest.fixture
def third(db):
    """Someone else, invited to nothing yet."""
    return make_user("marta", time_zone="Europe/Kyiv")


def code_for(circle, keeper) -> str:
    return services.invite(keeper, circle)[1]
