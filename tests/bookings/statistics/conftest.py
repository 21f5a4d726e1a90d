import pytest

from .world import make_world


@pytest.fixture
def world():
    """The statistics' data set (see world.make_world); a dict of its départements and
    structures."""
    return make_world()
