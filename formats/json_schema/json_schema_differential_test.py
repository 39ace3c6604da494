"""Differential test of the JSON Schema compatibility checker, with the Python
`jsonschema` validator as the judge.

For every case of formats/json_schema/testdata/compat_cases.txt whose new
version parses, json_schema_case_verdicts prints our verdict on each earlier
version in both directions. Here instances are generated from the writer's
schema (BACKWARD: the old version; FORWARD: the new one), guided by its
keywords and salted with the property names both versions use (an open
object's extra properties are where most compatibility traps hide), and kept
only when the writer's validator accepts them.

Our "compatible" must mean the reader's validator accepts every kept
instance. Our "incompatible" is a claim that some instance breaks; a generator
cannot always find one (a pattern the writer accepts, a value only one of
infinitely many breaks), so a counterexample found is counted and reported,
not required, except for the cases in MUST_FIND, which the generator is known
to reach. The places where we follow Confluent's registry rather than
validation semantics are listed in KNOWN_DEVIATIONS with why; a listed case
that stops disagreeing fails the test, so the list stays true.

Environment: JSON_SCHEMA_CASE_VERDICTS (the tool), ALMANAC_SOURCE_DIR (the tree).
"""

import json
import os
import random
import subprocess
import urllib.parse
import zlib

import jsonschema
import pytest

# (case name, direction) -> why our verdict knowingly differs from validation.
_DEFAULT_RULE = ("Confluent accepts a new required property that has a default; a "
                 "validator ignores defaults, so old data without the property fails")
KNOWN_DEVIATIONS = {
    ("a new required property with a default in a closed object is BACKWARD compatible "
     "(Confluent)", "backward"): _DEFAULT_RULE,
    ("making an existing property with a default required is BACKWARD compatible",
     "backward"): _DEFAULT_RULE,
}

# Incompatible judgements for which the generator must find a breaking instance.
MUST_FIND = [
    ("adding a property to an open object breaks BACKWARD", "backward"),
    ("removing a property from a closed object breaks BACKWARD", "backward"),
    ("additionalProperties true to false breaks BACKWARD", "backward"),
    ("number to integer is a narrowing that breaks BACKWARD", "backward"),
    ("an enum losing a value breaks BACKWARD", "backward"),
    ("raising minimum breaks BACKWARD", "backward"),
    ("lowering maxLength breaks BACKWARD", "backward"),
    ("narrowing array items breaks BACKWARD", "backward"),
    ("oneOf losing a branch breaks BACKWARD", "backward"),
    ("dropping required breaks FORWARD", "forward"),
    ("a narrowed definition behind $ref breaks BACKWARD at the referring property", "backward"),
]

SAMPLES = 400
STRINGS = ["", "a", "ab", "abc", "ABC", "Z", "x_1", "hello world", "2024-01-02",
           "2024-01-02T03:04:05Z", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
           "order", "invoice", "new", "paid", "void", "shipped", "eu", "ABC-123", "a", "b"]
ANY_VALUES = [0, 1, -1, 2.5, "s", "", True, False, None, [], [1, "a"], {}, {"k": "v"}]


