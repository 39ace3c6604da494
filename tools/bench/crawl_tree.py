#!/usr/bin/env python3
"""Writes the crawl benchmark's tree (tools/bench/README.md, suite "crawl"):
--files files in --partitions partition folders, spread over three tables,
one per format: csv/ (headered CSV), json/ (newline-delimited JSON) and
parquet/ (pyarrow, snappy). Each table is partitioned by dt=YYYY-MM-DD.
Text files hold --rows rows each; every Parquet file is a copy of one file
pyarrow wrote (the crawler reads each footer all the same).

Usage: crawl_tree.py OUT [--files N] [--partitions N] [--rows N]
"""
import argparse
import datetime
import json
import os
import shutil
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=20)
    args = ap.parse_args()
    import pyarrow as pa
    import pyarrow.parquet as pq

    formats = ["csv", "json", "parquet"]
    per_table = [args.partitions // 3 + (1 if i < args.partitions % 3 else 0) for i in range(3)]
    template = os.path.join(args.out, ".template.parquet")
    os.makedirs(args.out, exist_ok=True)
    rows = [{"id": i, "name": f"item-{i}", "price": i * 0.25, "active": i % 2 == 0}
            for i in range(args.rows)]
    pq.write_table(pa.Table.from_pylist(rows), template, compression="snappy")
    csv_text = "id,name,price,active\n" + "".join(
        f"{r['id']},{r['name']},{r['price']},{str(r['active']).lower()}\n" for r in rows)
    json_text = "".join(json.dumps(r) + "\n" for r in rows)
    written = 0
    day0 = datetime.date(2020, 1, 1)
    for t, fmt in enumerate(formats):
        files_here = args.files // 3 + (1 if t < args.files % 3 else 0)
        parts = per_table[t]
        for p in range(parts):
            folder = os.path.join(args.out, fmt, f"dt={day0 + datetime.timedelta(days=p)}")
            os.makedirs(folder, exist_ok=True)
            n = files_here // parts + (1 if p < files_here % parts else 0)
            for f in range(n):
                path = os.path.join(folder, f"part-{f:05d}.{fmt}")
                if fmt == "parquet":
                    shutil.copyfile(template, path)
                else:
                    with open(path, "w") as out:
                        out.write(csv_text if fmt == "csv" else json_text)
                written += 1
            with open(os.path.join(folder, "_SUCCESS"), "w"):
                pass
        print(f"{fmt}: {files_here} files in {parts} partitions", file=sys.stderr)
    os.remove(template)
    print(written)


if __name__ == "__main__":
    main()
