"""The runner-to-worker stream must deliver every byte written while a flush is in flight."""

from __future__ import annotations

import threading

import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.worker import data_plane

from pipeline import data_plane_fix
from pipeline.cli import _default_runner


def _write_during_a_blocked_flush(stream_class) -> bytes:
    """Write, let the periodic flush block in its send (a full queue), write again, close."""
    received: list[bytes] = []
    flush_in_send = threading.Event()
    release_send = threading.Event()

    def send(data: bytes) -> None:
        if data and not flush_in_send.is_set():
            flush_in_send.set()
            release_send.wait(10)
        received.append(data)

    stream = stream_class(
        close_callback=received.append, flush_callback=send, time_flush_threshold_ms=10
    )
    stream.write(b"first|")
    assert flush_in_send.wait(10), "the periodic flush never ran"
    writer = threading.Thread(target=stream.write, args=(b"second|",))
    writer.start()
    writer.join(0.2)  # Beam's write returns at once; the fixed one waits for the flush
    release_send.set()
    writer.join(10)
    stream.close()
    return b"".join(received)


def test_the_fixed_stream_delivers_writes_made_during_a_flush():
    assert _write_during_a_blocked_flush(data_plane_fix.LockedTimeBasedStream) == b"first|second|"


def test_beams_own_stream_still_drops_them():
    """Why the fix exists. When a Beam upgrade makes this fail, the fix can go."""
    delivered = _write_during_a_blocked_flush(data_plane_fix._BEAM_STREAM)
    assert delivered == b"first|"


def test_the_fixed_stream_flushes_by_size_instead_of_holding_a_bundle():
    sent: list[int] = []
    stream = data_plane_fix.LockedTimeBasedStream(
        close_callback=lambda data: sent.append(len(data)),
        flush_callback=lambda data: sent.append(len(data)),
        time_flush_threshold_ms=60_000,
    )
    chunk = b"x" * (1 << 20)
    for _ in range(25):
        stream.write(chunk)
        assert stream.size() <= data_plane._DEFAULT_SIZE_FLUSH_THRESHOLD
    stream.close()
    assert sum(sent) == 25 * len(chunk)
    assert max(sent) <= data_plane._DEFAULT_SIZE_FLUSH_THRESHOLD + len(chunk)


@pytest.mark.parametrize("flags", [[], ["--direct_running_mode=multi_processing"]])
def test_the_local_runner_gets_the_fix(flags, monkeypatch):
    monkeypatch.setattr(
        data_plane, "TimeBasedBufferingClosableOutputStream", data_plane_fix._BEAM_STREAM
    )
    _default_runner(PipelineOptions(flags), flags)
    assert data_plane_fix.installed()
    created = data_plane.ClosableOutputStream.create(None, None, 1000)
    assert isinstance(created, data_plane_fix.LockedTimeBasedStream)
    created.close()
