"""Stage (streaming): new input files as they arrive, in fixed windows of arrival time.

Locally and on Dataflow a pattern is watched with `fileio.MatchContinuously` (each file once,
named from its pattern's root as in batch); on Dataflow, Cloud Storage notifications from a
Pub/Sub subscription can announce new objects instead. Every file is timestamped with its
arrival and windowed (`OnTimeWindows`); the rest of the pipeline then works window by window.

A window is the unit of commit: a file's units are counted, cleaned, deduplicated and committed
in the window it arrived in, so the files table reconciles row by row as in batch. An article's
`published` date decides what it is compared with (the dedup horizon, rewrite direction), and
what came in earlier windows is read back from the store, not from Beam state: an article
published long before it arrived still meets its neighbours there.
"""

from __future__ import annotations

import fnmatch
import json
import time

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.transforms import trigger, window
from apache_beam.utils.timestamp import Duration, Timestamp
from apache_beam.utils.windowed_value import PaneInfoTiming

from schemas.records import InputFile
from transforms.read import expand_pattern, input_root, relative_path


def _input_file(metadata, root: str) -> InputFile:
    return InputFile(metadata.path, relative_path(metadata.path, root), metadata.size_in_bytes)


def _arrived(item: InputFile) -> window.TimestampedValue:
    return window.TimestampedValue(item, time.time())


def notified_file(message, patterns: list[str]) -> list[InputFile]:
    """A Cloud Storage notification (Pub/Sub message with attributes) -> the new object, if
    it is one (OBJECT_FINALIZE) that one of `patterns` matches (fnmatch; none: every object),
    named from that pattern's root."""
    attributes = message.attributes or {}
    if attributes.get("eventType") != "OBJECT_FINALIZE":
        return []
    location = f"gs://{attributes['bucketId']}/{attributes['objectId']}"
    size = int(json.loads(message.data or b"{}").get("size", 0))
    if not patterns:
        return [InputFile(location, attributes["objectId"], size)]
    for pattern in patterns:
        if fnmatch.fnmatchcase(location, pattern):
            return [InputFile(location, relative_path(location, input_root(pattern)), size)]
    return []


class WatchFiles(beam.PTransform):
    """Patterns (or a subscription) -> windowed `InputFile`s, as files arrive.

    `stop_after` seconds from now ends the watch (tests, demos); the pipeline then finishes
    its last windows and returns. None watches until the job is stopped. Files in `seen`
    ((path, size) pairs) are skipped. Not `windowed`: one global window, which closes when
    the watch ends (`pipeline.streaming`'s local watches).
    """

    def __init__(
        self,
        patterns: list[str],
        window_seconds: int,
        allowed_lateness: int = 0,
        stop_after: float | None = None,
        subscription: str | None = None,
        seen: frozenset[tuple[str, int]] = frozenset(),
        windowed: bool = True,
    ):
        super().__init__()
        self._seen = seen
        self._windowed = windowed
        self._patterns = [expand_pattern(p) for p in patterns]
        self._window_seconds = window_seconds
        self._allowed_lateness = allowed_lateness
        self._stop = Timestamp.now() + stop_after if stop_after is not None else None
        self._subscription = subscription

    def expand(self, pipeline):
        interval = max(0.5, min(5.0, self._window_seconds / 4))
        if self._subscription:
            from apache_beam.io.gcp.pubsub import ReadFromPubSub

            found = [
                pipeline
                | "Notifications"
                >> ReadFromPubSub(subscription=self._subscription, with_attributes=True)
                | "NewObjects" >> beam.FlatMap(notified_file, self._patterns)
            ]
        else:
            found = []
            until = {} if self._stop is None else {"stop_timestamp": self._stop}
            for index, pattern in enumerate(self._patterns):
                match = fileio.MatchContinuously(pattern, interval=interval, **until)
                found.append(
                    pipeline
                    | f"Watch{index}" >> match
                    | f"Name{index}" >> beam.Map(_input_file, input_root(pattern))
                )
        files = found[0] if len(found) == 1 else tuple(found) | "AllFiles" >> beam.Flatten()
        seen = self._seen
        files = files | "New" >> beam.Filter(lambda item: (item.path, item.size) not in seen)
        if self._windowed:
            windows = OnTimeWindows(self._window_seconds, self._allowed_lateness)
        else:  # one pane, when the watch ends (the default trigger is refused on a stream)
            windows = beam.WindowInto(
                window.GlobalWindows(),
                trigger=trigger.AfterWatermark(),
                accumulation_mode=trigger.AccumulationMode.DISCARDING,
            )
        return files | "Arrival" >> beam.Map(_arrived) | "Windows" >> windows


def _into_open_window(
    keyed, lateness: Duration, arrived_in=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam
):
    _location, items = keyed
    # announced twice in a window (a redelivery): read once; an object rewritten in the window
    # (two sizes) is read in each version
    for item in sorted(set(items), key=lambda found: (found.path, found.size)):
        if pane.timing == PaneInfoTiming.LATE:
            yield window.TimestampedValue(item, arrived_in.end + lateness)
        else:
            yield item


class OnTimeWindows(beam.PTransform):
    """Timestamped files -> the same files in fixed windows, none of them late.

    A file behind the watermark by at most `allowed_lateness` seconds goes to the window that
    holds its own window's end plus the lateness, which is still open, instead of a late pane
    of its own window: a late pane would reach each later grouping on its own, and their joins
    would split the file's units over several panes. The store already holds the windows
    before, so the file meets the same earlier articles there. A file later than that is
    dropped by the runner (Dataflow counts it as dropped due to lateness); with arrival
    timestamps (`WatchFiles`) no file is ever late.
    """

    def __init__(self, window_seconds: int, allowed_lateness: int = 0):
        super().__init__()
        self._window_seconds = window_seconds
        self._allowed_lateness = allowed_lateness

    def expand(self, files):
        fixed = window.FixedWindows(self._window_seconds)
        return (
            files
            | "Fixed" >> beam.WindowInto(fixed, allowed_lateness=self._allowed_lateness)
            | "ByLocation" >> beam.Map(lambda item: (item.location, item))
            | "Panes" >> beam.GroupByKey()
            | "LateForward" >> beam.FlatMap(_into_open_window, Duration(self._allowed_lateness))
            | "OnTime" >> beam.WindowInto(fixed)
        )
