"""The pipeline, stage by stage, as the design card draws it."""

from __future__ import annotations

import apache_beam as beam

from schemas.arrow import STORY_MERGES_SCHEMA
from transforms.assemble import AssembleArticles
from transforms.band_memory import COMMIT_WAIT_SECONDS, RecallEarlierWindows
from transforms.candidates import CandidatePairs
from transforms.clean import CleanUnits
from transforms.commit import CommitRun
from transforms.config import StorylineConfig
from transforms.dedupe import DedupeArticles
from transforms.earlier_articles import EarlierTexts
from transforms.errors import DeadLetters
from transforms.files import FilesTable
from transforms.history import History, SkipIngested
from transforms.normalize import NormalizeArticles
from transforms.read import MatchFiles, ReadFiles
from transforms.rewrites import FindRewrites
from transforms.shards import WriteShardedTable
from transforms.sign import SignArticles
from transforms.state import (
    WriteState,
    anchor_rows,
    band_rows,
    centroid_row,
    signature_row,
    term_rows,
    unit_row,
    vector_row,
)
from transforms.store import RunPlan
from transforms.stories import GroupStories
from transforms.write import WriteTables


def build_pipeline(
    pipeline: beam.Pipeline,
    inputs: list[str],
    plan: RunPlan,
    config: StorylineConfig,
    files: beam.PCollection | None = None,
    job_memory: bool = False,
    commit_wait: float = COMMIT_WAIT_SECONDS,
) -> beam.PCollection:
    """read -> clean -> normalize -> sign -> dedupe -> tag rewrites -> group stories -> write
    -> commit.

    Candidate pairs (an inverted index on rare terms) feed both rewrite tagging and stories;
    `Assemble` puts each article's cluster, rewrite tag and story together before writing;
    `Files` sums, per input file, its units and the article and reject rows written.
    Every stage after clean hands its failures to `dead_letters`: the article keeps its row and
    the failure is a row of the `errors` table (`transforms.errors`). Every table is written
    as files of this attempt, which `Commit` commits to the store in one final step.

    A streaming run (`pipeline.streaming`) passes its windowed `files`; every stage then works
    per window, reads the store as its earlier windows left it, and commits once per window.
    With `job_memory` (one streaming job, whose windows may overlap), dedupe compares with the
    job's earlier windows in Beam state, waiting up to `commit_wait` seconds for the store to
    say their clusters, and with the store's state tables only as the job found them.
    Returns the commit point's version after each commit.
    """
    output, attempt = plan.store, plan.attempt
    dead_letters = DeadLetters()
    history = History.live(output) if plan.streaming else History.of(plan.base)
    dedupe_history, recall = history, None
    if job_memory:
        dedupe_history = History.of(plan.base)
        recall = RecallEarlierWindows(
            config.lsh_bands_rows,
            config.dedup_threshold,
            config.dedup_horizon,
            config.max_bucket_size,
            output,
            attempt,
            commit_wait,
        )
    if files is None:
        files = pipeline | "Match" >> MatchFiles(inputs)
    units_read, rejects_read, file_reads = files | "Read" >> ReadFiles(config.max_bytes)
    units, read_rejects, skipped = (units_read, rejects_read) | "SkipIngested" >> SkipIngested(
        history
    )
    articles, clean_rejects = units | "Clean" >> CleanUnits(
        config.min_words, config.keep_non_articles
    )
    normalized = articles | "Normalize" >> NormalizeArticles(dead_letters)
    signed = normalized | "Sign" >> SignArticles(config, dead_letters)
    dedupe = DedupeArticles(config, dead_letters, dedupe_history, recall)
    deduped = signed | "Dedupe" >> dedupe
    canonical = deduped | "Canonical" >> beam.Filter(lambda article: article.is_canonical)
    candidates = CandidatePairs(config, dead_letters, history)
    profiles, pairs = canonical | "Candidates" >> candidates
    earlier_texts, earlier_stories = [], []
    if history:
        floor = config.rewrite_candidate_cosine
        earlier_texts = [pairs | "EarlierTexts" >> EarlierTexts(history, floor)]
        earlier_stories = [candidates.earlier.stories]
    rewrite_tags = (canonical, pairs, *earlier_texts) | "FindRewrites" >> FindRewrites(
        config, dead_letters
    )
    sources = canonical | "Sources" >> beam.Map(lambda article: (article.doc_id, article.source))
    stories = GroupStories(config, dead_letters, history)
    story_inputs = (profiles, pairs, rewrite_tags, sources, *earlier_stories)
    story_of_canonical = story_inputs | "GroupStories" >> stories
    alone = dead_letters.alone(pipeline)
    # copies of an earlier run's article join its cluster and so its story
    story_of_cluster = (story_of_canonical, dedupe.stored_stories) | "StoryOfCluster" >> (
        beam.Flatten()
    )
    by_story = (deduped, rewrite_tags, story_of_cluster, alone) | "Assemble" >> AssembleArticles(
        dead_letters
    )
    rejects = (read_rejects, clean_rejects) | "Rejects" >> beam.Flatten()
    written = (by_story, rejects) | "Write" >> WriteTables(output, attempt, dead_letters)
    file_rows = (
        files,
        file_reads,
        units_read,
        rejects_read,
        written.articles_by_file,
        written.rejects,
        skipped,
    ) | "Files" >> FilesTable(output, attempt)
    merge_files = stories.merges | "WriteMerges" >> WriteShardedTable(
        output, attempt, "story_merges", STORY_MERGES_SCHEMA, "story_id", "story_merge_rows"
    )
    ingested = (
        deduped | "ArticleIds" >> beam.Map(unit_row),
        alone | "AloneIds" >> beam.Map(unit_row),
        written.rejects | "RejectIds" >> beam.Map(unit_row),
    ) | "Ingested" >> beam.Flatten()
    bands, rows = config.lsh_bands_rows
    signatures = dedupe.canonical_signatures
    state_files = {
        "state/units": ingested,
        "state/docs": written.docs,
        "state/signatures": signatures | "SignatureRows" >> beam.MapTuple(signature_row),
        "state/bands": signatures | "BandRows" >> beam.FlatMap(band_rows, bands, rows),
        "state/vectors": profiles | "VectorRows" >> beam.Map(vector_row),
        "state/anchors": profiles | "AnchorRows" >> beam.FlatMap(anchor_rows),
        "state/terms": candidates.term_counts | "TermRows" >> beam.FlatMap(term_rows),
        "state/stories": stories.centroids | "CentroidRows" >> beam.Map(centroid_row),
    } | "State" >> WriteState(output, attempt)
    all_files = (
        written.written,
        file_rows,
        merge_files,
        state_files,
    ) | "AllWritten" >> beam.Flatten()
    return all_files | "Commit" >> CommitRun(plan)
