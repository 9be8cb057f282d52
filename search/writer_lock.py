"""One index writer at a time, across every process on the machine.

Whoosh allows one writer per index and makes the others wait on its lock
file, then fail. The archive serializes its writers itself instead: a
`flock` on a file beside the index (not inside it: clearing an index deletes
its folder). Web requests only *try* the lock and leave their work queued
for whoever holds it; bulk writers (ingest, rebuilds) wait for it.

Re-entrant within a thread: code that holds the lock may call code that
takes it again.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

_held = threading.local()


def lock_path() -> Path:
    root = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    return root.with_name(root.name + ".writer.lock")


def holding() -> bool:
    return getattr(_held, "depth", 0) > 0


@contextmanager
def writer_lock(*, wait: bool):
    """Yields True while this thread is the index writer; False (at once)
    when another holds the lock and `wait` is False."""
    if holding():
        _held.depth += 1
        try:
            yield True
        finally:
            _held.depth -= 1
        return
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        _held.depth = 1
        try:
            yield True
        finally:
            _held.depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
