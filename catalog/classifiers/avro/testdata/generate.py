#!/usr/bin/env python3
"""Writes the Avro files of cases.txt with real writers (fastavro; one file
with the `avro` library). Usage: generate.py OUTDIR. Deterministic: fixed
sync markers and values, so the same bytes every run.
"""
import datetime
import decimal
import gzip
import io
import os
import sys
import uuid

import avro.datafile
import avro.io
import avro.schema
import fastavro

SYNC = bytes(range(16))

PRIMITIVES = {
    "type": "record", "name": "Primitives", "namespace": "com.example",
    "fields": [
        {"name": "flag", "type": "boolean", "doc": "a flag"},
        {"name": "small", "type": "int"},
        {"name": "Big", "type": "long"},
        {"name": "ratio", "type": "float"},
        {"name": "amount", "type": "double"},
        {"name": "raw", "type": "bytes"},
        {"name": "label", "type": "string"},
        {"name": "nothing", "type": "null"},
    ],
}


def primitive_rows(n):
    return [{"flag": i % 2 == 0, "small": i, "Big": i * 1000000007, "ratio": i / 4,
             "amount": i * 1.5, "raw": bytes([i % 256]), "label": f"row {i}", "nothing": None}
            for i in range(n)]


LOGICAL = {
    "type": "record", "name": "Logical",
    "fields": [
        {"name": "price", "type": {"type": "bytes", "logicalType": "decimal",
                                   "precision": 10, "scale": 2}},
        {"name": "big_price", "type": {"type": "fixed", "name": "Money", "size": 16,
                                       "logicalType": "decimal", "precision": 38, "scale": 4}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "at_ms", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "at_us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "clock", "type": {"type": "int", "logicalType": "time-millis"}},
        {"name": "clock_us", "type": {"type": "long", "logicalType": "time-micros"}},
    ],
}


def logical_rows(n):
    epoch = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    return [{"price": decimal.Decimal(f"{i}.25"), "big_price": decimal.Decimal(f"{i}.1234"),
             "day": datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
             "at_ms": epoch, "at_us": epoch,
             "id": str(uuid.UUID(int=i)), "clock": datetime.time(1, 2, 3),
             "clock_us": datetime.time(1, 2, 3, 4)} for i in range(n)]


NESTED = {
    "type": "record", "name": "Order", "namespace": "shop",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "qty", "type": ["int", "null"]},
        {"name": "value", "type": ["null", "int", "string"]},
        {"name": "either", "type": ["long", "string"]},
        {"name": "customer", "type": {
            "type": "record", "name": "Customer",
            "fields": [
                {"name": "name", "type": "string"},
                {"name": "address", "type": ["null", {
                    "type": "record", "name": "Address", "namespace": "geo",
                    "fields": [{"name": "city", "type": "string"},
                               {"name": "zip", "type": ["null", "string"]}]}]},
            ]}},
        {"name": "billing", "type": ["null", "geo.Address"]},
        {"name": "items", "type": {"type": "array", "items": {
            "type": "record", "name": "Item",
            "fields": [{"name": "sku", "type": "string"}, {"name": "count", "type": "int"}]}}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "attrs", "type": {"type": "map", "values": "long"}},
        {"name": "nested_map", "type": {"type": "map", "values": {"type": "array",
                                                                    "items": "Item"}}},
        {"name": "color", "type": {"type": "enum", "name": "Color",
                                   "symbols": ["RED", "GREEN", "BLUE"]}},
        {"name": "digest", "type": {"type": "fixed", "name": "Md5", "size": 16}},
        {"name": "shade", "type": "Color"},
    ],
}


def nested_rows(n):
    return [{"id": i, "note": None if i % 2 else "hi", "qty": i, "value": "x" if i % 3 else i,
             "either": i,
             "customer": {"name": f"c{i}", "address": {"city": "Oslo", "zip": None}},
             "billing": None,
             "items": [{"sku": "a", "count": 1}], "tags": ["t"], "attrs": {"k": i},
             "nested_map": {"m": [{"sku": "b", "count": 2}]},
             "color": "RED", "digest": b"0123456789abcdef", "shade": "BLUE"} for i in range(n)]


