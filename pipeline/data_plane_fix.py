"""Make the local runner's runner-to-worker data stream lossless.

Beam's FnApiRunner (2.76 and 2.77) sends a bundle's input to a gRPC SDK worker through a
`TimeBasedBufferingClosableOutputStream`. A thread flushes that buffer every second: `flush()`
hands `get()` to the send queue and then `_clear()`s the buffer, holding `_flush_lock`. But
`write()` does not take that lock. When the send queue is full (a busy worker reading slowly),
the flush blocks between `get()` and `_clear()`, the runner keeps writing, and `_clear()` drops
whatever was written meanwhile. The worker then reports success on fewer elements than it was
sent. This is the silent loss `bench/mp_bundle_audit.py` measured in multi-processing runs.

The fix is a stream whose `write()` takes the same lock, so a write waits for an in-flight flush
instead of racing it; the stream otherwise behaves as Beam's (it is flushed by the same thread and
by `close()`). Flushing by size from `write()` as well was tried and removed: the runner writes a
bundle's whole input before it asks the worker to process it, so 10 MB messages filled the send
queues and the runner waited forever (found in review, at 320 MB bundles). `install()` swaps the
class in under the name `ClosableOutputStream.create()` looks up. Only multi-processing runs get
it: there the class is used by the runner's streams only, while in `multi_threading` mode the
in-process SDK worker's output streams would use it too.
"""

from __future__ import annotations

from apache_beam.runners.worker import data_plane

_BEAM_STREAM = data_plane.TimeBasedBufferingClosableOutputStream


class LockedTimeBasedStream(_BEAM_STREAM):
    """Beam's time-flushed stream, with writes serialized against the periodic flush."""

    def write(self, b: bytes, nested: bool = False) -> None:
        with self._flush_lock:
            super().write(b, nested)


def install() -> None:
    """Use the locked stream for every time-flushed data stream in this process. Idempotent."""
    data_plane.TimeBasedBufferingClosableOutputStream = LockedTimeBasedStream


def installed() -> bool:
    return data_plane.TimeBasedBufferingClosableOutputStream is LockedTimeBasedStream
