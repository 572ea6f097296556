"""Update repositories made at test time: real keys, real signed TUF metadata, in tmp_path."""

from __future__ import annotations

import pytest

from tui.controller.updates import repository


class Repo:
    """The update repository a test publishes to, for the controller's car."""

    def __init__(self, controller):
        self.c = controller
        self.folder = controller.updates.repository()
        repository.init_keys(self.folder)

    def hw(self, component: str) -> str:
        return self.c.updates.hardware()[component]

    def release(self, component: str, version: str, payload: bytes | None = None, hardware_ids=None, notes="",
                assign: bool = True) -> dict:
        payload = payload if payload is not None else (f"{component} {version} ".encode() * 3000)
        made = repository.publish_release(self.folder, component, version, payload,
                                          hardware_ids or [self.hw(component)], notes=notes)
        if assign:
            repository.assign(self.folder, self.c.car.vin, component, version)
        return made


@pytest.fixture
def repo(controller):
    return Repo(controller)
