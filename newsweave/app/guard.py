"""The last resort between one input and the run: per-article work runs under a deadline and a catch-all, so an
article that raises or takes too long is skipped with the reason, and a story whose linking fails is listed
without its cross-checks, never a run with no dossier at all.

The deadline is a real-time interval timer (SIGALRM) in the main thread, which interrupts Python code and
regular expressions (the time grammar, the cleaners) at their next check. Elsewhere (a web server's worker
thread, a Spark task) signals cannot be used, and the work runs without a deadline; there, as everywhere, the
parse budgets (`ParseSettings`) keep every per-article stage linear in the text. The spaCy parse itself runs
batched (and in worker processes for large inputs) and is bounded by the token budget instead.

A failure's traceback is logged at debug level (`newsweave --debug` shows it); its reason names the exception.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from newsweave.models import Skipped

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

OUTER_EXPIRED = 0.001
"""Seconds left to an outer deadline whose time ran out during an inner one: it expires right away."""


class Overtime(BaseException):
    """The work under a `deadline` ran past it. Not an `Exception`, so no broad handler inside the work swallows
    it and runs on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took more than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `Overtime` in the block once `seconds` have passed (main thread only; elsewhere no deadline). Inside
    another deadline, the earlier of the two expires first, and the outer one keeps counting afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread
        return

    def expire(signum: int, frame: object) -> None:
        raise Overtime(seconds)

    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), OUTER_EXPIRED))


def failure_reason(error: BaseException, stage: str) -> str:
    """One line a user can act on; the traceback goes to the debug log."""
    log.debug("%s failed", stage, exc_info=error)
    if isinstance(error, Overtime):
        return (
            f"{stage} {error} (parse.article_seconds): skipped so the run goes on; raise the limit with --config "
            "if such articles are expected"
        )
    detail = str(error).splitlines()[0][:200] if str(error) else ""
    return (
        f"{stage} failed ({type(error).__name__}{': ' + detail if detail else ''}): a bug, please report it "
        "with the output of --debug"
    )


def each(
    items: list[T], work: Callable[[T], R], source: Callable[[T], str], stage: str, seconds: float
) -> tuple[list[tuple[T, R]], list[Skipped]]:
    """`work` on every item under its own deadline: the items it succeeded on with their results, and a
    `Skipped` for each other one."""
    done: list[tuple[T, R]] = []
    skipped: list[Skipped] = []
    for item in items:
        try:
            with deadline(seconds):
                done.append((item, work(item)))
        except (Exception, Overtime) as error:  # the last resort: any failure of one article skips only it
            skipped.append(Skipped(path=source(item), reason=failure_reason(error, stage)))
    return done, skipped
