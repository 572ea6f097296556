import pytest

from tests.e2e.terminal import Terminal


@pytest.fixture
def terminal(tmp_path, request):
    """The app in a real terminal (tmux), killed after the test whatever happened."""
    term = Terminal(tmp_path, prefix=f"smartcockpit-{request.node.name[:20]}").start()
    try:
        yield term
    finally:
        term.stop()
