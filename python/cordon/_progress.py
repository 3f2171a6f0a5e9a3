"""Progress of long runs: a tqdm bar when tqdm is installed (``tqdm.auto``: a widget in
notebooks, a bar in terminals), else a plain line on stderr every few seconds."""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Optional, Union

ProgressArg = Union[bool, None, Callable[[int, int], Any]]


class _Tqdm:
    def __init__(self, desc: str) -> None:
        from tqdm.auto import tqdm

        self._bar = tqdm(total=0, desc=desc, unit="run", leave=False)

    def __call__(self, done: int, total: int) -> None:
        if self._bar.total != total:
            self._bar.total = total
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


class _Plain:
    """A line on stderr at most every ``every`` seconds, and one at the end."""

    def __init__(self, desc: str, every: float = 5.0) -> None:
        self._desc = desc
        self._every = every
        self._started = time.monotonic()
        self._last = self._started
        self._state = (0, 0)
        self._printed = False

    def __call__(self, done: int, total: int) -> None:
        self._state = (done, total)
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            self._print(now)

    def _print(self, now: float) -> None:
        done, total = self._state
        rate = done / max(now - self._started, 1e-9)
        left = (total - done) / rate if rate > 0 else float("nan")
        pct = 100.0 * done / max(total, 1)
        print(
            f"{self._desc}: {done}/{total} runs ({pct:.0f}%), {rate:.1f} runs/s, about {left:.0f} s left",
            file=sys.stderr,
            flush=True,
        )
        self._printed = True

    def close(self) -> None:
        if self._printed:
            self._print(time.monotonic())


class _Call:
    def __init__(self, fn: Callable[[int, int], Any]) -> None:
        self._fn = fn

    def __call__(self, done: int, total: int) -> None:
        self._fn(done, total)

    def close(self) -> None:
        pass


def reporter(progress: ProgressArg, desc: str) -> Optional[Any]:
    """The progress callback for a run: ``True`` (a bar, or a stderr line without tqdm),
    ``False``/``None`` (nothing) or a callable ``f(done, total)``."""
    if progress is None or progress is False:
        return None
    if callable(progress) and progress is not True:
        return _Call(progress)
    try:
        return _Tqdm(desc)
    except ImportError:
        return _Plain(desc)


def run_with(progress: ProgressArg, desc: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Calls ``fn(*args, progress=callback, **kwargs)`` and closes the bar whatever happens."""
    bar = reporter(progress, desc)
    try:
        return fn(*args, progress=bar, **kwargs)
    finally:
        if bar is not None:
            bar.close()
