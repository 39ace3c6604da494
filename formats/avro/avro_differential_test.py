"""Differential test of the Avro compatibility checker against real Avro libraries.

For every case of formats/avro/testdata/compat_cases.txt whose new version
parses, and for each earlier version of it, avro_case_verdicts prints our
verdict in both directions. Here data is written with the writer's schema
(BACKWARD: the old version; FORWARD: the new one) by fastavro, many records per
schema with every enum symbol and every union branch present, and read back
with the reader's schema by fastavro (schemaless_reader with a reader schema)
and by the Apache `avro` package (DatumReader with both schemas).

Our "compatible" must mean the library reads every record; our "incompatible"
must mean it fails on at least one. Logical types are stripped before the
libraries see the schemas: they do not change the binary encoding, and our
checker resolves on the underlying type as the specification says. The one
place we are stricter than the libraries is listed in EXCEPTIONS with why; an
exception that stops disagreeing fails the test, so the list stays true.

Environment: AVRO_CASE_VERDICTS (the tool), ALMANAC_SOURCE_DIR (the tree).
"""

import io
import json
import os
import subprocess

import avro.errors
import avro.io
import avro.schema
import fastavro
import pytest

# Where a library does not apply the specification: (library, why, the
# (case name, direction) judgements it gets wrong for that reason).
_DECIMAL = [("a decimal's precision changed", "backward"),
            ("a decimal's precision changed", "forward"),
            ("a decimal's scale changed breaks forward too", "backward"),
            ("a decimal's scale changed breaks forward too", "forward")]
_KNOWN_DEVIATIONS = [
    ("fastavro", "the specification resolves two decimals only when precision and scale "
     "are equal; the library decodes the bytes with the reader's scale and never refuses",
     _DECIMAL),
    ("avro", "no decimal precision/scale check on read (as fastavro)", _DECIMAL),
    ("avro", "the Python avro DatumReader does not apply the string <-> bytes promotion",
     [("string to bytes is fully compatible", "backward"),
      ("string to bytes is fully compatible", "forward"),
      ("bytes to string is fully compatible", "backward"),
      ("bytes to string is fully compatible", "forward")]),
    ("avro", "the Python avro DatumReader ignores reader aliases of fields and named types",
     [("renaming a field with a reader alias is backward compatible", "backward"),
      ("renaming a field with an alias is not forward compatible (the old reader has no "
       "alias)", "backward"),
      ("a writer-side field alias does not count", "forward"),
      ("renaming a record with a reader alias is backward compatible", "backward"),
      ("renaming a record with an alias breaks forward", "backward"),
      ("a writer-side record alias does not count", "forward"),
      ("a reader alias naming the writer by full name", "backward"),
      ("renaming an enum with a reader alias", "backward")]),
    ("avro", "the Python avro DatumReader matches named types by full name, where the "
     "specification matches the unqualified name",
     [("the same unqualified name in another namespace matches", "backward"),
      ("the same unqualified name in another namespace matches", "forward"),
      ("a dotted name moves the namespace, still the same unqualified name", "backward"),
      ("a dotted name moves the namespace, still the same unqualified name", "forward"),
      ("a fixed in another namespace with the same name and size", "backward"),
      ("a fixed in another namespace with the same name and size", "forward")]),
    ("avro", "the Python avro DatumReader requires array items and map values to match "
     "exactly, without the promotions",
     [("array items promoted is backward compatible", "backward"),
      ("array items narrowed", "forward"),
      ("map values promoted is backward compatible", "backward"),
      ("map values promoted breaks forward", "backward"),
      ("nested arrays of maps promoted under FULL break forward only", "backward")]),
    ("avro", "the Python avro DatumReader refuses a non-union reader for a writer union "
     "even when every branch resolves",
     [("a union read by a plain type when every branch promotes", "backward")]),
    ("avro", "the Python avro DatumReader ignores the enum default of the reader",
     [("adding an enum symbol is forward compatible when the old enum has a default",
       "forward"),
      ("removing an enum symbol is backward compatible when the new enum has a default",
       "backward"),
      ("enums with defaults on both sides may gain and lose symbols under FULL", "backward"),
      ("enums with defaults on both sides may gain and lose symbols under FULL", "forward")]),
]
EXCEPTIONS = {(name, direction, library): why
              for library, why, judgements in _KNOWN_DEVIATIONS
              for name, direction in judgements}

RECORDS_PER_SCHEMA = 40
MAX_DEPTH = 4


