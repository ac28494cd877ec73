"""The pipeline, stage by stage, as the design card draws it."""

from __future__ import annotations

import apache_beam as beam

from transforms.assemble import AssembleArticles
from transforms.candidates import CandidatePairs
from transforms.clean import CleanUnits
from transforms.config import StorylineConfig
from transforms.dedupe import DedupeArticles
from transforms.errors import DeadLetters
from transforms.files import FilesTable
from transforms.normalize import NormalizeArticles
from transforms.read import MatchFiles, ReadFiles
from transforms.rewrites import FindRewrites
from transforms.sign import SignArticles
from transforms.stories import GroupStories
from transforms.write import WriteTables


def build_pipeline(
    pipeline: beam.Pipeline, inputs: list[str], output: str, config: StorylineConfig
) -> None:
    """read -> clean -> normalize -> sign -> dedupe -> tag rewrites -> group stories -> write.

    Candidate pairs (an inverted index on rare terms) feed both rewrite tagging and stories;
    `Assemble` puts each article's cluster, rewrite tag and story together before writing;
    `Files` sums, per input file, its units and the article and reject rows written.
    Every stage after clean hands its failures to `dead_letters`: the article keeps its row and
    the failure is a row of the `errors` table (`transforms.errors`).
    """
    dead_letters = DeadLetters()
    files = pipeline | "Match" >> MatchFiles(inputs)
    units, read_rejects, file_reads = files | "Read" >> ReadFiles(config.max_bytes)
    articles, clean_rejects = units | "Clean" >> CleanUnits(config.min_words)
    normalized = articles | "Normalize" >> NormalizeArticles(dead_letters)
    signed = normalized | "Sign" >> SignArticles(config, dead_letters)
    deduped = signed | "Dedupe" >> DedupeArticles(config, dead_letters)
    canonical = deduped | "Canonical" >> beam.Filter(lambda article: article.is_canonical)
    profiles, pairs = canonical | "Candidates" >> CandidatePairs(config, dead_letters)
    rewrite_tags = (canonical, pairs) | "FindRewrites" >> FindRewrites(config, dead_letters)
    sources = canonical | "Sources" >> beam.Map(lambda article: (article.doc_id, article.source))
    story_of_canonical = (profiles, pairs, rewrite_tags, sources) | "GroupStories" >> GroupStories(
        config, dead_letters
    )
    alone = dead_letters.alone(pipeline)
    by_story = (deduped, rewrite_tags, story_of_canonical, alone) | "Assemble" >> AssembleArticles(
        dead_letters
    )
    rejects = (read_rejects, clean_rejects) | "Rejects" >> beam.Flatten()
    written = (by_story, rejects) | "Write" >> WriteTables(output, dead_letters)
    _ = (
        files,
        file_reads,
        units,
        read_rejects,
        written.articles_by_file,
        written.rejects,
    ) | "Files" >> FilesTable(output)
