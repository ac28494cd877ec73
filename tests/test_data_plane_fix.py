"""The runner-to-worker stream must deliver every byte written while a flush is in flight."""

from __future__ import annotations

import os
import threading

import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.worker import data_plane

from pipeline import data_plane_fix
from pipeline.cli import _default_runner


def _write_during_a_blocked_flush(stream_class, writer_waits: bool) -> bytes:
    """Write, let the periodic flush block in its send (a full queue), write again, close.

    `writer_waits`: the second write must wait for the flush (the fix) or return at once (Beam).
    """
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
    writing = threading.Event()

    def write_second() -> None:
        writing.set()
        stream.write(b"second|")

    writer = threading.Thread(target=write_second)
    writer.start()
    assert writing.wait(10)
    if writer_waits:
        writer.join(0.2)
        assert writer.is_alive(), "the write did not wait for the flush in flight"
    else:
        writer.join(10)  # Beam's write returns while the flush is still in its send
    release_send.set()
    writer.join(10)
    stream.close()
    return b"".join(received)


def test_the_fixed_stream_delivers_writes_made_during_a_flush():
    delivered = _write_during_a_blocked_flush(data_plane_fix.LockedTimeBasedStream, True)
    assert delivered == b"first|second|"


def test_beams_own_stream_still_drops_them():
    """Why the fix exists. When a Beam upgrade makes this fail, the fix can go."""
    delivered = _write_during_a_blocked_flush(data_plane_fix._BEAM_STREAM, False)
    assert delivered == b"first|"


def test_the_fixed_stream_leaves_flushing_to_the_flusher_and_close():
    """No flush from write(): the runner writes a whole bundle before the worker starts reading."""
    sent: list[int] = []
    stream = data_plane_fix.LockedTimeBasedStream(
        close_callback=lambda data: sent.append(len(data)),
        flush_callback=lambda data: sent.append(len(data)) if data else None,
        time_flush_threshold_ms=60_000,
    )
    chunk = b"x" * (1 << 20)
    for _ in range(25):
        stream.write(chunk)
    assert sent == []
    stream.close()
    assert sent == [25 * len(chunk)]


@pytest.fixture
def clean_process(monkeypatch, no_arena_setting):
    """Beam's own stream class and no arena setting, restored after the test."""
    monkeypatch.setattr(
        data_plane, "TimeBasedBufferingClosableOutputStream", data_plane_fix._BEAM_STREAM
    )


@pytest.mark.usefixtures("clean_process")
@pytest.mark.parametrize("flags", [[], ["--direct_running_mode=multi_processing"]])
def test_multi_processing_runs_get_the_fix_and_the_arena_cap(flags, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    _default_runner(PipelineOptions(flags), flags)
    assert data_plane_fix.installed()
    assert os.environ["MALLOC_ARENA_MAX"] == "2"
    created = data_plane.ClosableOutputStream.create(None, None, 1000)
    assert isinstance(created, data_plane_fix.LockedTimeBasedStream)
    created.close()


@pytest.mark.usefixtures("clean_process")
@pytest.mark.parametrize("mode", ["in_memory", "multi_threading"])
def test_other_modes_keep_beams_stream(mode):
    flags = [f"--direct_running_mode={mode}"]
    _default_runner(PipelineOptions(flags), flags)
    assert not data_plane_fix.installed()