def _load_cases():
    tool = os.environ["JSON_SCHEMA_CASE_VERDICTS"]
    path = os.path.join(os.environ.get("ALMANAC_SOURCE_DIR", "."),
                        "formats/json_schema/testdata/compat_cases.txt")
    out = subprocess.run([tool, path], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _validator(schema):
    cls = (jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
           if isinstance(schema, dict) else jsonschema.Draft7Validator)
    return cls(schema)


def _resolve(root, ref):
    if ref == "#":
        return root
    node = root
    for token in urllib.parse.unquote(ref[2:]).split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _names(schema, found):
    """Every property name a schema mentions."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value.keys())
            if key == "required" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            _names(value, found)
    elif isinstance(schema, list):
        for v in schema:
            _names(v, found)
    return found


class Generator:
    """Random instances steered by a schema's keywords; invalid ones are
    filtered out by the caller, so the generator may overshoot."""

    def __init__(self, root, names, rng):
        self.root, self.names, self.rng = root, sorted(names), rng

    def any(self):
        return self.rng.choice(ANY_VALUES)

    def value(self, s, depth=0):
        r = self.rng
        if depth > 6 or s is True or s == {}:
            return self.any()
        if s is False or not isinstance(s, dict):
            return self.any()
        if "$ref" in s:
            return self.value(_resolve(self.root, s["$ref"]), depth + 1)
        if "const" in s and r.random() < 0.9:
            return s["const"]
        if "enum" in s and r.random() < 0.9:
            return r.choice(s["enum"])
        for key in ("oneOf", "anyOf"):
            if key in s and r.random() < 0.8:
                branch = r.choice(s[key])
                merged = dict(s)
                merged.pop(key)
                if isinstance(branch, dict) and "$ref" not in branch and "type" not in branch \
                        and "type" in merged:
                    branch = dict(branch, type=merged["type"])
                return self.value(branch if r.random() < 0.7 else merged, depth + 1)
        if "allOf" in s:
            parts = [self.value(b, depth + 1) for b in s["allOf"]]
            if all(isinstance(p, dict) for p in parts):
                out = {}
                for p in parts:
                    out.update(p)
                return out
            return r.choice(parts)
        types = s.get("type")
        if types is None:
            if "properties" in s or "additionalProperties" in s or "required" in s:
                types = "object"
            elif "items" in s:
                types = "array"
            elif "minimum" in s or "maximum" in s or "multipleOf" in s:
                types = r.choice(["integer", "number"])
            elif "minLength" in s or "maxLength" in s or "pattern" in s:
                types = "string"
            else:
                return self.any()
        t = r.choice(types) if isinstance(types, list) else types
        return getattr(self, "_" + t)(s, depth)

    def _null(self, s, depth):
        return None

    def _boolean(self, s, depth):
        return self.rng.random() < 0.5

    def _numbers(self, s, integral):
        cands = [0, 1, -1, 2, 3, 5, 7, 10, 50, 99, 100, 101, 1000, -5]
        if not integral:
            cands += [0.5, 2.5, 9.75, 99.5]
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            v = s.get(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cands += [v, v - 1, v + 1] + ([] if integral else [v - 0.5, v + 0.5])
        v = self.rng.choice(cands)
        if "multipleOf" in s and self.rng.random() < 0.7:
            v = s["multipleOf"] * self.rng.choice([0, 1, 2, 3, 10])
        return int(v) if integral else v

    def _integer(self, s, depth):
        return self._numbers(s, True)

    def _number(self, s, depth):
        return self._numbers(s, self.rng.random() < 0.3)

    def _string(self, s, depth):
        v = self.rng.choice(STRINGS)
        for key in ("minLength", "maxLength"):
            if key in s and self.rng.random() < 0.5:
                v = "a" * max(0, s[key] + self.rng.choice([-1, 0, 1]))
        return v

    def _array(self, s, depth):
        r = self.rng
        n = r.choice([0, 1, 2, 3, 4])
        if "minItems" in s and r.random() < 0.5:
            n = s["minItems"]
        if "maxItems" in s and r.random() < 0.5:
            n = s["maxItems"]
        items = s.get("items", True)
        if isinstance(items, list):
            extra = s.get("additionalItems", True)
            return [self.value(items[i] if i < len(items) else extra, depth + 1)
                    for i in range(max(n, len(items) if r.random() < 0.7 else n))]
        out = [self.value(items, depth + 1) for _ in range(n)]
        if s.get("uniqueItems") is not True and out and r.random() < 0.3:
            out.append(out[0])
        return out

    def _object(self, s, depth):
        r = self.rng
        props = s.get("properties", {})
        required = set(s.get("required", []))
        out = {}
        for name, sub in props.items():
            if name in required or r.random() < 0.7:
                out[name] = self.value(sub, depth + 1)
        extra = s.get("additionalProperties", True)
        if extra is not False:
            for name in r.sample(self.names + ["extra_1", "x_note"], k=min(2, len(self.names) + 2)):
                if name not in props and r.random() < 0.5:
                    out[name] = self.value(extra, depth + 1) if isinstance(extra, dict) \
                        else self.any()
        for pattern, sub in s.get("patternProperties", {}).items():
            if r.random() < 0.5:
                out["x_" + str(r.randint(0, 9))] = self.value(sub, depth + 1)
        return out


def _judge(writer, reader, names, seed):
    """(instances kept, first instance the reader rejects or None)."""
    wv, rv = _validator(writer), _validator(reader)
    gen = Generator(writer, names, random.Random(seed))
    kept = 0
    for _ in range(SAMPLES):
        instance = gen.value(writer)
        if not wv.is_valid(instance):
            continue
        kept += 1
        if not rv.is_valid(instance):
            return kept, instance
    return kept, None


CASES = [c for c in _load_cases() if c["parsed"] and c["checks"]]


def _judgements():
    for c in CASES:
        new = json.loads(c["new"])
        for check in c["checks"]:
            old = json.loads(c["old"][check["old"]])
            names = _names(old, set()) | _names(new, set())
            for direction, writer, reader in (("backward", old, new), ("forward", new, old)):
                yield c, check, direction, writer, reader, names


def test_corpus_is_covered():
    assert len(CASES) >= 80, "the compatibility corpus should feed this test"


@pytest.mark.parametrize("case,check,direction,writer,reader,names",
                         list(_judgements()),
                         ids=lambda v: v["name"][:60] if isinstance(v, dict) and "name" in v
                         else None)
def test_compatible_means_the_reader_validates_writer_data(case, check, direction, writer,
                                                           reader, names):
    ours_compatible = check[direction]
    key = (case["name"], direction)
    kept, broken = _judge(writer, reader, names, seed=zlib.crc32(repr(key).encode()))
    if key in KNOWN_DEVIATIONS:
        assert ours_compatible and broken is not None, (
            f"{key} is listed as a known deviation ({KNOWN_DEVIATIONS[key]}) but no longer "
            "disagrees with the validator: remove it from the list")
        return
    if ours_compatible:
        assert broken is None, (
            f"line {case['line']}: '{case['name']}' ({direction}, against version "
            f"{check['old'] + 1}): we say compatible, but the reader rejects {json.dumps(broken)} "
            f"which the writer accepts")
    elif key in MUST_FIND:
        assert broken is not None, (
            f"line {case['line']}: '{case['name']}' ({direction}): we say incompatible "
            f"({check['reasons']}) and no breaking instance was found in {kept} valid ones")


def test_incompatible_verdicts_have_counterexamples_mostly():
    """Informational: how many of our incompatible judgements the generator backs."""
    found = total = 0
    for c, check, direction, writer, reader, names in _judgements():
        if check[direction]:
            continue
        total += 1
        _, broken = _judge(writer, reader, names, seed=1)
        found += broken is not None
    print(f"\n{found} of {total} incompatible judgements have a generated counterexample")
    assert total > 0


# ---------------------------------------------------------------- mutants
# Beyond the corpus: each corpus schema is mutated at a random subschema by
# one or two random edits, and our verdict on (schema, mutant) is judged the
# same way. This probes the dangerous direction, a "compatible" that is not.

TYPES = ["integer", "number", "string", "boolean", "null", "object", "array"]
NAMES = ["id", "email", "price", "name", "status", "tags", "extra_1", "x_note", "region"]


def _subschemas(schema, draft4):
    """Every dict subschema reachable through the keywords the generator reads."""
    out = []

    def walk(s):
        if not isinstance(s, dict):
            return
        out.append(s)
        for key in ("properties", "definitions", "$defs", "patternProperties"):
            for sub in (s.get(key) or {}).values():
                walk(sub)
        for key in ("items", "additionalProperties", "additionalItems", "not"):
            sub = s.get(key)
            for x in (sub if isinstance(sub, list) else [sub]):
                walk(x)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in s.get(key) or []:
                walk(sub)

    walk(schema)
    return out


def _mutate_once(s, rng, draft4):
    op = rng.randrange(23)
    simple = {"type": rng.choice(TYPES[:5])}
    if op == 0:
        s["type"] = rng.choice(TYPES)
    elif op == 1:
        s["type"] = rng.sample(TYPES, 2)
    elif op == 2:
        s.pop("type", None)
    elif op == 3:
        s.setdefault("properties", {})[rng.choice(NAMES)] = simple
    elif op == 4 and s.get("properties"):
        s["properties"].pop(rng.choice(sorted(s["properties"])))
    elif op == 5:
        s["additionalProperties"] = rng.choice([False, True, simple])
    elif op == 6:
        s.pop("additionalProperties", None)
    elif op == 7:
        names = sorted(s.get("properties", {})) or NAMES
        req = s.setdefault("required", [])
        name = rng.choice(names)
        if name not in req:
            req.append(name)
    elif op == 8 and s.get("required"):
        s["required"].pop(rng.randrange(len(s["required"])))
        if draft4 and not s["required"]:
            del s["required"]
    elif op == 9:
        key = rng.choice(["minimum", "maximum", "minLength", "maxLength", "minItems",
                          "maxItems", "minProperties", "maxProperties"])
        if key in s and rng.random() < 0.4:
            del s[key]
        else:
            s[key] = rng.choice([0, 1, 2, 3, 5, 10])
    elif op == 10:
        if "enum" in s and len(s["enum"]) > 1 and rng.random() < 0.5:
            s["enum"].pop(rng.randrange(len(s["enum"])))
        elif "enum" in s:
            s["enum"].append(rng.choice(["zz", 42, None, "new"]))
        else:
            s["enum"] = rng.sample(["a", "b", "new", "paid", 1, 2], 2)
    elif op == 11:
        branches = s.get("oneOf") or s.get("anyOf")
        if branches and len(branches) > 1 and rng.random() < 0.5:
            branches.pop(rng.randrange(len(branches)))
        elif branches:
            branches.append(simple)
        else:
            s["anyOf"] = [simple, {"type": rng.choice(TYPES[:5])}]
    elif op == 12:
        if "items" in s and rng.random() < 0.4:
            del s["items"]
        else:
            s["items"] = simple
    elif op == 13:
        if "pattern" in s:
            del s["pattern"]
        else:
            s["pattern"] = rng.choice(["^[a-z]+$", "^a", "b"])
    elif op == 14:
        if "multipleOf" in s:
            del s["multipleOf"]
        else:
            s["multipleOf"] = rng.choice([2, 4, 0.5])
    elif op == 15:
        s["uniqueItems"] = not s.get("uniqueItems", False)
    elif op == 16:
        if "patternProperties" in s:
            del s["patternProperties"]
        else:
            s["patternProperties"] = {"^x_": simple}
    elif op == 17 and s.get("properties"):
        s["properties"][rng.choice(sorted(s["properties"]))] = rng.choice([{}, simple])
    elif op == 18:
        key = rng.choice(["exclusiveMinimum", "exclusiveMaximum"])
        if key in s:
            del s[key]
        elif draft4:
            s[key.replace("exclusiveM", "m")] = rng.choice([0, 1, 5])
            s[key] = True
        else:
            s[key] = rng.choice([0, 1, 5])
    elif op == 19 and not draft4:
        if "const" in s:
            del s["const"]
        else:
            s["const"] = rng.choice(["a", 1, None, "order"])
    elif op == 20:
        if s.get("allOf") and rng.random() < 0.5:
            s["allOf"].pop()
            if not s["allOf"]:
                del s["allOf"]
        else:
            s.setdefault("allOf", []).append(rng.choice(
                [{"minimum": 1}, {"maxLength": 3}, simple, {"required": ["id"]}]))
    elif op == 21:
        if "not" in s:
            del s["not"]
        else:
            s["not"] = rng.choice([simple, {"const": 1} if not draft4 else {"enum": [1]}])
    elif op == 22:
        s["items"] = [simple, {"type": rng.choice(TYPES[:5])}]
        if rng.random() < 0.5:
            s["additionalItems"] = rng.choice([False, True, simple])


def _mutant(schema, rng):
    mutant = json.loads(json.dumps(schema))
    if not isinstance(mutant, dict):
        return None
    draft4 = "draft-04" in str(mutant.get("$schema", ""))
    for _ in range(rng.choice([1, 1, 2])):
        target = rng.choice(_subschemas(mutant, draft4))
        if target.get("properties") and rng.random() < 0.15:
            # Move a property's schema behind a $ref (an equivalent schema).
            name = rng.choice(sorted(target["properties"]))
            defs = mutant.setdefault("definitions", {})
            ref = f"M{len(defs)}"
            defs[ref] = target["properties"][name]
            target["properties"][name] = {"$ref": f"#/definitions/{ref}"}
        else:
            _mutate_once(target, rng, draft4)
    return mutant


def _mutant_pairs(tmp_path):
    # JSON_SCHEMA_MUTANTS / JSON_SCHEMA_MUTANT_SEED widen a local run.
    rng = random.Random(int(os.environ.get("JSON_SCHEMA_MUTANT_SEED", "20260101")))
    pairs = []
    for c in CASES:
        base = json.loads(c["new"])
        for _ in range(int(os.environ.get("JSON_SCHEMA_MUTANTS", "3"))):
            m = _mutant(base, rng)
            if m is not None and m != base:
                pairs.append((base, m))
    path = tmp_path / "mutants.txt"
    with open(path, "w") as f:
        for i, (base, m) in enumerate(pairs):
            f.write(f"== mutant {i}\nmode: NONE\nold:\n{json.dumps(base)}\nnew:\n"
                    f"{json.dumps(m)}\nexpect: compatible\n\n")
    out = subprocess.run([os.environ["JSON_SCHEMA_CASE_VERDICTS"], str(path)], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _only_oneof_exclusivity(reader, instance):
    """True when the reader rejects `instance` only because it matches several
    oneOf branches: read as anyOf, the reader accepts it. Like Confluent, the
    checker does not judge oneOf exclusivity (see compat_check.h)."""
    as_any_of = json.loads(json.dumps(reader).replace('"oneOf":', '"anyOf":'))
    return _validator(as_any_of).is_valid(instance)


def test_mutants_compatible_means_the_reader_validates_writer_data(tmp_path):
    judged = compatible = backed = incompatible = exclusivity = 0
    failures = []
    for c in _mutant_pairs(tmp_path):
        if not c["parsed"] or not c["checks"]:
            continue
        old, new = json.loads(c["old"][0]), json.loads(c["new"])
        check = c["checks"][0]
        names = _names(old, set()) | _names(new, set())
        for direction, writer, reader in (("backward", old, new), ("forward", new, old)):
            if "default" in json.dumps(reader):
                continue  # Confluent's required-with-default rule (KNOWN_DEVIATIONS)
            judged += 1
            _, broken = _judge(writer, reader, names, seed=zlib.crc32(c["name"].encode()))
            if check[direction]:
                compatible += 1
                if broken is not None and _only_oneof_exclusivity(reader, broken):
                    exclusivity += 1
                elif broken is not None:
                    failures.append(f"{c['name']} {direction}: we say compatible, the reader "
                                    f"rejects {json.dumps(broken)}\n  writer {json.dumps(writer)}"
                                    f"\n  reader {json.dumps(reader)}")
            else:
                incompatible += 1
                backed += broken is not None
    print(f"\n{judged} mutant judgements: {compatible} compatible held, {backed} of "
          f"{incompatible} incompatible backed by a counterexample, {exclusivity} broken only "
          "by oneOf exclusivity (not judged)")
    assert judged >= 300
    assert not failures, "\n".join(failures[:20])
