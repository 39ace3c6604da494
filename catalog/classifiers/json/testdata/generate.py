#!/usr/bin/env python3
"""Writes the JSON classifier's test files into OUTDIR with real writers
(Python's json module, pandas), deterministically. Run by ctest as a fixture
before classifiers.json_cases."""
import csv
import json
import os
import random
import sys

import pandas as pd


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)


def main(out):
    os.makedirs(out, exist_ok=True)
    j = lambda name: os.path.join(out, name)

    # Newline-delimited objects: nested objects and arrays, a column that is
    # int then double, nulls, fields missing from some records, a large int.
    records = [
        {"id": 1, "name": "ann", "score": 3, "big": 1, "tags": ["a", "b"],
         "address": {"city": "Oslo", "zip": 150}, "maybe": None},
        {"id": 2, "name": "bob", "score": 4.5, "big": 2 ** 40, "tags": [],
         "address": {"city": "Rome", "geo": {"lat": 41.9, "lon": 12.5}}, "maybe": None},
        {"id": 3, "name": None, "score": 7, "tags": ["c"], "flag": True,
         "address": {"zip": 100}, "maybe": None, "events": [{"t": 1}, {"t": 2, "u": "x"}]},
    ]
    write(j("ndjson.json"), "".join(json.dumps(r) + "\n" for r in records))

    # Pretty-printed objects one after another.
    write(j("pretty.json"), "\n".join(json.dumps(r, indent=2) for r in records[:2]) + "\n")

    # A top-level array: one record that is an array.
    write(j("top_array.json"), json.dumps([{"k": 1, "v": "x"}, {"k": 2, "w": True}], indent=1))

    # An object wrapping the records, for the custom classifier $.records[*].
    write(j("wrapped.json"), json.dumps({"meta": {"n": 2}, "records": [
        {"a": 1, "b": "x"}, {"a": 2.5, "c": [1, 2]}]}))

    # pandas' newline-delimited writer.
    df = pd.DataFrame({"user": ["u1", "u2", "u3"], "count": [1, 2, 3],
                       "ratio": [0.5, 1.0, None], "ok": [True, False, True]})
    df.to_json(j("pandas_lines.json"), orient="records", lines=True)

    # Keys differing only in case: the first wins; upper case is lowered.
    write(j("case_keys.json"), json.dumps({"Name": "a", "name": "b", "ID": 1}) + "\n")

    # More records than the sample cap; the later ones change a type.
    lines = [json.dumps({"n": i}) for i in range(1500)]
    lines.append(json.dumps({"n": 2 ** 40, "late": True}))
    write(j("many.json"), "\n".join(lines) + "\n")

    # JSON whatever the name says.
    write(j("json_named.csv"), "".join(json.dumps(r) + "\n" for r in records[:2]))

    # Not JSON, or broken JSON.
    full = "".join(json.dumps(r) + "\n" for r in records)
    write(j("truncated.json"), full[: len(full) - 25])  # cut inside the last record
    write(j("broken_middle.json"), json.dumps(records[0]) + "\n{\"id\": 2,, }\n"
          + json.dumps(records[2]) + "\n")
    write(j("scalars.json"), "1\n2\n3\n")
    rng = random.Random(7)
    write(j("garbage.bin"), bytes(rng.randrange(256) for _ in range(4096)), "wb")
    with open(j("data.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name"])
        w.writerows([[1, "a"], [2, "b"]])
    write(j("empty.json"), "")
    write(j("empty_objects.json"), "{}\n{}\n")


if __name__ == "__main__":
    main(sys.argv[1])
