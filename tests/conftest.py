"""Shared fixtures: every test gets a real SQLite file in its own temporary folder."""

from __future__ import annotations

import pytest

from tui.controller import Controller
from tui.controller.clock import FakeClock


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cockpit.db"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def controller(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    yield c
    c.close()


@pytest.fixture
def app(controller):
    from tui.app import CockpitApp

    return CockpitApp(controller)
