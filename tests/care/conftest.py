import pytest

from tests.care.helpers import make_carer


@pytest.fixture
def carer(other):
    """Sam, a counsellor (the ``other`` person, marked as a carer)."""
    return make_carer(other)


@pytest.fixture
def carer_client(carer, other_client):
    return other_client
