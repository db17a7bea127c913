"""Runs of the `newsweave` command that start warm, for tests that start many runs (the kill tests).

A server process imports the command's modules once (torch, spaCy, sentence-transformers, the pipeline), then
forks one child per run, which calls `newsweave.cli.main(argv)` as `python -m newsweave.cli` would and exits
with its status. Each run is a real process of its own (its own session, so SIGKILL to its group ends it and
any parse workers); only the imports, seconds of every start, are paid once. Nothing is loaded or computed
before the fork (the models are loaded by each run), so no thread pool is copied half-way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SERVER = """
import json, os, sys, threading
import sentence_transformers, spacy, torch  # noqa: F401  (the imports every run needs, paid once)
import newsweave.app.incremental, newsweave.cli, newsweave.ingest.files, newsweave.nlp.models  # noqa: F401

def reap(pid):
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"ended": pid, "code": os.waitstatus_to_exitcode(status)}), flush=True)

for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        try:
            code = newsweave.cli.main(request["argv"])
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    print(json.dumps({"started": pid}), flush=True)
    threading.Thread(target=reap, args=(pid,), daemon=True).start()
"""


class WarmRuns:
    """`start(argv, log)` a run, `wait(pid, seconds)` for its exit status, `kill(pid)` it with SIGKILL."""

    def __init__(self) -> None:
        self._server = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self._changed = threading.Condition()
        self._started: list[int] = []
        self._ended: dict[int, int] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._server.stdout is not None
        for line in self._server.stdout:
            message = json.loads(line)
            with self._changed:
                if "started" in message:
                    self._started.append(message["started"])
                else:
                    self._ended[message["ended"]] = message["code"]
                self._changed.notify_all()

    def start(self, argv: list[str], log: Path) -> int:
        assert self._server.stdin is not None
        with self._changed:
            self._server.stdin.write(json.dumps({"argv": argv, "log": str(log)}) + "\n")
            self._server.stdin.flush()
            assert self._changed.wait_for(lambda: self._started, timeout=60), "the run server did not fork"
            return self._started.pop()

    def wait(self, pid: int, seconds: float) -> int | None:
        """The run's exit status (negative: killed by that signal), or None if it is still running."""
        with self._changed:
            self._changed.wait_for(lambda: pid in self._ended, timeout=seconds)
            return self._ended.get(pid)

    def kill(self, pid: int) -> int:
        if self.wait(pid, 0) is None:
            os.killpg(pid, signal.SIGKILL)
        code = self.wait(pid, 60)
        assert code is not None, f"run {pid} did not end after SIGKILL"
        return code

    def close(self) -> None:
        with self._changed:
            running = [pid for pid in self._started if pid not in self._ended]
        for pid in running:
            self.kill(pid)
        assert self._server.stdin is not None
        self._server.stdin.close()
        self._server.wait(timeout=60)


@pytest.fixture(scope="session")
def warm_runs() -> Iterator[WarmRuns]:
    runs = WarmRuns()
    yield runs
    runs.close()
