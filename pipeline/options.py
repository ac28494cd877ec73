"""Command-line options of a run, as a Beam `PipelineOptions` subclass.

Standard Beam flags (--runner, --direct_num_workers, --project, ...) pass through untouched;
these are storyline's own, in the groups `storyline run --help` shows. Defaults and their
reasons live in `transforms.config`; `value_problem` names a value no run can use.
"""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

from transforms.config import DEFAULT_HORIZON, StorylineConfig

_DEFAULTS = StorylineConfig()

# flag -> (dest, lowest, highest) a run accepts; None: no bound
_BOUNDS = {
    "--shingle-size": ("shingle_size", 1, None),
    "--num-perm": ("num_perm", 1, None),
    "--dedup-threshold": ("dedup_threshold", 0.0, 1.0),
    "--rewrite-threshold": ("rewrite_threshold", 0.0, 1.0),
    "--story-threshold": ("story_threshold", 0.0, 1.0),
    "--max-bytes": ("max_bytes", 1, None),
    "--min-words": ("min_words", 0, None),
    "--dedup-horizon": ("dedup_horizon", 0, None),
    "--window-seconds": ("window_seconds", 1, None),
    "--stop-after": ("stop_after", 0, None),
    "--allowed-lateness": ("allowed_lateness", 0, None),
}


class StorylineOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        _input_output(parser.add_argument_group("input and output"))
        _store(parser.add_argument_group("store"))
        _display(parser.add_argument_group("display"))
        _tuning(parser.add_argument_group("tuning"))
        _streaming(parser.add_argument_group("streaming (with Beam's --streaming)"))

    def to_config(self) -> StorylineConfig:
        return StorylineConfig(
            shingle_size=self.shingle_size,
            num_perm=self.num_perm,
            dedup_threshold=self.dedup_threshold,
            rewrite_threshold=self.rewrite_threshold,
            story_threshold=self.story_threshold,
            seed=self.seed,
            max_bytes=self.max_bytes,
            min_words=self.min_words,
            dedup_horizon=self.dedup_horizon,
            keep_non_articles=self.keep_non_articles,
        )

    def value_problem(self) -> str | None:
        """What is wrong with a flag's value (`--num-perm must be at least 1, not 0`), if any."""
        for flag, (dest, lowest, highest) in _BOUNDS.items():
            value = getattr(self, dest)
            if value is None:
                continue
            if highest is not None and not lowest <= value <= highest:
                return f"{flag} must be between {lowest:g} and {highest:g}, not {value:g}"
            if value < lowest:
                return f"{flag} must be at least {lowest:g}, not {value:g}"
        return None


def _input_output(group) -> None:
    group.add_argument(
        "--input",
        dest="inputs",
        action="append",
        metavar="PATTERN",
        help="File, directory, glob or cloud URI to read; repeat for more.",
    )
    group.add_argument("--output", metavar="STORE", help="The store: a directory or cloud URI.")
    group.add_argument(
        "--keep-non-articles",
        action="store_true",
        default=False,
        help="Keep product, forum, listing, docs and service pages as rows with their "
        "page_kind instead of rejecting them (not_article).",
    )


def _store(group) -> None:
    group.add_argument(
        "--append",
        action="store_true",
        default=False,
        help="Add to the store at --output: dedupe, tag and group against what it holds.",
    )
    group.add_argument(
        "--overwrite",
        action="store_true",
        default=False,
        help="Replace the tables of an existing non-empty --output.",
    )


def _display(group) -> None:
    group.add_argument(
        "--quiet",
        action="store_true",
        default=False,
        help="No progress display or lines while the run goes on (the summary still prints).",
    )
    group.add_argument(
        "--verbose",
        action="store_true",
        default=False,
        help="Show Beam's warnings during the run (without it, only its errors).",
    )


# flag, type, metavar, help of the tuning flags; each default is StorylineConfig's
_TUNING = (
    ("--shingle-size", int, "N", "Words per MinHash shingle."),
    ("--num-perm", int, "N", "MinHash permutations."),
    (
        "--dedup-threshold",
        float,
        "X",
        "Estimated Jaccard at or above which two articles are copies.",
    ),
    (
        "--rewrite-threshold",
        float,
        "X",
        "Share of sentences aligned in order that makes a rewrite.",
    ),
    (
        "--story-threshold",
        float,
        "X",
        "Similarity (term views' cosines, combined) at which an article joins a story.",
    ),
    ("--seed", int, "N", "Seed of the MinHash permutations."),
    ("--max-bytes", int, "BYTES", "Largest input unit (after gunzip) read; larger are rejected."),
    ("--min-words", int, "N", "Fewest words a cleaned article may have."),
    (
        "--dedup-horizon",
        int,
        "SECONDS",
        "Seconds after which an earlier article is no longer joined by a copy "
        f"(default: none in batch, {DEFAULT_HORIZON} with --streaming).",
    ),
)


# flag, type, metavar, default, help of the streaming flags
_STREAMING = (
    ("--window-seconds", int, "SECONDS", 30,
     "Length of a window; each window is committed when it closes."),
    ("--stop-after", float, "SECONDS", None,
     "Stop watching the inputs after this many seconds and finish."),
    ("--allowed-lateness", int, "SECONDS", 0,
     "Seconds a window stays open for late files after it closes."),
    ("--input-subscription", str, "SUBSCRIPTION", None,
     "On Dataflow: Pub/Sub subscription of Cloud Storage notifications (OBJECT_FINALIZE) "
     "to read new objects from, instead of watching --input."),
)  # fmt: skip


def _tuning(group) -> None:
    table = [(flag, kind, metavar, getattr(_DEFAULTS, _dest(flag)), text)
             for flag, kind, metavar, text in _TUNING]  # fmt: skip
    _add_flags(group, table)


def _streaming(group) -> None:
    _add_flags(group, _STREAMING)


def _add_flags(group, table) -> None:
    for flag, kind, metavar, default, text in table:
        group.add_argument(
            flag, dest=_dest(flag), type=kind, metavar=metavar, default=default, help=text
        )


def _dest(flag: str) -> str:
    return flag[2:].replace("-", "_")
