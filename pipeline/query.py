"""`storyline query OUT [SQL]`: ad-hoc SQL over a run's output, through an in-memory DuckDB.

The output is plain Parquet, so no database is built: five views are defined over it
(`articles`, `stories`, `rejects`, `errors`, `files`) and the SQL runs against them. `story_id`
is read from the hive path of `articles/` as VARCHAR on purpose (hive_types), so an id that
happens to look numeric stays a string and still joins with `stories.story_id`. Timestamps print
in UTC.

Without SQL an overview is printed: stories by size, duplicates collapsed, rewrites by source
site, rejects by reason. `--format csv|json|parquet --to FILE` writes the result with DuckDB's
COPY instead of printing it (json is newline-delimited, one object per row); `--format csv|json`
without `--to` writes the same to standard output, values rendered by DuckDB as COPY does.

Cloud output: any URI DuckDB can read works. For gs:// (and s3://, http(s)://) the httpfs
extension is installed and loaded -- only for such URIs, so local use never needs the network.
GCS is read through its S3-compatible API with an HMAC key, given to DuckDB as a secret,
either once per machine:

    duckdb -c "CREATE PERSISTENT SECRET gcs (TYPE gcs, KEY_ID 'GOOG1E...', SECRET '...')"

or per run from the environment (STORYLINE_GCS_KEY_ID, STORYLINE_GCS_SECRET), from which a
temporary `CREATE SECRET (TYPE gcs, KEY_ID ..., SECRET ...)` is made.

A missing or empty output is a one-line error and exit code 2, as for any usage error.
"""

from __future__ import annotations

import argparse
import csv
import os
import posixpath
import shutil
import sys
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.usage import OneLineParser, UsageError, first_line
from schemas.arrow import (
    ARTICLES_SCHEMA,
    ERRORS_SCHEMA,
    FILES_SCHEMA,
    REJECTS_SCHEMA,
    STORIES_SCHEMA,
    STORY_MERGES_SCHEMA,
)
from transforms.store import is_store, open_snapshot

HTTPFS_SCHEMES = ("gs", "gcs", "s3", "s3a", "r2", "http", "https", "hf")
EXPORT_FORMATS = {
    "csv": "(FORMAT csv, HEADER)",
    "json": "(FORMAT json)",
    "parquet": "(FORMAT parquet)",
}
# table -> (read_parquet options, schema of an empty table)
TABLES = {
    "articles": (
        ", hive_partitioning = true, hive_types = {'story_id': 'VARCHAR'}",
        ARTICLES_SCHEMA.append(pa.field("story_id", pa.string())),
    ),
    "stories": ("", STORIES_SCHEMA),
    "rejects": ("", REJECTS_SCHEMA),
    "errors": ("", ERRORS_SCHEMA),
    "files": ("", FILES_SCHEMA),
    "story_merges": ("", STORY_MERGES_SCHEMA),
}
# Each run appends one row per story it added to; the `stories` view sums them into totals.
STORY_TOTALS = """
    SELECT r.story_id,
           arg_min(r.headline, coalesce(strftime(r.headline_published, '%Y%m%d%H%M%S%f'), '9')
                   || coalesce(r.headline, '')) AS headline,
           min(r.headline_published) AS headline_published,
           sum(r.article_count)::BIGINT AS article_count,
           sum(r.unique_count)::BIGINT AS unique_count,
           list_sort(list_distinct(flatten(list(r.sites)))) AS sites,
           min(r.first_published) AS first_published,
           max(r.last_published) AS last_published
    FROM {rows} AS r GROUP BY r.story_id"""
