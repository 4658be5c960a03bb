"""The progress bar of a long recipients run: rich, on stderr, only when stderr is a terminal
(unless forced on or off). rich's progress machinery is imported only when a bar is shown."""
from __future__ import annotations

from typing import Callable


class Progress:
    """A rich progress bar on stderr (only when stderr is a terminal, unless forced)."""

    def __init__(self, enabled: bool | None, total: int) -> None:
        self.enabled, self.total, self.bar = enabled, total, None

    def __enter__(self) -> Callable[[int], None]:
        from rich.console import Console

        console = Console(stderr=True)
        if self.enabled is False or (self.enabled is None and not console.is_terminal):
            return lambda done: None
        from rich.progress import BarColumn, DownloadColumn, Progress as Bar, TextColumn, TimeRemainingColumn

        self.bar = Bar(TextColumn("rendering recipients"), BarColumn(), DownloadColumn(),
                       TimeRemainingColumn(), console=console, transient=False)
        self.bar.start()
        task = self.bar.add_task("render", total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
