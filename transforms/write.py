"""Stage: write the articles (hive-partitioned by story), stories, rejects and errors tables.

Partitions are written by hand rather than with `fileio.WriteToFiles`, which leaves files in
its temp dir for sub-directory destinations on a local filesystem (apache/beam#21313): rows
are grouped by story, each group becomes one pyarrow table, written through
`FileSystems.create` under a deterministic name, so a retried bundle overwrites its own file
instead of adding a second one.

A story whose rows Arrow refuses is converted again article by article: an article whose row
fails (`faults` point `write`) is written with its strings made valid UTF-8 and an `errors`
row, and one that still fails is a `write` reject. A partition that cannot be written at all
(Beam's dead letter) makes each of its articles a `write` reject. Either way every unit is one
article row or one reject.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from typing import NamedTuple

import apache_beam as beam
import pyarrow as pa
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas.arrow import ARTICLES_SCHEMA, ERRORS_SCHEMA, REJECTS_SCHEMA, STORIES_SCHEMA
from schemas.records import Article, Reject, StageError
from transforms import faults
from transforms.errors import (
    DeadLetters,
    exception_detail,
    failure_detail,
    group_rejects,
    guarded,
)
from transforms.packing import unpack
from transforms.rejects import PARSE_ERROR, clip_detail
from transforms.shards import WriteShardedTable, window_tag, write_table
from transforms.state import doc_row
from transforms.store import WrittenFile
from transforms.stories import story_row

_SURROGATES = re.compile("[\ud800-\udfff]")


def article_row(article: Article) -> dict:
    row = {name: getattr(article, name) for name in ARTICLES_SCHEMA.names}
    row["rewrite_evidence"] = list(article.rewrite_evidence) if article.rewrite_evidence else None
    return row


def partition_file(story_id: str, attempt: str, tag: str = "") -> str:
    """The story's file, relative to the articles table: one per story and attempt (and
    window and pane, `tag`, in a streaming run)."""
    return f"story_id={story_id}/part-{attempt}{tag}.parquet"


def partition_path(output: str, story_id: str, attempt: str, tag: str = "") -> str:
    return posixpath.join(output, "articles", partition_file(story_id, attempt, tag))


def _checked_row(article: Article) -> dict:
    faults.check("write", article.source)
    return article_row(article)


def _valid_utf8_row(article: Article) -> dict:
    """The article's row with every string made encodable (lone surrogates replaced)."""
    row = article_row(article)
    for name, value in row.items():
        if isinstance(value, str):
            row[name] = _valid_utf8(value)
        elif isinstance(value, list):
            row[name] = [_valid_utf8(v) if isinstance(v, str) else v for v in value]
    return row


def _encodable(value):
    return _valid_utf8(value) if isinstance(value, str) else value


def _valid_utf8(text: str) -> str:
    """Lone surrogates (the only str UTF-8 cannot encode) become U+FFFD, as in `decode`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def story_table(articles: list[Article]) -> tuple[pa.Table | None, list, list]:
    """(table of the rows written, kept articles, failures as StageError or Reject).

    One conversion for the whole story; only when Arrow refuses it is each article converted
    on its own to find the ones at fault."""
    try:
        rows = [_checked_row(a) for a in articles]
        return pa.Table.from_pylist(rows, schema=ARTICLES_SCHEMA), articles, []
    except Exception:  # noqa: BLE001 - look for the articles at fault below
        pass
    tables, kept, failures = [], [], []
    for article in articles:
        try:
            tables.append(pa.Table.from_pylist([_checked_row(article)], schema=ARTICLES_SCHEMA))
            kept.append(article)
            continue
        except Exception as error:  # noqa: BLE001 - try the row with valid strings
            detail = exception_detail(error)
        try:
            row = _valid_utf8_row(article)
            tables.append(pa.Table.from_pylist([row], schema=ARTICLES_SCHEMA))
            kept.append(article)
            failures.append(StageError(article.source, article.doc_id, "write", detail))
        except Exception:  # noqa: BLE001 - no row can be written: a reject
            why = clip_detail(detail)
            reject = Reject(article.source, "write", PARSE_ERROR, why, article.path, article.doc_id)
            failures.append(reject)
    return (pa.concat_tables(tables) if tables else None), kept, failures


class _WriteStoryPartitionFn(beam.DoFn):
    """One story's packed articles -> articles/story_id=<id>/part-<attempt>.parquet; emits its
    row, and on tagged outputs the `errors` and `rejects` of articles whose rows failed,
    ("files") how many rows of it came from each input file, ("written") the file, and
    ("docs") each article's `state/docs` row."""

    def __init__(self, output: str, attempt: str):
        self._output = output
        self._attempt = attempt
        self._rows = Metrics.counter("write", "article_rows")

    def setup(self):
        self._hooked = faults.armed("write.partition")

    def process(self, group: tuple[str, str, list[bytes]]):
        story_id, tag, packed = group
        ordered = sorted((unpack(p) for p in packed), key=lambda a: a.doc_id)
        if self._hooked:
            for article in ordered:
                faults.check("write.partition", article.source)
        table, kept, failures = story_table(ordered)
        for failure in failures:
            output = "errors" if isinstance(failure, StageError) else "rejects"
            yield beam.pvalue.TaggedOutput(output, failure)
        if table is None:
            return
        story = story_row((story_id, kept))
        if failures:  # a refused article may lend the story its headline
            story = {k: _valid_utf8(v) if isinstance(v, str) else v for k, v in story.items()}
        size = write_table(partition_path(self._output, story_id, self._attempt, tag), table)
        written = WrittenFile(
            "articles",
            partition_file(story_id, self._attempt, tag),
            size,
            table.num_rows,
            (("story_id", story_id),),
        )
        yield beam.pvalue.TaggedOutput("written", written)
        self._rows.inc(len(kept))  # last: a partition that fails is all rejects, never both
        for path, rows in sorted(Counter(a.path for a in kept).items()):
            yield beam.pvalue.TaggedOutput("files", (path, rows))
        for article in kept:
            row = doc_row(article, story_id)  # strings made encodable, as the row written
            yield beam.pvalue.TaggedOutput("docs", {k: _encodable(v) for k, v in row.items()})
        yield story


