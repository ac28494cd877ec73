"""Arrow schemas of the output tables, in one place (documented in docs/schema.md)."""

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
        pa.field("page_kind", pa.string(), nullable=False),  # article unless --keep-non-articles
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
        pa.field("headline_published", TIMESTAMP_UTC),  # of the article the headline is from
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

# One row per input file and run that found something new in it (`transforms.files`):
# units = articles + rejects + already_ingested on every row.
FILES_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("format", pa.string()),
        pa.field("compression", pa.string()),
        pa.field("bytes", pa.int64()),
        pa.field("units", pa.int64(), nullable=False),
        pa.field("articles", pa.int64(), nullable=False),
        pa.field("rejects", pa.int64(), nullable=False),
        pa.field("already_ingested", pa.int64(), nullable=False),  # units an earlier run took
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

# A new story's articles bridging two earlier stories: rows keep their story, this records it.
STORY_MERGES_SCHEMA = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),  # the story the article joined
        pa.field("bridged_story_id", pa.string(), nullable=False),  # the other earlier story
        pa.field("doc_id", pa.string(), nullable=False),  # the article that bridges them
        pa.field("score", pa.float64(), nullable=False),  # its cosine to the other story
    ]
)

# State tables: what later runs read to dedupe, tag and group against earlier ones
# (`transforms.history`). Internal; their layout may change between versions.
TERMS = pa.list_(pa.int64())
WEIGHTS = pa.list_(pa.float64())


def _keyed(key: str, key_type: pa.DataType, *fields: pa.Field) -> pa.Schema:
    return pa.schema([pa.field(key, key_type, nullable=False), *fields])


STATE_SCHEMAS = {
    # every unit ingested (article or reject): a rerun skips these
    "state/units": _keyed("doc_id", pa.string()),
    # every article: its cluster and story; canonicals also keep what rewrites compare
    "state/docs": _keyed(
        "doc_id",
        pa.string(),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string(), nullable=False),
        pa.field("is_canonical", pa.bool_(), nullable=False),
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("age_us", pa.int64()),  # the cluster's earliest date, microseconds (UTC)
        pa.field("copies", pa.int64(), nullable=False),  # cluster size when written
        pa.field("source", pa.string(), nullable=False),
        pa.field("text", pa.string()),  # canonicals only
        pa.field("language", pa.string()),
    ),
    # MinHash values of canonicals (uint32, packed) and their LSH band keys
    "state/signatures": _keyed("doc_id", pa.string(), pa.field("signature", pa.binary())),
    "state/bands": _keyed("band_key", pa.int64(), pa.field("doc_id", pa.string())),
    # TF-IDF vectors of canonicals and their anchor terms (story and rewrite candidates)
    "state/vectors": _keyed(
        "doc_id", pa.string(), pa.field("terms", TERMS), pa.field("weights", WEIGHTS)
    ),
    "state/anchors": _keyed("term", pa.int64(), pa.field("doc_id", pa.string())),
    # document frequencies over canonicals: one partial count per run, summed when read
    "state/terms": _keyed("term", pa.int64(), pa.field("df", pa.int64())),
    # story centroids: one partial sum of unit vectors per run and story, summed when read
    "state/stories": _keyed(
        "story_id",
        pa.string(),
        pa.field("canonicals", pa.int64()),
        pa.field("terms", TERMS),
        pa.field("weights", WEIGHTS),
    ),
}

# Every table of a store, by its directory under the store.
STORE_SCHEMAS = {
    "articles": ARTICLES_SCHEMA,
    "stories": STORIES_SCHEMA,
    "rejects": REJECTS_SCHEMA,
    "errors": ERRORS_SCHEMA,
    "files": FILES_SCHEMA,
    "story_merges": STORY_MERGES_SCHEMA,
    **STATE_SCHEMAS,
}