OVERVIEW = {
    "stories by size": """
        SELECT story_id, left(headline, 48) AS headline, article_count AS articles,
               unique_count AS "unique",
               coalesce(nullif(left(array_to_string(sites, ', '), 40), ''), '-') AS sites,
               strftime(first_published, '%Y-%m-%d %H:%M') AS first_published,
               strftime(last_published, '%Y-%m-%d %H:%M') AS last_published
        FROM stories ORDER BY article_count DESC, unique_count DESC, story_id LIMIT 10""",
    "duplicates collapsed": """
        SELECT count(*) AS articles, count(*) FILTER (WHERE is_canonical) AS unique_articles,
               count(*) FILTER (WHERE relation = 'duplicate') AS duplicates_collapsed,
               count(DISTINCT cluster_id) FILTER (WHERE NOT is_canonical) AS clusters_with_copies
        FROM articles""",
    "rewrites by source site": """
        SELECT coalesce(source.site, '(no site)') AS source_site,
               coalesce(rewrite.site, '(no site)') AS rewritten_by,
               count(*) AS rewrites, round(avg(rewrite.rewrite_score), 3) AS avg_score
        FROM articles AS rewrite LEFT JOIN articles AS source ON rewrite.rewrite_of = source.doc_id
        WHERE rewrite.relation = 'rewrite'
        GROUP BY ALL ORDER BY rewrites DESC, source_site, rewritten_by""",
    "rejects by reason": """
        SELECT stage, reason, count(*) AS rejects FROM rejects
        GROUP BY ALL ORDER BY rejects DESC, stage, reason""",
}


class OutputError(UsageError):
    """The output cannot be opened: reported as one line, exit code 2."""


def is_remote(uri: str) -> bool:
    scheme, sep, _ = uri.partition("://")
    return bool(sep) and scheme.lower() != "file"


def _needs_httpfs(uri: str) -> bool:
    return is_remote(uri) and uri.partition("://")[0].lower() in HTTPFS_SCHEMES


