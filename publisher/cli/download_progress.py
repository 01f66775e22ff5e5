"""What ``tarjima models download nllb-...`` shows while it works (rich, on stderr).

A stage line for each of downloading, converting and installing; during the download a
bar per file (bytes, speed, time left; a resumed file starts where it stopped); during
conversion and install a spinner, as those give no byte counts.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.status import Status

STAGES = ("downloading", "converting", "installing")


class DownloadDisplay:
    """Stage lines, a bar per downloaded file and a spinner for the slow steps after."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("  {task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self._tasks: dict[str, TaskID] = {}
        self._status: Status | None = None

    def stage(self, stage: str, detail: str) -> None:
        self._stop()
        number = STAGES.index(stage) + 1 if stage in STAGES else 0
        self.console.print(
            f"[{number}/{len(STAGES)}] {stage} {detail}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        if stage == "downloading":
            self.progress.start()
        else:
            self._status = self.console.status(f"{stage}…", spinner="dots")
            self._status.start()

    def started(self, name: str, done: int, total: int) -> None:
        self._tasks[name] = self.progress.add_task(name, total=total or None, completed=done)

    def advanced(self, name: str, count: int) -> None:
        self.progress.advance(self._tasks[name], count)

    def _stop(self) -> None:
        self.progress.stop()
        if self._status is not None:
            self._status.stop()
            self._status = None

    def __enter__(self) -> DownloadDisplay:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop()
