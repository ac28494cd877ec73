"""Audit Beam's multi-processing FnApiRunner: does every bundle process all the input it is sent?

`python bench/mp_bundle_audit.py --input 'DIR/docs/**' --output OUT [--workers 2] [--without-fix]`

Runs `storyline run` with `--direct_num_workers=N --direct_running_mode=multi_processing` and, for
every bundle, decodes on the runner side the elements it sends to a worker and compares them with
the element count the worker reports for that read. A shortfall is data lost between the runner
and the SDK worker. Diagnostic only: it replaces Beam's `BundleManager.process_bundle` with
a copy that records what it sends (no split managers, no timers: storyline uses neither); that
function is the same in Beam 2.76 and 2.77.

storyline's fix (`pipeline/data_plane_fix.py`) and its ~2 MB bundles (`pipeline/bundle_sizing.py`)
are installed as `storyline run` installs them; `--without-fix` runs Beam's own stream, to
reproduce the loss, and `--beam-bundles` Beam's one bundle per worker and stage.

Found with it on Beam 2.77 (100,000 light documents, 2 workers): the materialized Flatten of
`Dedupe/JoinAssignments` sent 146,045 elements (220 MB) to one worker; the worker received two
94 MB data messages, not the third (31 MB), and processed 137,727 elements without an error.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

import apache_beam as beam
from apache_beam.metrics import monitoring_infos
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability.fn_api_runner import FnApiRunner, fn_runner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import bundle_sizing, data_plane_fix  # noqa: E402
from pipeline.cli import _prepare_output  # noqa: E402
from pipeline.options import StorylineOptions  # noqa: E402
from pipeline.run import build_pipeline  # noqa: E402
from pipeline.summary import collect_summary, format_summary  # noqa: E402
from transforms.read import expand_pattern  # noqa: E402
from transforms.store import plan_run  # noqa: E402

SHORTFALLS: list[str] = []
_REPORT_LOCK = threading.Lock()


def _count_elements(coder_impl, chunks: list[bytes]) -> int:
    return sum(1 for _ in coder_impl.decode_all(b"".join(chunks)))


def _audited_process_bundle(
    self, inputs, expected_outputs, fired_timers, expected_output_timers, dry_run=False
):
    """Beam's BundleManager.process_bundle, recording elements sent against processed."""
    with fn_runner.BundleManager._lock:
        fn_runner.BundleManager._uid_counter += 1
        bundle_id = f"bundle_{fn_runner.BundleManager._uid_counter}"
        handlers = self.bundle_context_manager.worker_handlers
        self._worker_handler = handlers[fn_runner.BundleManager._uid_counter % len(handlers)]
    descriptor = self.bundle_context_manager.process_bundle_descriptor
    sent: dict[str, int] = {}
    for transform_id, chunks in inputs.items():
        chunks = list(chunks)
        coder_impl = self.bundle_context_manager.get_input_coder_impl(transform_id)
        sent[transform_id] = _count_elements(coder_impl, chunks)
        self._send_input_to_worker(bundle_id, transform_id, chunks)
    request = beam_fn_api_pb2.InstructionRequest(
        instruction_id=bundle_id,
        process_bundle=beam_fn_api_pb2.ProcessBundleRequest(
            process_bundle_descriptor_id=descriptor.id,
            cache_tokens=[next(self._cache_token_generator)],
        ),
    )
    future = self._worker_handler.control_conn.push(request)
    for output in self._worker_handler.data_conn.input_elements(
        bundle_id,
        list(expected_outputs.keys()),
        abort_callback=lambda: future.is_done() and bool(future.get().error),
    ):
        if isinstance(output, beam_fn_api_pb2.Elements.Data) and not dry_run:
            with fn_runner.BundleManager._lock:
                buffer = self.bundle_context_manager.get_buffer(
                    expected_outputs[output.transform_id], output.transform_id
                )
                buffer.append(output.data)
    result = future.get()
    if result.error:
        raise RuntimeError(result.error)
    processed = {
        info.labels.get(monitoring_infos.PCOLLECTION_LABEL): monitoring_infos.extract_counter_value(
            info
        )
        for info in result.process_bundle.monitoring_infos
        if info.urn == monitoring_infos.ELEMENT_COUNT_URN
    }
    for transform_id, count in sent.items():
        pcollection = next(iter(descriptor.transforms[transform_id].outputs.values()))
        got = processed.get(pcollection, 0)
        if got != count:
            with _REPORT_LOCK:
                SHORTFALLS.append(f"{bundle_id} {transform_id}: sent {count}, processed {got}")
                print(f"SHORTFALL {SHORTFALLS[-1]}", flush=True)
    return result, []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--without-fix", action="store_true", help="Beam's racy stream")
    parser.add_argument("--beam-bundles", action="store_true", help="one bundle per worker")
    args = parser.parse_args()
    if not args.without_fix:
        data_plane_fix.install()
    if not args.beam_bundles:
        bundle_sizing.install()
    print(f"data plane fix installed: {data_plane_fix.installed()}", flush=True)
    print(f"sized bundles: {bundle_sizing.installed()}", flush=True)
    fn_runner.BundleManager.process_bundle = _audited_process_bundle
    flags = [
        f"--input={args.input}",
        f"--output={args.output}",
        f"--direct_num_workers={args.workers}",
        "--direct_running_mode=multi_processing",
    ]
    options = PipelineOptions(flags)
    ours = options.view_as(StorylineOptions)
    _prepare_output(ours.output, overwrite=True, append=False)
    pipeline = beam.Pipeline(runner=FnApiRunner(), options=options)
    inputs = [expand_pattern(pattern) for pattern in ours.inputs]
    build_pipeline(pipeline, inputs, plan_run(ours.output, inputs), ours.to_config())
    try:
        result = pipeline.run()
        result.wait_until_finish()
        print(format_summary(collect_summary(result)))
    except Exception as error:  # a lost join side fails later stages; the audit still reports
        print(f"pipeline failed: {(str(error).splitlines() or [repr(error)])[-1]}")
    print(f"bundles with a shortfall: {len(SHORTFALLS)}")
    return 1 if SHORTFALLS else 0


if __name__ == "__main__":
    sys.exit(main())
