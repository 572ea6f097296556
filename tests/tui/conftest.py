import pytest


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch):
    """Pilot presses keys within milliseconds: no guard time on sensitive questions here
    (tests/tui/test_dialog_keys.py tests the guard with the time the app ships with)."""
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)
