"""The header: the brand's title on the left, where you are (Home > Settings > Units) beside it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Breadcrumbs(Static):
    DEFAULT_CSS = """
    Breadcrumbs { height: 1; width: 100%; background: $primary; color: $text; padding: 0 1;
                  text-wrap: nowrap; text-overflow: ellipsis; }
    """

    _shown: Text | None = None

    def show(self, logo: str, crumbs: tuple[str, ...]) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{logo}  ", style="bold")
        text.append(" > ".join(("Home", *crumbs)))
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)  # one line of fixed size: nothing to lay out again
