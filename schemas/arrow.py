"""Arrow schemas of the output tables, in one place (documented in the README)."""

import pyarrow as pa

TIMESTAMP_UTC = pa.timestamp("us", tz="UTC")

# `story_id` is the hive partition key of this table: it lives in the path, not the file.
ARTICLES_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("site", pa.string()),
        pa.field("title", pa.string()),
        pa.field("author", pa.string()),
        pa.field("published", TIMESTAMP_UTC),
        pa.field("language", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("word_count", pa.int64(), nullable=False),
        pa.field("input_format", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string(), nullable=False),
        pa.field("is_canonical", pa.bool_(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("duplicate_score", pa.float64(), nullable=False),
        pa.field("relation", pa.string(), nullable=False),
        pa.field("rewrite_of", pa.string()),
        pa.field("rewrite_score", pa.float64()),
        pa.field("rewrite_evidence", pa.list_(pa.string())),
    ]
)

STORIES_SCHEMA = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("headline", pa.string()),
        pa.field("article_count", pa.int64(), nullable=False),
        pa.field("unique_count", pa.int64(), nullable=False),
        pa.field("sites", pa.list_(pa.string())),
        pa.field("first_published", TIMESTAMP_UTC),
        pa.field("last_published", TIMESTAMP_UTC),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
    ]
)

# One row per input file (`transforms.files`): units = articles + rejects on every row.
FILES_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("format", pa.string()),
        pa.field("compression", pa.string()),
        pa.field("bytes", pa.int64()),
        pa.field("units", pa.int64(), nullable=False),
        pa.field("articles", pa.int64(), nullable=False),
        pa.field("rejects", pa.int64(), nullable=False),
        pa.field("skipped_records", pa.int64(), nullable=False),
    ]
)

# One row per failure of a stage after clean; the article keeps its row in `articles`.
ERRORS_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
    ]
)
