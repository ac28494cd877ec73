"""Bound the size of the local runner's bundles, so a worker's memory does not grow with the corpus.

Beam's FnApiRunner runs each stage of a multi-processing run as exactly one bundle per worker:
the stage's whole input, split in `direct_num_workers` parts. The runner sends a part as one
data message, and the worker holds that message and everything the bundle derives from it until
the bundle ends; the runner holds each part's stream buffers while it sends. So at 100,000
documents one bundle of the dedupe join carries ~190 MB of packed articles to each worker.

`SizedBundleManager` cuts a stage's input into parts of about `TARGET_BUNDLE_BYTES` (never fewer
than one per worker, so small stages run exactly as Beam runs them) and feeds them to the workers
through one thread per worker, each thread pinned to its own worker and taking the next part
when it is done. `install()` swaps it in under the name the runner looks up; only
multi-processing runs get it (`pipeline.cli._default_runner`). Stages with fired timers keep
Beam's manager: Beam sends all timers with the first part, and this one does not change that.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable

from apache_beam.metrics import monitoring_infos
from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner

_BEAM_MANAGER = fn_runner.ParallelBundleManager
TARGET_BUNDLE_BYTES = 2 << 20  # ~500 packed articles; a bundle costs milliseconds
_SIZED_KEYS = 2000  # grouped values sized exactly for this many keys, the rest extrapolated


def _approx_size(value: object) -> int:
    """Encoded size, roughly: byte strings dominate every large shuffle in this pipeline."""
    if isinstance(value, (bytes, str)):
        return len(value)
    if isinstance(value, tuple):
        return sum(_approx_size(item) for item in value)
    return 16


def estimated_bytes(buffer: object) -> int:
    """Bytes a stage input will take on the wire (ListBuffer exactly, GroupingBuffer sampled)."""
    if isinstance(buffer, execution.ListBuffer):
        return sum(len(chunk) for chunk in buffer._inputs)
    if isinstance(buffer, execution.GroupingBuffer):
        table = buffer._table
        values = sum(len(group) for group in table.values())
        if not values:
            return 0
        sample = list(itertools.islice(table.items(), _SIZED_KEYS))
        sampled_bytes = sum(len(key) + sum(map(_approx_size, group)) for key, group in sample)
        sampled_values = sum(len(group) for _key, group in sample)
        return sampled_bytes * values // max(sampled_values, 1)
    return 0


def bundle_count(sizes: Iterable[int], workers: int) -> int:
    """At least one bundle per worker; more when the input exceeds the target per bundle."""
    return max(workers, -(-sum(sizes) // TARGET_BUNDLE_BYTES))


class _PinnedContext:
    """A bundle context that offers one worker: BundleManager sends each bundle to
    `worker_handlers[uid % len(worker_handlers)]`, so a one-element list pins it."""

    def __init__(self, context: execution.BundleContextManager, handler: object):
        self._context = context
        self.worker_handlers = [handler]

    def __getattr__(self, name: str):
        return getattr(self._context, name)


class SizedBundleManager(_BEAM_MANAGER):
    """Beam's ParallelBundleManager with bundles of bounded size instead of one per worker."""

    def process_bundle(
        self,
        inputs,
        expected_outputs,
        fired_timers,
        expected_output_timers,
        dry_run: bool = False,
    ):
        workers = self._num_workers
        count = bundle_count(map(estimated_bytes, inputs.values()), workers)
        if count == workers or fired_timers:
            return super().process_bundle(
                inputs, expected_outputs, fired_timers, expected_output_timers, dry_run
            )
        parted = {name: buffer.partition(count) for name, buffer in inputs.items()}
        # A GroupingBuffer keeps its first partitioning, so trust the lengths it returns.
        count = max(len(parts) for parts in parted.values())
        part_inputs = [
            {name: parts[index] if index < len(parts) else [] for name, parts in parted.items()}
            for index in range(count)
        ]
        next_part = iter(range(count))
        lock = threading.Lock()
        handlers = self.bundle_context_manager.worker_handlers
        results: list = []
        errors: list[BaseException] = []

        def drain(handler: object) -> None:
            manager = fn_runner.BundleManager(
                _PinnedContext(self.bundle_context_manager, handler),
                self._progress_frequency,
                cache_token_generator=self._cache_token_generator,
            )
            try:
                while not errors:
                    with lock:
                        index = next(next_part, None)
                    if index is None:
                        return
                    results.append(
                        manager.process_bundle(
                            part_inputs[index],
                            expected_outputs,
                            {},
                            expected_output_timers,
                            dry_run,
                        )
                    )
            except BaseException as error:  # re-raised on the runner's thread below
                errors.append(error)

        threads = [
            threading.Thread(target=drain, args=(handlers[i % len(handlers)],), daemon=True)
            for i in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return _merged(results)


def _merged(results: list) -> tuple:
    """One response for the stage, as Beam's ParallelBundleManager builds it: metrics summed."""
    responses = [response for response, _splits in results]
    infos = monitoring_infos.consolidate(
        itertools.chain.from_iterable(r.process_bundle.monitoring_infos for r in responses)
    )
    merged = beam_fn_api_pb2.InstructionResponse(
        process_bundle=beam_fn_api_pb2.ProcessBundleResponse(monitoring_infos=infos),
        error=next((r.error for r in responses if r.error), ""),
    )
    return merged, [split for _response, splits in results for split in splits]


def install() -> None:
    """Use sized bundles for every parallel stage the local runner runs. Idempotent."""
    fn_runner.ParallelBundleManager = SizedBundleManager


def installed() -> bool:
    return fn_runner.ParallelBundleManager is SizedBundleManager