RECURSIVE = {
    "type": "record", "name": "Node",
    "fields": [{"name": "value", "type": "int"},
               {"name": "next", "type": ["null", "Node"]}],
}


def write(path, schema, rows, codec="null", block_size=16000, metadata=None):
    with open(path, "wb") as f:
        fastavro.writer(f, fastavro.parse_schema(schema), rows, codec=codec,
                        sync_marker=SYNC, sync_interval=block_size, metadata=metadata)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    write(p("primitives.avro"), PRIMITIVES, primitive_rows(1000))
    for codec in ["deflate", "snappy", "zstandard", "bzip2", "xz"]:
        write(p(f"primitives_{codec}.avro"), PRIMITIVES, primitive_rows(1000), codec=codec)
    # Many small blocks: the count walks each block header.
    write(p("many_blocks.avro"), PRIMITIVES, primitive_rows(5000), block_size=100)
    write(p("empty.avro"), PRIMITIVES, [])
    write(p("logical.avro"), LOGICAL, logical_rows(10))
    write(p("nested.avro"), NESTED, nested_rows(7), codec="deflate")
    write(p("recursive.avro"), RECURSIVE, [{"value": 1, "next": {"value": 2, "next": None}}])
    write(p("top_level_int.avro"), "int", [1, 2, 3])
    write(p("with_metadata.avro"), PRIMITIVES, primitive_rows(3),
          metadata={"writer.note": "x" * 100000})

    # The reference implementation's writer, too.
    schema = avro.schema.parse('{"type": "record", "name": "User", "fields": ['
                               '{"name": "name", "type": "string"},'
                               '{"name": "favorite_number", "type": ["int", "null"]},'
                               '{"name": "favorite_color", "type": ["string", "null"]}]}')
    buf = io.BytesIO()
    writer = avro.datafile.DataFileWriter(buf, avro.io.DatumWriter(), schema, codec="deflate")
    writer.sync_marker = SYNC
    for i in range(42):
        writer.append({"name": f"user{i}", "favorite_number": i, "favorite_color": None})
    writer.flush()
    data = buf.getvalue()
    writer.close()
    with open(p("users_avro_lib.avro"), "wb") as f:
        f.write(data)

    # Broken copies of a good file.
    good = open(p("primitives.avro"), "rb").read()
    header_end = good.index(SYNC) + 16
    files = {
        # Cut inside the metadata: the schema's length runs past the end.
        "truncated_header.avro": good[:header_end // 2],
        # Named .avro, but not a container.
        "bad_magic.avro": b"Obj\x02" + good[4:],
        "text_named.avro": b"id,name\n1,a\n2,b\n",
        # The first metadata block's count is set to -1 with a byte size of
        # -5 (zig-zag 0x09): a negative length.
        "bad_metadata_length.avro": good[:4] + b"\x01\x09" + good[5:],
        # A data block's size grown by one: the sync marker is then missed.
        "bad_block_size.avro": bad_block_size(good, header_end),
        # Cut inside the data: the header reads, the count is unknown.
        "truncated_data.avro": good[:header_end + (len(good) - header_end) // 2],
    }
    # Whole-file compressed: the crawler sees gzip content, not a container.
    files["primitives.avro.gz"] = gzip.compress(good, mtime=0)
    for name, data in files.items():
        with open(p(name), "wb") as f:
            f.write(data)
    # An unknown codec: rewrite avro.codec's value "null" as "lzma".
    nul = good.index(b"avro.codec") + len(b"avro.codec")
    with open(p("unknown_codec.avro"), "wb") as f:
        f.write(good[:nul] + b"\x08lzma" + good[nul + 5:])


def read_long(data, pos):
    shift = n = 0
    while True:
        b = data[pos]
        pos += 1
        n |= (b & 0x7f) << shift
        shift += 7
        if not b & 0x80:
            return (n >> 1) ^ -(n & 1), pos


def bad_block_size(good, header_end):
    _, pos = read_long(good, header_end)
    size, end = read_long(good, pos)
    size += 1
    zz = (size << 1) ^ (size >> 63)
    enc = bytearray()
    while True:
        b = zz & 0x7f
        zz >>= 7
        if zz:
            enc.append(b | 0x80)
        else:
            enc.append(b)
            break
    return good[:pos] + bytes(enc) + good[end:]


if __name__ == "__main__":
    main()
