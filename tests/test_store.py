"""The store's commit protocol (`transforms.store`) and its history scans (`transforms.history`),
on real Delta tables in temp directories."""

from __future__ import annotations

import apache_beam as beam
import pyarrow as pa
import pytest
from apache_beam.testing.util import assert_that, equal_to
from conftest import test_pipeline
from deltalake import DeltaTable

from pipeline.cli import main
from schemas.arrow import STATE_SCHEMAS
from schemas.records import Reject
from transforms import faults
from transforms.history import CountState, History, ScanState, SkipIngested
from transforms.shards import write_table
from transforms.store import (
    Snapshot,
    StoreChanged,
    WrittenFile,
    commit_run,
    delta_schema,
    open_snapshot,
    plan_run,
    roll_back,
    table_uri,
)


def _units_file(store, name: str, doc_ids: list[str]) -> WrittenFile:
    rows = pa.Table.from_pylist([{"doc_id": d} for d in doc_ids], STATE_SCHEMAS["state/units"])
    (store / "state" / "units").mkdir(parents=True, exist_ok=True)
    size = write_table(str(store / "state" / "units" / name), rows)
    return WrittenFile("state/units", name, size, len(doc_ids))


def _run(store, name: str, doc_ids: list[str]):
    plan = plan_run(str(store), name)
    return plan, commit_run(plan, [_units_file(store, f"part-{name}.parquet", doc_ids)])


def test_readers_see_the_versions_the_commit_point_names(tmp_path):
    assert open_snapshot(str(tmp_path)).version == -1
    _plan, first = _run(tmp_path, "one", ["a", "b"])
    assert first.version == 0 and first.versions["state/units"] == 0
    _plan, second = _run(tmp_path, "two", ["c"])
    assert second.version == 1 and second.versions["state/units"] == 1
    assert len(second.files("state/units")) == 2 and len(first.files("state/units")) == 1


def test_a_run_that_stopped_before_its_commit_point_is_rolled_back(tmp_path):
    _run(tmp_path, "one", ["a"])
    base = open_snapshot(str(tmp_path))
    plan = plan_run(str(tmp_path), "two")
    written = [_units_file(tmp_path, "part-two.parquet", ["b"])]
    faults.configure("commit:articles")
    try:
        with pytest.raises(faults.InjectedFailure):
            commit_run(plan, written)  # state/units is committed, the commit point is not
    finally:
        faults.configure(None)
    assert len(DeltaTable(table_uri(str(tmp_path), "state/units")).file_uris()) == 2
    assert open_snapshot(str(tmp_path)).versions == base.versions  # readers: nothing changed
    assert roll_back(str(tmp_path), base) == ["state/units"]
    assert roll_back(str(tmp_path), base) == []  # restored: nothing left to roll back
    assert len(DeltaTable(table_uri(str(tmp_path), "state/units")).file_uris()) == 1
    after = commit_run(plan_run(str(tmp_path), "two"), written)
    assert len(after.files("state/units")) == 2


def test_a_table_created_by_a_killed_first_run_is_removed(tmp_path):
    base = open_snapshot(str(tmp_path))
    plan = plan_run(str(tmp_path), "one")
    written = _units_file(tmp_path, "part-one.parquet", ["a"])
    units = table_uri(str(tmp_path), "state/units")
    DeltaTable.create(units, schema=delta_schema("state/units"))  # a killed run's first commit
    assert DeltaTable.is_deltatable(units)
    assert roll_back(str(tmp_path), base) == ["state/units"]
    assert not DeltaTable.is_deltatable(units)
    assert commit_run(plan, [written]).versions["state/units"] == 0


def test_a_retried_commit_step_commits_nothing_twice(tmp_path):
    plan = plan_run(str(tmp_path), "one")
    written = [_units_file(tmp_path, "part-one.parquet", ["a", "b"])]
    first = commit_run(plan, written)
    assert commit_run(plan, written) == first


def test_a_run_refuses_to_commit_over_a_run_it_did_not_see(tmp_path):
    late = plan_run(str(tmp_path), "late")
    _run(tmp_path, "early", ["a"])
    with pytest.raises(StoreChanged):
        commit_run(late, [_units_file(tmp_path, "part-late.parquet", ["b"])])


def test_scans_return_only_the_rows_whose_key_this_run_asks_for(tmp_path):
    _run(tmp_path, "one", ["a", "b"])
    _run(tmp_path, "two", ["c", "d"])
    history = History.of(open_snapshot(str(tmp_path)))
    assert bool(history) and not History()
    with test_pipeline() as p:
        keys = p | beam.Create(["b", "c", "zzz"])
        rows = keys | ScanState(history, "state/units", "doc_id")
        assert_that(rows, equal_to([{"doc_id": "b"}, {"doc_id": "c"}]))


def test_skip_ingested_drops_known_units_and_says_from_which_file(tmp_path):
    _run(tmp_path, "one", ["known"])
    history = History.of(open_snapshot(str(tmp_path)))
    with test_pipeline() as p:
        units = p | "Units" >> beam.Create([("known", "a.txt"), ("new", "b.txt")])
        units = units | "AsUnits" >> beam.MapTuple(lambda d, path: _unit(d, path))
        rejects = p | "Rejects" >> beam.Create([_unit("known", "c.txt")])
        new_units, new_rejects, skipped = (units, rejects) | SkipIngested(history)
        assert_that(new_units | beam.Map(lambda u: u.doc_id), equal_to(["new"]), label="units")
        assert_that(new_rejects, equal_to([]), label="rejects")
        assert_that(skipped, equal_to(["a.txt", "c.txt"]), label="skipped")


def _unit(doc_id: str, path: str) -> Reject:
    """Anything with a doc_id and a path will do; a Reject is both a unit's and a reject's."""
    return Reject(source=path, stage="read", reason="empty", path=path, doc_id=doc_id)


def test_count_state_counts_true_values_over_every_file(tmp_path):
    store = tmp_path
    written = []
    for name, flags in (("p1.parquet", [True, False, True]), ("p2.parquet", [True])):
        rows = [
            {"doc_id": f"{name}{i}", "content_hash": "h", "cluster_id": "c", "is_canonical": f,
             "story_id": "s", "age_us": None, "copies": 1, "source": "x", "text": None,
             "language": None}
            for i, f in enumerate(flags)
        ]  # fmt: skip
        (store / "state" / "docs").mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, STATE_SCHEMAS["state/docs"])
        size = write_table(str(store / "state" / "docs" / name), table)
        written.append(WrittenFile("state/docs", name, size, len(rows)))
    commit_run(plan_run(str(store), "one"), written)
    history = History.of(open_snapshot(str(store)))
    with test_pipeline() as p:
        trigger = p | beam.Create([None])
        assert_that(trigger | CountState(history, "state/docs", "is_canonical"), equal_to([3]))


def test_roll_back_never_deletes_a_table_of_a_store_with_a_commit_point(tmp_path):
    _run(tmp_path, "one", ["a"])
    snapshot = open_snapshot(str(tmp_path))
    forgetful = Snapshot(snapshot.store, {"articles": snapshot.version}, snapshot.run)
    assert roll_back(str(tmp_path), forgetful) == []  # e.g. the versions commit not found
    assert DeltaTable.is_deltatable(table_uri(str(tmp_path), "state/units"))


def test_a_classic_template_is_refused(tmp_path, capsys):
    flags = ["run", "--input", str(tmp_path), "--output", str(tmp_path / "store"),
             "--template_location", str(tmp_path / "template.json")]  # fmt: skip
    assert main(flags) == 2
    assert "launch the Flex Template instead" in capsys.readouterr().err
