#!/usr/bin/env python3
"""Writes the compressed test files of compression_test.cc with real writers.

Usage: generate.py OUTDIR

The content (plain.txt) is ~300 KB of CSV-like text; each codec's file holds
it whole (text.gz, text.bz2, text.zst, text.sz, text.lz4, text.hadoop.snappy),
some in several members or frames (multi.gz, multi.bz2, multi.zst,
multi.lz4), cut short (*.trunc) or with a byte flipped (*.corrupt). Files
that merely look compressed come last. Deterministic: same bytes every run.
"""
import bz2
import gzip
import os
import struct
import sys

import cramjam
import zstandard


def content():
    lines = ["id,name,amount,comment"]
    for i in range(6000):
        lines.append(f"{i},name_{i % 97},{i * 3.25:.2f},row {i} of the sample reader's test")
    return ("\n".join(lines) + "\n").encode()


def gzip_member(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def hadoop_snappy(data, block=65536):
    """Hadoop's BlockCompressorStream framing of SnappyCodec output: per block
    its uncompressed length, then (compressed length, raw snappy) chunks. Odd
    blocks are split into two chunks, as a compressor with a smaller buffer
    than the block writes them."""
    out = bytearray()
    for start in range(0, len(data), block):
        piece = data[start:start + block]
        out += struct.pack(">I", len(piece))
        parts = [piece] if (start // block) % 2 == 0 else [piece[:len(piece) // 2],
                                                          piece[len(piece) // 2:]]
        for part in parts:
            raw = bytes(cramjam.snappy.compress_raw(part))
            out += struct.pack(">I", len(raw)) + raw
    return bytes(out)


def flip(data, at):
    b = bytearray(data)
    b[at] ^= 0x55
    return bytes(b)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    text = content()
    half = len(text) // 2
    zstd = zstandard.ZstdCompressor(level=3, write_checksum=True)
    files = {
        "plain.txt": text,
        "text.gz": gzip_member(text),
        "multi.gz": gzip_member(text[:half]) + gzip_member(text[half:]),
        # 100 KB blocks: a cut or a flipped byte leaves whole blocks before it.
        "text.bz2": bz2.compress(text, 1),
        "multi.bz2": bz2.compress(text[:half]) + bz2.compress(text[half:]),
        "text.zst": zstd.compress(text),
        "multi.zst": zstd.compress(text[:half]) + zstd.compress(text[half:]),
        "text.sz": bytes(cramjam.snappy.compress(text)),
        "text.lz4": bytes(cramjam.lz4.compress(text)),
        "multi.lz4": bytes(cramjam.lz4.compress(text[:half])) +
                     bytes(cramjam.lz4.compress(text[half:])),
        "text.hadoop.snappy": hadoop_snappy(text),
    }
    for name in ["text.gz", "text.bz2", "text.zst", "text.sz", "text.lz4", "text.hadoop.snappy"]:
        data = files[name]
        files[name + ".trunc"] = data[:len(data) * 6 // 10]
        files[name + ".corrupt"] = flip(data, len(data) // 2)
    # Hadoop snappy has no checksum: corrupt the second block's length so
    # that its first chunk is longer than the block it claims to be in.
    h = bytearray(files["text.hadoop.snappy"])
    first_chunk = struct.unpack(">I", h[4:8])[0]
    second_block = 8 + first_chunk
    h[second_block:second_block + 4] = struct.pack(">I", 100)
    files["text.hadoop.snappy.corrupt"] = bytes(h)
    # Not compressed, though they start like it.
    files["looks_gzip.txt"] = b"\x1f\x8bX is not a gzip header\n"
    files["looks_bzip2.txt"] = b"BZh9 is how a bzip2 file starts, but this one is text\n"
    files["looks_hadoop.bin"] = (struct.pack(">II", 32, 16) + b"\x05" +
                                 b"\xff" * 15 + b"binary tail")
    files["empty.txt"] = b""
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
