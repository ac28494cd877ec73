"""Bound the size of the local runner's bundles, so a worker's memory does not grow with the corpus.

Beam's FnApiRunner runs each stage of a multi-processing run as exactly one bundle per worker:
the stage's whole input, split in `direct_num_workers` parts. The runner sends a part as one
data message, and the worker holds that message and everything the bundle derives from it until
the bundle ends; the runner holds each part's stream buffers while it sends. So at 100,000
documents one bundle of the dedupe join carries ~190 MB of packed articles to each worker.

`SizedBundleManager` cuts a stage's input into parts of about `TARGET_BUNDLE_BYTES` (never fewer
than one per worker, so small stages run exactly as Beam runs them) and feeds them to the workers
through one thread per worker, each thread pinned to its own worker and taking the next part
when it is done. A materialized input (a ListBuffer: the data chunks workers sent back, up to
10 MB each) is cut at most into its chunks, since cutting finer makes Beam decode and re-encode
the whole input into a second copy. A grouped input keeps the parts of its first split when a
stage runs twice (`--direct_runner_bundle_repeat`). Stages with a split manager (a testing hook
that reads split points against the whole input) keep Beam's manager; stateful stages, the only
ones with timers, never get here: Beam runs them as one bundle.

`install()` swaps the class in under the name the runner looks up, for the whole process (the
runner has no per-pipeline hook); only multi-processing runs install it
(`pipeline.cli._default_runner`).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping

from apache_beam.metrics import monitoring_infos
from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner
from apache_beam.runners.portability.fn_api_runner.translations import BundleProcessResult
from apache_beam.runners.portability.fn_api_runner.worker_handlers import WorkerHandler

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

    def __init__(self, context: execution.BundleContextManager, handler: WorkerHandler):
        self._context = context
        self.worker_handlers = [handler]

    def __getattr__(self, name: str):
        return getattr(self._context, name)


class SizedBundleManager(_BEAM_MANAGER):
    """Beam's ParallelBundleManager with bundles of bounded size instead of one per worker."""

    def process_bundle(
        self,
        inputs: Mapping[str, execution.PartitionableBuffer],
        expected_outputs: Mapping,
        fired_timers: Mapping,
        expected_output_timers: Mapping,
        dry_run: bool = False,
    ) -> BundleProcessResult:
        workers = self._num_workers
        count = _parts_for(inputs, workers)
        if self._select_split_manager() or (count == workers and not _already_split(inputs)):
            return super().process_bundle(
                inputs, expected_outputs, fired_timers, expected_output_timers, dry_run
            )
        parted = {name: buffer.partition(count) for name, buffer in inputs.items()}
        part_inputs = [
            {name: parts[index] if index < len(parts) else [] for name, parts in parted.items()}
            for index in range(max(len(parts) for parts in parted.values()))
        ]
        next_part = iter(range(len(part_inputs)))
        lock = threading.Lock()
        handlers = self.bundle_context_manager.worker_handlers
        results: list[BundleProcessResult] = []
        errors: list[BaseException] = []

        def drain(handler: WorkerHandler) -> None:
            try:
                manager = fn_runner.BundleManager(
                    _PinnedContext(self.bundle_context_manager, handler),
                    self._progress_frequency,
                    cache_token_generator=self._cache_token_generator,
                )
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


def _parts_for(inputs: Mapping[str, execution.PartitionableBuffer], workers: int) -> int:
    """Parts by estimated size, but no more than a materialized input has chunks."""
    count = bundle_count(map(estimated_bytes, inputs.values()), workers)
    chunks = [
        len(buffer._inputs)
        for buffer in inputs.values()
        if isinstance(buffer, execution.ListBuffer) and buffer._inputs
    ]
    return max(workers, min([count, *chunks]))


def _already_split(inputs: Mapping[str, execution.PartitionableBuffer]) -> bool:
    """A GroupingBuffer keeps its first split, in however many parts (Beam's bundle repeat runs
    a stage twice); Beam's manager would index it by its worker count."""
    return any(
        isinstance(buffer, execution.GroupingBuffer) and buffer._grouped_output
        for buffer in inputs.values()
    )


def _merged(results: list[BundleProcessResult]) -> BundleProcessResult:
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
    """Whether this process runs parallel stages with sized bundles."""
    return fn_runner.ParallelBundleManager is SizedBundleManager
