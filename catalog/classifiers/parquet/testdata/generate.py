#!/usr/bin/env python3
"""Writes the parquet classifier's test files into OUTDIR (argv[1]).

Real files come from pyarrow. Layouts pyarrow never writes (the legacy
two-level lists, MAP_KEY_VALUE maps, INT96 without data, unsigned and TIME
annotations) are footers built here with a small Thrift compact-protocol
encoder: a file of zero row groups whose schema is hand-made, which is a
valid Parquet file. The broken variants are cut or patched copies of real
files. Output is deterministic.
"""
import datetime
import decimal
import os
import random
import struct
import sys

import pyarrow as pa
import pyarrow.parquet as pq

OUT = sys.argv[1]


def path(name):
    return os.path.join(OUT, name)


def write(table, name, **kwargs):
    pq.write_table(table, path(name), **kwargs)


# ---- a minimal Thrift compact-protocol writer (structs, i32, i64, binary,
# lists of structs), enough for FileMetaData with a schema.

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


def zigzag(n):
    return (n << 1) ^ (n >> 63)


I32, I64, BINARY, LIST, STRUCT = 5, 6, 8, 9, 12


def encode_struct(fields):
    """fields: list of (id, type, value), ids ascending; value of a STRUCT is
    a fields list, of a LIST a list of fields lists (structs)."""
    out = bytearray()
    last = 0
    for fid, ftype, value in fields:
        delta = fid - last
        if 0 < delta <= 15:
            out.append(delta << 4 | ftype)
        else:
            out.append(ftype)
            out += varint(zigzag(fid))
        last = fid
        if ftype in (I32, I64):
            out += varint(zigzag(value))
        elif ftype == BINARY:
            data = value.encode()
            out += varint(len(data)) + data
        elif ftype == STRUCT:
            out += encode_struct(value)
        elif ftype == LIST:
            if len(value) < 15:
                out.append(len(value) << 4 | STRUCT)
            else:
                out.append(0xF0 | STRUCT)
                out += varint(len(value))
            for item in value:
                out += encode_struct(item)
    out.append(0)
    return bytes(out)


REQUIRED, OPTIONAL, REPEATED = 0, 1, 2
BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FLBA = range(8)
UTF8, MAP, MAP_KEY_VALUE, LIST_CT = 0, 1, 2, 3
TIME_MILLIS, UINT_8, UINT_32, UINT_64 = 7, 11, 13, 14


def element(name, type_=None, repetition=OPTIONAL, children=None, converted=None,
            logical=None, length=None):
    fields = []
    if type_ is not None:
        fields.append((1, I32, type_))
    if length is not None:
        fields.append((2, I32, length))
    if repetition is not None:
        fields.append((3, I32, repetition))
    fields.append((4, BINARY, name))
    if children is not None:
        fields.append((5, I32, children))
    if converted is not None:
        fields.append((6, I32, converted))
    if logical is not None:
        fields.append((10, STRUCT, logical))
    return fields


