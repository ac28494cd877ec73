#!/usr/bin/env bash
# Quick start: set up, run storyline on seeds/, show the summary and a DuckDB query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/storyline run --input 'seeds/*.txt' --output out/seeds --overwrite
.venv/bin/python - <<'PY'
import duckdb

print(duckdb.sql("""
    SELECT left(story_id, 8) AS story, left(regexp_extract(source, '[^/]+$'), 3) AS seed,
           relation, left(doc_id, 8) AS doc, left(cluster_id, 8) AS cluster,
           left(rewrite_of, 8) AS rewrite_of, round(rewrite_score, 2) AS score,
           published::DATE AS published, word_count AS words
    FROM read_parquet('out/seeds/articles/**/*.parquet', hive_partitioning = true)
    ORDER BY seed
"""))
print(duckdb.sql("""
    SELECT left(story_id, 8) AS story, left(headline, 60) AS headline,
           article_count AS articles, unique_count AS "unique"
    FROM read_parquet('out/seeds/stories/*.parquet')
"""))
PY