def _verdicts():
    tool = os.environ["AVRO_CASE_VERDICTS"]
    source = os.environ.get("ALMANAC_SOURCE_DIR", ".")
    path = os.path.join(source, "formats/avro/testdata/compat_cases.txt")
    out = subprocess.run([tool, path], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _strip_logical(schema):
    if isinstance(schema, dict):
        return {k: _strip_logical(v) for k, v in schema.items() if k != "logicalType"}
    if isinstance(schema, list):
        return [_strip_logical(s) for s in schema]
    return schema


class _Generator:
    """Deterministic values of a fastavro-parsed schema; value i picks union
    branch i and enum symbol i (modulo their counts), so that a few dozen
    records cover every branch and symbol."""

    def __init__(self, schema):
        self.named = {}
        self.schema = fastavro.parse_schema(schema, named_schemas=self.named)

    def value(self, i):
        return self._gen(self.schema, i, 0)

    def _gen(self, s, i, depth):
        if isinstance(s, str):
            if s in self.named:
                return self._gen(self.named[s], i, depth)
            return {
                "null": None,
                "boolean": i % 2 == 0,
                "int": [0, 1, -1, 2**31 - 1, -(2**31)][i % 5],
                "long": [2**40, -5, 0, 2**63 - 1][i % 4],
                "float": [1.5, -0.25, 0.0][i % 3],
                "double": [2.5, -1e10, 0.0][i % 3],
                # UTF-8, since the specification's bytes -> string promotion
                # presumes it (other bytes are a data error, not a schema one).
                "bytes": [b"", b"\x00ab\xc3\xa9"][i % 2],
                "string": ["", "s%d" % i][i % 2],
            }[s]
        if isinstance(s, list):
            branches = s
            if depth >= MAX_DEPTH and "null" in branches:
                return None
            b = branches[i % len(branches)]
            v = self._gen(b, i // len(branches), depth + 1)
            named = b if isinstance(b, str) and b in self.named else (
                b.get("name") if isinstance(b, dict) and b.get("type") in
                ("record", "enum", "fixed", "error") else None)
            return (named, v) if named else v
        t = s["type"]
        if t in ("record", "error"):
            return {f["name"]: self._gen(f["type"], i + k, depth + 1)
                    for k, f in enumerate(s["fields"])}
        if t == "enum":
            return s["symbols"][i % len(s["symbols"])]
        if t == "fixed":
            return bytes([i % 256]) * s["size"]
        if t == "array":
            n = 0 if depth >= MAX_DEPTH else 2
            return [self._gen(s["items"], i + k, depth + 1) for k in range(n)]
        if t == "map":
            n = 0 if depth >= MAX_DEPTH else 2
            return {"k%d" % k: self._gen(s["values"], i + k, depth + 1) for k in range(n)}
        return self._gen(t, i, depth)


def _encode(writer):
    gen = _Generator(writer)
    blobs = []
    for i in range(RECORDS_PER_SCHEMA):
        buf = io.BytesIO()
        fastavro.schemaless_writer(buf, gen.schema, gen.value(i))
        blobs.append(buf.getvalue())
    return blobs


def _fastavro_reads(writer, reader, blobs):
    for blob in blobs:
        try:
            fastavro.schemaless_reader(io.BytesIO(blob), writer, reader)
        except Exception:  # any refusal counts: SchemaResolutionError, KeyError, ...
            return False
    return True


def _avro_reads(writer, reader, blobs):
    try:
        datum_reader = avro.io.DatumReader(avro.schema.parse(json.dumps(writer)),
                                           avro.schema.parse(json.dumps(reader)))
    except Exception:
        return False
    for blob in blobs:
        try:
            datum_reader.read(avro.io.BinaryDecoder(io.BytesIO(blob)))
        except Exception:
            return False
    return True


def _judgements():
    """Yields (case, direction, ours, {library: reads})."""
    for case in _verdicts():
        if not case["parsed"]:
            continue
        new = _strip_logical(json.loads(case["new"]))
        for check in case["checks"]:
            old = _strip_logical(json.loads(case["old"][check["old"]]))
            for direction, writer, reader in (("backward", old, new), ("forward", new, old)):
                blobs = _encode(writer)
                yield case, direction, check[direction], {
                    "fastavro": _fastavro_reads(writer, reader, blobs),
                    "avro": _avro_reads(writer, reader, blobs),
                }


@pytest.fixture(scope="module")
def judgements():
    return list(_judgements())


@pytest.mark.parametrize("library", ["fastavro", "avro"])
def test_libraries_agree_with_our_verdicts(judgements, library):
    agree, excused, wrong, stale = 0, [], [], []
    seen = set()
    for case, direction, ours, reads in judgements:
        key = (case["name"], direction, library)
        seen.add(key)
        same = ours == reads[library]
        if key in EXCEPTIONS:
            (excused if not same else stale).append(key)
            continue
        if same:
            agree += 1
        else:
            wrong.append("compat_cases.txt:%d '%s' %s: we say %s, %s %s" % (
                case["line"], case["name"], direction,
                "compatible" if ours else "incompatible", library,
                "reads every record" if reads[library] else "fails to read"))
    print("\n%s: %d of %d judgements agree, %d excused: %s" % (
        library, agree, agree + len(wrong) + len(excused) + len(stale), len(excused),
        sorted(k[:2] for k in excused)))
    missing = [k for k in EXCEPTIONS if k[2] == library and k not in seen]
    assert not wrong, "\n".join(wrong)
    assert not stale, "listed exceptions that now agree: %s" % stale
    assert not missing, "listed exceptions naming no case: %s" % missing
