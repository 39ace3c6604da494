#!/usr/bin/env python3
"""Writes the csv classifier's test files into OUTDIR with real writers:
Python's csv module and pandas' to_csv. Deterministic: same bytes each run.

Usage: generate.py OUTDIR
"""
import csv
import json
import os
import random
import sys

import pandas as pd


def frame():
    """A small table with an integer, a string, a double and a boolean column."""
    return pd.DataFrame({
        "id": [1, 2, 3, 4],
        "name": ["alpha", "beta", "gamma", "delta"],
        "price": [1.5, 2.25, 3.0, 4.75],
        "active": [True, False, True, False],
    })


def write_rows(path, rows, **kwargs):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, **kwargs).writerows(rows)


def main(out):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)

    # The five delimiters, with and without a header (pandas).
    delimiters = {"comma": ",", "pipe": "|", "tab": "\t", "semicolon": ";", "ctrla": "\x01"}
    for name, sep in delimiters.items():
        frame().to_csv(p(f"{name}_header.csv"), sep=sep, index=False)
        frame().to_csv(p(f"{name}_noheader.csv"), sep=sep, index=False, header=False)

    # Quoted fields with embedded delimiters, quotes and line breaks (the csv
    # module ends lines with CRLF).
    quoted = [
        ["id", "comment", "amount"],
        [1, "plain", 10],
        [2, "has, a comma", 20],
        [3, 'says "hi"', 30],
        [4, "two\nlines", 40],
        [5, "", 50],
    ]
    write_rows(p("quoted_minimal.csv"), quoted, quoting=csv.QUOTE_MINIMAL)
    write_rows(p("quoted_all.csv"), quoted, quoting=csv.QUOTE_ALL)
    write_rows(p("quoted_pipe.csv"), quoted, delimiter="|", quoting=csv.QUOTE_MINIMAL)

    # Numbers: integers then doubles in one column; a column of integers
    # beyond int64; negative numbers and exponents.
    write_rows(p("mixed_numbers.csv"), [
        ["a", "b", "c"],
        [1, 1, "-5"],
        [2, 2, "1e3"],
        [3, 2.5, "99999999999999999999"],
    ], lineterminator="\n")

    # Booleans as Spark and Hive write them, and in pandas' spelling.
    write_rows(p("booleans.csv"), [
        ["flag", "n"], ["true", 1], ["false", 2], ["TRUE", 3]], lineterminator="\n")

    # Empty fields decide nothing: pandas writes NaN and None as empty.
    pd.DataFrame({
        "x": [1, None, 3, None],
        "y": [None, "b", None, "d"],
        "z": [None, None, None, None],
    }).astype({"x": "Int64"}).to_csv(p("empty_fields.csv"), index=False)

    # A header of strings over string data: Glue sees no header.
    write_rows(p("all_strings.csv"), [
        ["first", "last"], ["ada", "lovelace"], ["alan", "turing"]], lineterminator="\n")

    # Header names Hive cannot take as they are, and duplicates.
    write_rows(p("odd_header.csv"), [
        ["Order Id", "Price ($)", "price", "PRICE", "price_1"],
        [1, 2.5, 3, 4, 5],
        [2, 3.5, 4, 5, 6],
    ], lineterminator="\n")

    # Header fields that are not names: a number, an over-long name.
    write_rows(p("numeric_header.csv"), [["id", "2024"], [1, 2], [3, 4]], lineterminator="\n")
    write_rows(p("long_header.csv"), [["id", "n" * 150], [1, 2], [3, 4]], lineterminator="\n")

    # One column; one data row; an empty file.
    pd.DataFrame({"only": ["a", "b", "c", "d"]}).to_csv(p("single_column.csv"), index=False)
    pd.DataFrame({"a": [1], "b": [2]}).to_csv(p("one_row.csv"), index=False)
    open(p("empty.csv"), "w").close()

    # Beyond 1 MB: the sample is bounded and the record count unknown.
    rng = random.Random(7)
    with open(p("large.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "value", "label"])
        for i in range(60000):
            w.writerow([i, round(rng.random() * 1000, 3), f"label-{rng.randrange(10**6)}"])

    # Not CSV: random bytes named .csv; JSON lines; a pretty-printed document.
    with open(p("garbage.csv"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(4096)))
    frame().to_json(p("lines.json"), orient="records", lines=True)
    with open(p("pretty.json"), "w") as f:
        json.dump({"rows": frame().to_dict(orient="records"), "n": 4}, f, indent=2)

    # For custom classifiers: dates, timestamps and small integers; a quote
    # of '; padded values; rows that disagree.
    write_rows(p("rich.csv"), [
        ["day", "at", "small", "big", "ratio", "ok"],
        ["2024-01-31", "2024-01-31 10:00:00", 1, 3000000000, 0.5, "true"],
        ["2024-02-29", "2024-02-29 23:59:59.125", -300, 1, 1.25, "false"],
    ], lineterminator="\n")
    write_rows(p("single_quote.csv"), [
        ["id", "text"], [1, "a;b"], [2, "it's"]], delimiter=";", quotechar="'",
        quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    with open(p("padded.csv"), "w") as f:
        f.write("a,b\n 1 , x \n 2 , y \n")
    with open(p("ragged.csv"), "w") as f:
        f.write("a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n15,16\n17,18,19\n")


if __name__ == "__main__":
    main(sys.argv[1])