def _load_httpfs(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSTALL httpfs")
    con.execute("LOAD httpfs")


def _gcs_secret_from_env(con: duckdb.DuckDBPyConnection) -> None:
    key_id, secret = os.environ.get("STORYLINE_GCS_KEY_ID"), os.environ.get("STORYLINE_GCS_SECRET")
    if key_id and secret:
        con.execute(
            f"CREATE OR REPLACE SECRET storyline_gcs (TYPE gcs, KEY_ID {_quote(key_id)}, "
            f"SECRET {_quote(secret)})"
        )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def normalize(uri: str) -> str:
    uri = uri.removeprefix("file://")
    return uri.rstrip("/") if uri.rstrip("/") else uri


def open_output(output: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of the store at `output`.

    Views read the committed files of the store's snapshot (`transforms.store`), so a run
    going on or killed is invisible. A table with no files becomes an empty view of the
    contract's schema, so queries still type-check. `stories` holds story totals.
    """
    output = normalize(output)
    if not is_remote(output) and not Path(output).is_dir():
        raise OutputError(f"{output}: no such output directory")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")
        if _needs_httpfs(output):
            _load_httpfs(con)
            _gcs_secret_from_env(con)
        snapshot = _snapshot(output)
        for name, (options, schema) in TABLES.items():
            files = sorted(snapshot.files(name))
            rows = f"_rows_{name}" if name == "stories" else name
            if files:
                listed = "[" + ", ".join(_quote(f) for f in files) + "]"
                con.execute(f"CREATE VIEW {rows} AS SELECT * FROM read_parquet({listed}{options})")
            else:
                con.register(f"_empty_{name}", schema.empty_table())
                con.execute(f"CREATE VIEW {rows} AS SELECT * FROM _empty_{name}")
        con.execute(f"CREATE VIEW stories AS {STORY_TOTALS.format(rows='_rows_stories')}")
    except (duckdb.Error, OSError) as error:
        con.close()
        raise OutputError(f"{output}: {first_line(error)}") from error
    except OutputError:
        con.close()
        raise
    return con


def _snapshot(output: str):
    if not is_store(output):
        raise OutputError(f"{output}: no storyline store (no committed articles/ table)")
    return open_snapshot(output)


def read_partitions(
    con: duckdb.DuckDBPyConnection, output: str, story_ids: list[str]
) -> duckdb.DuckDBPyConnection:
    """SELECT * over only these stories' committed article files: no other file is opened.

    (A filter on the `articles` view still opens every partition: ~100x slower at 10,000
    stories.)
    """
    options, _schema = TABLES["articles"]
    wanted = {f"story_id={story_id}" for story_id in story_ids}
    paths = [
        uri
        for uri in open_snapshot(normalize(output)).files("articles")
        if posixpath.basename(posixpath.dirname(uri)) in wanted
    ]
    if not paths:
        return con.execute("SELECT * FROM articles WHERE false")
    return con.execute(f"SELECT * FROM read_parquet(?{options})", [sorted(paths)])


def print_result(con: duckdb.DuckDBPyConnection, sql: str, max_rows: int) -> None:
    relation = con.sql(sql)
    if relation is None:  # a statement with no result (SET, CREATE VIEW ...)
        print("ok")
        return
    width = shutil.get_terminal_size((160, 24)).columns
    relation.show(max_width=width, max_rows=max_rows, max_col_width=60)


def export_result(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, target: str) -> None:
    con.execute(f"COPY ({sql}) TO {_quote(target)} {EXPORT_FORMATS[fmt]}")


def stream_result(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, batch: int = 10_000) -> None:
    """Write the result to stdout as CSV with a header or as JSON lines, in batches.

    DuckDB renders the values (VARCHAR casts, `to_json`), so they read as COPY writes them.
    """
    if fmt == "json":
        cursor = con.execute(f"SELECT to_json(q)::VARCHAR FROM ({sql}) AS q")
    else:
        cursor = con.execute(f"SELECT COLUMNS(*)::VARCHAR FROM ({sql})")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(column[0] for column in cursor.description)
    while rows := cursor.fetchmany(batch):
        if fmt == "json":
            sys.stdout.writelines(line + "\n" for (line,) in rows)
        else:
            writer.writerows(rows)


def overview(con: duckdb.DuckDBPyConnection) -> None:
    for title, sql in OVERVIEW.items():
        print(f"## {title}")
        print_result(con, sql, max_rows=20)


def _parser() -> OneLineParser:
    parser = OneLineParser(
        prog="storyline query",
        description="Run SQL over a storyline output (views: articles, stories, rejects); "
        "without SQL, print an overview.",
    )
    parser.add_argument("output", help="output directory or URI (gs://bucket/out)")
    parser.add_argument("sql", nargs="?", help="one SQL statement; omit for the overview")
    parser.add_argument(
        "--format",
        choices=["table", *EXPORT_FORMATS],
        default="table",
        help="csv and json go to stdout without --to; parquet needs --to",
    )
    parser.add_argument("--to", metavar="FILE", help="write the result here (with --format)")
    parser.add_argument("--max-rows", type=int, default=40, help="rows printed (table format)")
    return parser


def parse_and_open(parser: OneLineParser, flags: list[str], check=None):
    """(args, DuckDB connection) for an output command, or 0 after --help; a usage error or a
    missing output raises `UsageError`."""
    if "-h" in flags or "--help" in flags:
        parser.print_help()
        return 0
    args = parser.parse_args(flags)
    if check is not None:
        check(args)
    return args, open_output(args.output)


def _check_export(args: argparse.Namespace) -> None:
    if args.to and args.format == "table":  # --to out.csv alone: format from the suffix
        args.format = Path(args.to).suffix.lstrip(".").lower()
        if args.format not in EXPORT_FORMATS:
            raise UsageError("--to needs --format csv|json|parquet")
    if not args.to and args.format == "parquet":
        raise UsageError("--format parquet needs --to FILE")
    if args.to and not args.sql:
        raise UsageError("--to needs a SQL query to export")
    if args.format != "table" and not args.sql:
        raise UsageError(f"--format {args.format} needs a SQL query to export")


def query_command(flags: list[str]) -> int:
    opened = parse_and_open(_parser(), flags, _check_export)
    if isinstance(opened, int):
        return opened
    args, con = opened
    with con:
        try:
            if not args.sql:
                overview(con)
            elif args.to:
                export_result(con, args.sql.strip().rstrip(";"), args.format, args.to)
                print(f"wrote {args.to}")
            elif args.format != "table":
                stream_result(con, args.sql.strip().rstrip(";"), args.format)
            else:
                print_result(con, args.sql, args.max_rows)
        except duckdb.Error as error:  # the user's SQL: an unknown table, a syntax error
            raise UsageError(first_line(error)) from None
    return 0
