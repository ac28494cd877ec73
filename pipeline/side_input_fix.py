"""Let Beam's streaming DirectRunner run an empty bundle through a ParDo with windowed side inputs.

Beam's BundleBasedDirectRunner (the one `TestStream` runs on, 2.76) finds the side-input window
a bundle waits for from the window of the bundle's last element. An empty bundle has none
(`_latest_main_input_window` is None), and such bundles are common: every tagged output of a
ParDo (rejects, skipped, failures) is committed and handed to its consumers even when empty.
With globally windowed side inputs the window mapping ignores its argument; with fixed windows
it calls `None.max_timestamp()`, the executor thread dies outside Beam's retry loop, and the
run waits forever for a task that is neither done nor blocked. So every storyline stage whose
side input derives from its own input (SkipIngested, Clean's site statistics, ScanState...)
hung under TestStream in fixed windows, while the same graph ran fine on one global window.

An empty bundle without fired timers calls no `process`, so no side-input value is ever read:
`install()` gives such a bundle empty side-input values up front and a window to map (the
global one), and the executor runs it as Beam would an empty bundle in the global window.
Dataflow and the FnApiRunner (local `storyline run`) do not use this executor.
"""

from __future__ import annotations

from apache_beam.runners.direct import executor
from apache_beam.transforms.sideinputs import SideInputMap
from apache_beam.transforms.window import GlobalWindow

_BEAM_CALL = executor.TransformExecutor.call


def _call(self, state_sampler):
    if self._latest_main_input_window is None and not self._fired_timers:
        for side_input in self._applied_ptransform.side_inputs:
            self._side_input_values.setdefault(
                side_input, SideInputMap(type(side_input), side_input._view_options(), [])
            )
        self._latest_main_input_window = GlobalWindow()
    return _BEAM_CALL(self, state_sampler)


def install() -> None:
    """Run empty bundles of side-input ParDos without a window lookup. Idempotent."""
    executor.TransformExecutor.call = _call


def installed() -> bool:
    return executor.TransformExecutor.call is _call
