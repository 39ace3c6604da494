#!/usr/bin/env python3
"""Writes the orc classifier's test files into OUTDIR (argv[1]).

Real files come from pyarrow's ORC writer, once per codec. Types pyarrow
does not write (char, varchar, union, timestamp with local time zone, a
decimal without precision) and a PostScript naming LZO are tails built here
with a small Protobuf encoder: a file of zero stripes, which is a valid ORC
file. The broken variants are cut or patched copies of real files. Output
is deterministic.
"""
import datetime
import decimal
import os
import random
import sys

import pyarrow as pa
import pyarrow.orc as orc

OUT = sys.argv[1]


def path(name):
    return os.path.join(OUT, name)


# ---- a minimal Protobuf encoder: varint and length-delimited fields.

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def orc_type(kind, subtypes=(), names=(), max_length=None, precision=None, scale=None):
    out = field_varint(1, kind)
    if subtypes:
        packed = b"".join(varint(s) for s in subtypes)
        out += field_bytes(2, packed)
    for n in names:
        out += field_bytes(3, n.encode())
    if max_length is not None:
        out += field_varint(4, max_length)
    if precision is not None:
        out += field_varint(5, precision)
    if scale is not None:
        out += field_varint(6, scale)
    return out


def tail_file(name, types, rows=0, compression=0, footer_length=None, footer=None):
    """An ORC file with no stripes: header, footer, postscript, length."""
    if footer is None:
        footer = field_varint(1, 3) + field_varint(2, 3)  # header and content lengths
        for t in types:
            footer += field_bytes(4, t)
        footer += field_varint(6, rows)
    ps = field_varint(1, len(footer) if footer_length is None else footer_length)
    ps += field_varint(2, compression)
    ps += field_varint(3, 262144)
    ps += field_bytes(4, varint(0) + varint(12))
    ps += field_varint(5, 0)
    ps += field_varint(6, 9)
    ps += field_bytes(8000, b"ORC")
    with open(path(name), "wb") as f:
        f.write(b"ORC" + footer + ps + bytes([len(ps)]))


BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, BINARY, TIMESTAMP = range(10)
LIST, MAP, STRUCT, UNION, DECIMAL, DATE, VARCHAR, CHAR, TIMESTAMP_INSTANT = range(10, 19)


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = 3
    t = datetime.datetime(2024, 5, 6, 7, 8, 9)
    table = pa.table({
        "b": pa.array([True, False, None]),
        "i8": pa.array([1, -2, 3], pa.int8()),
        "i16": pa.array([1, -2, 3], pa.int16()),
        "i32": pa.array([1, -2, 3], pa.int32()),
        "i64": pa.array([1, -2, 3], pa.int64()),
        "f32": pa.array([1.5, 2.5, None], pa.float32()),
        "f64": pa.array([1.5, 2.5, None], pa.float64()),
        "s": pa.array(["a", "b", None]),
        "bin": pa.array([b"\x00", b"\x01", None]),
        "ts": pa.array([t] * rows, pa.timestamp("ns")),
        "d": pa.array([t.date()] * rows, pa.date32()),
        "dec": pa.array([decimal.Decimal("1.25")] * rows, pa.decimal128(10, 2)),
        "wide": pa.array([decimal.Decimal("1.000000001")] * rows, pa.decimal128(38, 9)),
        "st": pa.array([{"a": 1, "b": "x"}] * rows,
                       pa.struct([("a", pa.int32()), ("b", pa.string())])),
        "xs": pa.array([[1, 2], [], None], pa.list_(pa.int64())),
        "m": pa.array([[("k", 1)], [], None], pa.map_(pa.string(), pa.int32())),
        "ls": pa.array([[{"x": 1.0}], None, []], pa.list_(pa.struct([("x", pa.float64())]))),
        "CamelCase": pa.array([1, 2, 3], pa.int32()),
    })
    for codec in ("uncompressed", "zlib", "snappy", "lz4", "zstd"):
        orc.write_table(table, path(f"types_{codec}.orc"), compression=codec)
    big = pa.table({"id": pa.array(range(5000), pa.int64()),
                    "name": pa.array([f"name {i}" for i in range(5000)])})
    orc.write_table(big, path("rows_5000.orc"), compression="zlib", stripe_size=64 * 1024)
    orc.write_table(pa.table({"a": pa.array([], pa.int32())}), path("empty_rows.orc"))

    # Hand-built tails: the types pyarrow does not write.
    tail_file("hive_types.orc", [
        orc_type(STRUCT, [1, 2, 3, 6, 7, 8], ["vc", "ch", "u", "tsl", "olddec", "bigchar"]),
        orc_type(VARCHAR, max_length=20),
        orc_type(CHAR, max_length=5),
        orc_type(UNION, [4, 5]),
        orc_type(INT),
        orc_type(STRING),
        orc_type(TIMESTAMP_INSTANT),
        orc_type(DECIMAL),
        orc_type(CHAR, max_length=1000),
    ], rows=7)
    tail_file("lzo.orc", [orc_type(STRUCT, [1], ["a"]), orc_type(INT)], compression=3,
              footer=b"\x00\x00\x00")
    tail_file("shared_subtype.orc", [orc_type(STRUCT, [1, 1], ["a", "b"]), orc_type(INT)])
    tail_file("bad_footer_length.orc", [orc_type(STRUCT, [1], ["a"]), orc_type(INT)],
              footer_length=1 << 40)

    with open(path("types_zlib.orc"), "rb") as f:
        good = f.read()
    # Cut in the middle of the tail: the last byte is no longer the
    # PostScript's length.
    with open(path("truncated.orc"), "wb") as f:
        f.write(good[: len(good) - 40])
    # The footer's chunks corrupted.
    ps_length = good[-1]
    with open(path("corrupt_footer.orc"), "wb") as f:
        cut = len(good) - 1 - ps_length
        f.write(good[: cut - 30] + b"\xff" * 30 + good[cut:])
    with open(path("zero_bytes.orc"), "wb"):
        pass
    with open(path("orc_named.txt"), "wb") as f:
        f.write(good)
    rng = random.Random(11)
    with open(path("random.orc"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(4096)))


if __name__ == "__main__":
    main()
