"""Dead letters of the stages after clean: a failure for one article costs what that stage
adds, never the article.

Every per-article step after clean runs under Beam's dead letter (`guarded`). The article keeps
its row with a fallback for what the failing step would have added (`docs/design.md`
lists them per stage) and the failure becomes one row of the `errors` table. While the
graph is built, `DeadLetters` gathers the stages' error rows, the articles that go on alone
(their own cluster and story: `transforms.dedupe.on_its_own`) and the rejects of the rare
article that cannot be written at all, for `AssembleArticles` and `WriteTables` to take.
"""

from __future__ import annotations

import posixpath
import re
import traceback
from collections.abc import Iterable, Iterator, Sequence

import apache_beam as beam
from apache_beam import typehints

from schemas.records import Reject, StageError
from transforms.identity import reject_id
from transforms.packing import unpack
from transforms.rejects import PARSE_ERROR, clip_detail

FAILED = "failed"  # the dead-letter tag of every guarded step
_FRAME = re.compile(r'File "([^"]+)", line (\d+), in (\S+)')


def guarded(transform: beam.ParDo, *tags: str, main: str = "ok"):
    """`transform` (a ParDo or Map) with Beam's dead letter on `failed`, and its own tagged
    outputs declared as such (Beam warns about tags requested but not declared)."""
    if tags:
        declared = transform.with_output_types(typehints.Any, **dict.fromkeys(tags, typehints.Any))
        transform = declared.with_outputs(*tags, main=main)
    return transform.with_exception_handling(main_tag=main, dead_letter_tag=FAILED)


def failure_detail(error) -> str:
    """Beam's dead-letter error (type, repr, traceback lines) as `at file:line in fn: repr`."""
    if not isinstance(error, tuple) or len(error) < 2:
        return clip_detail(error)
    frames = [line for line in (error[2] if len(error) > 2 else ()) if _FRAME.search(line)]
    return _detail(error[1], _FRAME.search(frames[-1]).groups() if frames else None)


def exception_detail(exception: BaseException) -> str:
    """`failure_detail` for an exception caught in a DoFn."""
    frames = traceback.extract_tb(exception.__traceback__)
    where = (frames[-1].filename, frames[-1].lineno, frames[-1].name) if frames else None
    return _detail(f"{type(exception).__name__}: {exception}", where)


def _detail(text: str, where: Sequence | None) -> str:
    # the message may quote what failed, lone surrogates included: escaped, the row can be written
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if where is None:
        return clip_detail(text)
    filename, line, function = where
    return clip_detail(f"at {posixpath.basename(filename)}:{line} in {function}: {text}")


def article_error(failed, stage: str) -> StageError:
    """A dead-letter element whose input was an article -> its `errors` row."""
    article, error = failed
    return StageError(article.source, article.doc_id, stage, failure_detail(error))


def _failed_input(failed):
    return failed[0]


class DeadLetters:
    """Collects the stages' failure outputs while the pipeline graph is built."""

    def __init__(self) -> None:
        self._errors: list[beam.PCollection] = []
        self._rejects: list[beam.PCollection] = []
        self._alone: list[beam.PCollection] = []

    def add_errors(self, errors: beam.PCollection) -> None:
        """StageError rows."""
        self._errors.append(errors)

    def add_rejects(self, rejects: beam.PCollection) -> None:
        """Rejects of articles that could not be written at all."""
        self._rejects.append(rejects)

    def add_alone(self, articles: beam.PCollection) -> None:
        """Articles that skip the rest of the similarity stages: own cluster, own story."""
        self._alone.append(articles)

    def article_failures(self, failed: beam.PCollection, stage: str, alone: bool = False) -> None:
        """A guarded per-article step's dead letter: one error row per failed article, and,
        with `alone`, the article itself goes on alone."""
        self.add_errors(failed | "ErrorRows" >> beam.Map(article_error, stage))
        if alone:
            self.add_alone(failed | "GoesOnAlone" >> beam.Map(_failed_input))

    def errors(self, pipeline: beam.Pipeline) -> beam.PCollection:
        return _flatten(pipeline, self._errors, "Errors")

    def rejects(self, pipeline: beam.Pipeline) -> beam.PCollection:
        return _flatten(pipeline, self._rejects, "WriteRejects")

    def alone(self, pipeline: beam.Pipeline) -> beam.PCollection:
        return _flatten(pipeline, self._alone, "Alone")


def _flatten(pipeline, parts: list[beam.PCollection], label: str) -> beam.PCollection:
    if not parts:
        return pipeline | f"No{label}" >> beam.Create([])
    if len(parts) == 1:
        return parts[0]
    return tuple(parts) | f"All{label}" >> beam.Flatten()


def group_rejects(packed: Iterable[bytes], stage: str, detail: str, group: str) -> Iterator[Reject]:
    """One reject per packed article of a group that failed as a whole (a cluster, a story);
    an article whose bytes cannot be unpacked is named by its group."""
    for article_bytes in packed:
        try:
            article = unpack(article_bytes)
            source, path, doc_id = article.source, article.path, article.doc_id
        except Exception:  # noqa: BLE001 - unreadable bytes: name the group instead
            source, path, doc_id = group, "", reject_id(group, PARSE_ERROR)
        yield Reject(source, stage, PARSE_ERROR, detail, path, doc_id)
