"""The runner-to-worker stream must deliver every byte written while a flush is in flight."""

from __future__ import annotations

import threading

from pipeline import data_plane_fix


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