def handmade(name, columns, num_rows=0):
    """columns: the schema elements after the root, depth first; `columns`
    top-level count is given by each tuple's first member being True."""
    top = sum(1 for is_top, _ in columns if is_top)
    schema = [element("schema", repetition=None, children=top)] + [e for _, e in columns]
    footer = encode_struct([
        (1, I32, 1),
        (2, LIST, schema),
        (3, I64, num_rows),
        (4, LIST, []),  # row groups: none
        (6, BINARY, "almanac generate.py"),
    ])
    with open(path(name), "wb") as f:
        f.write(b"PAR1" + footer + struct.pack("<I", len(footer)) + b"PAR1")


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = 3

    primitives = pa.table({
        "b": pa.array([True, False, None]),
        "i8": pa.array([1, -2, 3], pa.int8()),
        "i16": pa.array([1, -2, 3], pa.int16()),
        "i32": pa.array([1, -2, 3], pa.int32()),
        "i64": pa.array([1, -2, 3], pa.int64()),
        "u8": pa.array([1, 2, 3], pa.uint8()),
        "u16": pa.array([1, 2, 3], pa.uint16()),
        "u32": pa.array([1, 2, 3], pa.uint32()),
        "u64": pa.array([1, 2, 3], pa.uint64()),
        "f32": pa.array([1.5, 2.5, None], pa.float32()),
        "f64": pa.array([1.5, 2.5, None], pa.float64()),
        "s": pa.array(["a", "b", None]),
        "bin": pa.array([b"\x00", b"\x01", None]),
        "fixed": pa.array([b"ab", b"cd", b"ef"], pa.binary(2)),
        "d": pa.array([datetime.date(2024, 1, d) for d in (1, 2, 3)]),
        "MixedCase": pa.array([1, 2, 3], pa.int32()),
    })
    write(primitives, "primitives.parquet")

    nested = pa.table({
        "s": pa.array([{"a": 1, "b": "x"}] * rows,
                      pa.struct([("a", pa.int32()), ("b", pa.string())])),
        "xs": pa.array([[1, 2], [], None], pa.list_(pa.int64())),
        "m": pa.array([[("k", 1)], [], None], pa.map_(pa.string(), pa.int32())),
        "ls": pa.array([[{"x": 1.0}], None, []], pa.list_(pa.struct([("x", pa.float64())]))),
        "deep": pa.array([{"inner": {"v": [1]}}] * rows,
                         pa.struct([("inner", pa.struct([("v", pa.list_(pa.int16()))]))])),
    })
    write(nested, "nested.parquet")
    # pyarrow's older list naming (repeated group `list`, element `item`).
    write(nested, "nested_noncompliant.parquet", use_compliant_nested_type=False)

    decimals = pa.table({
        "small": pa.array([decimal.Decimal("1.25")] * rows, pa.decimal128(10, 2)),
        "wide": pa.array([decimal.Decimal("1.000000001")] * rows, pa.decimal128(38, 9)),
        "tiny": pa.array([decimal.Decimal("1.5")] * rows, pa.decimal128(4, 1)),
    })
    write(decimals, "decimals.parquet")

    t = datetime.datetime(2024, 5, 6, 7, 8, 9)
    timestamps = pa.table({
        "ms": pa.array([t] * rows, pa.timestamp("ms")),
        "us": pa.array([t] * rows, pa.timestamp("us")),
        "ns": pa.array([t] * rows, pa.timestamp("ns")),
        "utc": pa.array([t] * rows, pa.timestamp("us", tz="UTC")),
        "day": pa.array([t.date()] * rows, pa.date32()),
    })
    write(timestamps, "timestamps.parquet", version="2.6")
    write(timestamps, "timestamps_int96.parquet", use_deprecated_int96_timestamps=True)

    dictionary = pa.table({
        "color": pa.array(["red", "green", "red"]).dictionary_encode(),
        "n": pa.array([1, 2, 3], pa.int64()),
    })
    write(dictionary, "dictionary.parquet")

    codec_table = pa.table({"id": pa.array(range(100), pa.int64()),
                            "name": pa.array([f"n{i}" for i in range(100)])})
    for codec in ("snappy", "gzip", "zstd", "none"):
        write(codec_table, f"codec_{codec}.parquet", compression=codec)

    write(pa.table({"a": pa.array([], pa.int32()), "b": pa.array([], pa.string())}),
          "empty_rows.parquet")

    # Hand-built schemas: legacy layouts.
    handmade("legacy_lists.parquet", [
        # 2-level: the repeated primitive is the element.
        (True, element("ints", children=1, converted=LIST_CT)),
        (False, element("array", INT32, REPEATED)),
        # A repeated group named `array` with one field is the element.
        (True, element("structs", children=1, converted=LIST_CT)),
        (False, element("array", repetition=REPEATED, children=1)),
        (False, element("a", BYTE_ARRAY, converted=UTF8)),
        # `<list>_tuple` likewise.
        (True, element("tuples", children=1, converted=LIST_CT)),
        (False, element("tuples_tuple", repetition=REPEATED, children=1)),
        (False, element("t", INT64)),
        # A repeated group of two fields is the element.
        (True, element("pairs", children=1, converted=LIST_CT)),
        (False, element("bag", repetition=REPEATED, children=2)),
        (False, element("x", DOUBLE)),
        (False, element("y", BOOLEAN)),
        # Standard 3-level, for contrast: the single field is the element.
        (True, element("standard", children=1, converted=LIST_CT)),
        (False, element("list", repetition=REPEATED, children=1)),
        (False, element("element", INT32)),
        # Repeated fields with no LIST annotation.
        (True, element("tags", BYTE_ARRAY, REPEATED, converted=UTF8)),
        (True, element("points", repetition=REPEATED, children=1)),
        (False, element("p", FLOAT, REQUIRED)),
    ], num_rows=0)
    handmade("legacy_types.parquet", [
        # MAP_KEY_VALUE on the outer group, as old parquet-mr wrote.
        (True, element("m", children=1, converted=MAP_KEY_VALUE)),
        (False, element("map", repetition=REPEATED, children=2)),
        (False, element("key", BYTE_ARRAY, REQUIRED, converted=UTF8)),
        (False, element("value", INT32)),
        # A value-less map (a set) reads as an array of its keys.
        (True, element("set", children=1, converted=MAP)),
        (False, element("key_value", repetition=REPEATED, children=1)),
        (False, element("key", INT64, REQUIRED)),
        (True, element("legacy_ts", INT96)),
        (True, element("u8", INT32, converted=UINT_8)),
        (True, element("u32", INT32, converted=UINT_32)),
        (True, element("u64", INT64, converted=UINT_64)),
        (True, element("time", INT32, converted=TIME_MILLIS)),
        # Logical JSON (12) and ENUM (4) on binaries read as strings.
        (True, element("doc", BYTE_ARRAY, logical=[(12, STRUCT, [])])),
        (True, element("kind", BYTE_ARRAY, logical=[(4, STRUCT, [])])),
        # Logical UUID (14) on a 16-byte fixed array stays binary.
        (True, element("id", FLBA, logical=[(14, STRUCT, [])], length=16)),
    ], num_rows=42)
    # A LIST whose only child is not repeated: the schema is broken.
    handmade("bad_list.parquet", [
        (True, element("xs", children=1, converted=LIST_CT)),
        (False, element("element", INT32)),
    ])
    # Children counts that claim more elements than the list holds.
    handmade("bad_children.parquet", [
        (True, element("s", children=5)),
        (False, element("a", INT32)),
    ])

    # Broken and misnamed copies of a real file.
    with open(path("codec_none.parquet"), "rb") as f:
        good = f.read()
    footer_length = struct.unpack("<I", good[-8:-4])[0]
    with open(path("truncated.parquet"), "wb") as f:
        f.write(good[: len(good) - 8 - footer_length // 2])
    with open(path("bad_footer_length.parquet"), "wb") as f:
        f.write(good[:-8] + struct.pack("<I", 0x7FFFFFF0) + b"PAR1")
    with open(path("footer_not_thrift.parquet"), "wb") as f:
        f.write(b"PAR1" + b"\xff" * 16 + struct.pack("<I", 16) + b"PAR1")
    with open(path("zero_bytes.parquet"), "wb"):
        pass
    with open(path("parquet_named.csv"), "wb") as f:
        f.write(good)
    rng = random.Random(7)
    with open(path("random.parquet"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(4096)))


if __name__ == "__main__":
    main()
