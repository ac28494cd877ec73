"""Command-line options of a run, as a Beam `PipelineOptions` subclass.

Standard Beam flags (--runner, --direct_num_workers, --project, ...) pass through untouched;
these are storyline's own. Defaults and their reasons live in `transforms.config`.
"""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

from transforms.config import DEFAULT_HORIZON, StorylineConfig

_DEFAULTS = StorylineConfig()


class StorylineOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input",
            dest="inputs",
            action="append",
            help="File, directory, glob or cloud URI to read; repeat for more.",
        )
        parser.add_argument("--output", help="Output directory (local path or cloud URI).")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            default=False,
            help="Replace the tables of an existing non-empty --output.",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            default=False,
            help="Add to the store at --output: dedupe, tag and group against what it holds.",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            default=False,
            help="Show Beam's warnings during the run (without it, only its errors).",
        )
        parser.add_argument(
            "--shingle-size",
            dest="shingle_size",
            type=int,
            default=_DEFAULTS.shingle_size,
            help="Words per MinHash shingle.",
        )
        parser.add_argument(
            "--num-perm",
            dest="num_perm",
            type=int,
            default=_DEFAULTS.num_perm,
            help="MinHash permutations.",
        )
        parser.add_argument(
            "--dedup-threshold",
            dest="dedup_threshold",
            type=float,
            default=_DEFAULTS.dedup_threshold,
            help="Estimated Jaccard at or above which two articles are copies.",
        )
        parser.add_argument(
            "--rewrite-threshold",
            dest="rewrite_threshold",
            type=float,
            default=_DEFAULTS.rewrite_threshold,
            help="Share of sentences aligned in order that makes a rewrite.",
        )
        parser.add_argument(
            "--story-threshold",
            dest="story_threshold",
            type=float,
            default=_DEFAULTS.story_threshold,
            help="TF-IDF cosine at or above which articles share a story.",
        )
        parser.add_argument(
            "--seed", type=int, default=_DEFAULTS.seed, help="Seed of the MinHash permutations."
        )
        parser.add_argument(
            "--max-bytes",
            dest="max_bytes",
            type=int,
            default=_DEFAULTS.max_bytes,
            help="Largest input unit (after gunzip) read; larger are rejected.",
        )
        parser.add_argument("--min-words", dest="min_words", type=int,
                            default=_DEFAULTS.min_words,
                            help="Fewest words a cleaned article may have.")  # fmt: skip
        parser.add_argument(
            "--keep-non-articles",
            dest="keep_non_articles",
            action="store_true",
            default=False,
            help="Keep product, forum, listing, docs and service pages as rows with their "
            "page_kind instead of rejecting them (not_article).",
        )
        parser.add_argument(
            "--dedup-horizon",
            dest="dedup_horizon",
            type=int,
            default=None,
            help="Seconds after which an earlier article is no longer joined by a copy "
            f"(default: none in batch, {DEFAULT_HORIZON} with --streaming).",
        )
        # streaming (with Beam's --streaming)
        parser.add_argument(
            "--window-seconds",
            dest="window_seconds",
            type=int,
            default=60,
            help="Streaming: length of a window; each window is committed when it closes.",
        )
        parser.add_argument(
            "--stop-after",
            dest="stop_after",
            type=float,
            default=None,
            help="Streaming: stop watching the inputs after this many seconds and finish.",
        )
        parser.add_argument(
            "--allowed-lateness",
            dest="allowed_lateness",
            type=int,
            default=0,
            help="Streaming: seconds a window stays open for late files after it closes.",
        )
        parser.add_argument(
            "--input-subscription",
            dest="input_subscription",
            default=None,
            help="Streaming on Dataflow: Pub/Sub subscription of Cloud Storage notifications "
            "(OBJECT_FINALIZE) to read new objects from, instead of watching --input.",
        )

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
