#!/usr/bin/env bash
# Quick start: set up, run storyline on seeds/, show the summary and a DuckDB query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/storyline run --input 'seeds/*.txt' --output out/seeds --overwrite
.venv/bin/python - <<'PY'
import duckdb

print(duckdb.sql("""
    SELECT story_id, left(coalesce(title, text), 50) AS title, relation, is_canonical,
           left(cluster_id, 8) AS cluster, left(rewrite_of, 8) AS rewrite_of,
           round(rewrite_score, 2) AS rewrite_score, published
    FROM read_parquet('out/seeds/articles/**/*.parquet', hive_partitioning = true)
    ORDER BY published NULLS LAST, doc_id
"""))
PY