def with_window_tag(group, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
    """(story_id, packed articles) -> (story_id, window tag, packed articles): the writer runs
    under Beam's dead letter, whose wrapper does not pass a DoFn the window it runs in."""
    story_id, packed = group
    return story_id, window_tag(window, pane), list(packed)


def partition_rejects(failed, output: str, attempt: str):
    """A story whose partition could not be written: each article is a `write` reject, and a
    partial file is removed (it is never committed, but raw globs would see it)."""
    (story_id, tag, packed), error = failed
    detail = clip_detail(f"unexpected: {failure_detail(error)}")
    try:
        path = partition_path(output, story_id, attempt, tag)
        if FileSystems.exists(path):
            FileSystems.delete([path])
    except Exception:  # noqa: BLE001 - nothing more to do; the rejects still tell
        pass
    yield from group_rejects(packed, "write", detail, f"story {story_id}")


def reject_row(reject: Reject) -> dict:
    return {"source": reject.source, "doc_id": reject.doc_id, "stage": reject.stage,
            "reason": reject.reason, "detail": reject.detail}  # fmt: skip


def error_row(error: StageError) -> dict:
    return {"source": error.source, "doc_id": error.doc_id, "stage": error.stage,
            "detail": clip_detail(error.detail)}  # fmt: skip


class WrittenTables(NamedTuple):
    """What `WriteTables` wrote, and what the files table and the state need from it."""

    written: beam.PCollection  # a `WrittenFile` per file, for the commit
    docs: beam.PCollection  # a `state/docs` row per article written
    articles_by_file: beam.PCollection  # (input file path, article rows), per story
    rejects: beam.PCollection  # every reject: read, clean, assemble and write


class WriteTables(beam.PTransform):
    """((story_id, packed article), rejects) -> the four tables under `output`; `errors` holds
    the failures `dead_letters` gathered and this stage's own. Files are named by `attempt`."""

    def __init__(self, output: str, attempt: str, dead_letters: DeadLetters | None = None):
        super().__init__()
        self._output = output
        self._attempt = attempt
        self._dead_letters = dead_letters or DeadLetters()

    def expand(self, inputs):
        articles_by_story, rejects = inputs
        written = (
            articles_by_story
            | "GroupStories" >> beam.GroupByKey()
            | "WindowTags" >> beam.Map(with_window_tag)
            | "WritePartitions"
            >> guarded(
                beam.ParDo(_WriteStoryPartitionFn(self._output, self._attempt)),
                "errors",
                "rejects",
                "files",
                "written",
                "docs",
                main="stories",
            )
        )
        dead_letters = self._dead_letters
        dead_letters.add_errors(written.errors)
        dead_letters.add_rejects(written.rejects)
        dead_letters.add_rejects(
            written.failed
            | "PartitionRejects" >> beam.FlatMap(partition_rejects, self._output, self._attempt)
        )
        story_files = written.stories | "WriteStories" >> WriteShardedTable(
            self._output, self._attempt, "stories", STORIES_SCHEMA, "story_id", "story_rows"
        )
        all_rejects = (
            rejects,
            dead_letters.rejects(rejects.pipeline),
        ) | "AllRejects" >> beam.Flatten()
        reject_files = (
            all_rejects
            | "RejectRows" >> beam.Map(reject_row)
            | "WriteRejects"
            >> WriteShardedTable(
                self._output, self._attempt, "rejects", REJECTS_SCHEMA, "source", "reject_rows"
            )
        )
        error_files = (
            dead_letters.errors(rejects.pipeline)
            | "ErrorRows" >> beam.Map(error_row)
            | "WriteErrors"
            >> WriteShardedTable(
                self._output,
                self._attempt,
                "errors",
                ERRORS_SCHEMA,
                "source",
                "error_rows",
                sort_key=("source", "stage", "doc_id", "detail"),
            )  # fmt: skip
        )
        files = (
            written.written,
            story_files,
            reject_files,
            error_files,
        ) | "WrittenFiles" >> beam.Flatten()
        return WrittenTables(files, written.docs, written.files, all_rejects)
