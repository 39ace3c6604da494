#!/usr/bin/env python3
"""Writes the XML classifier's test files into OUTDIR with Python's
xml.etree.ElementTree, deterministically. Run by ctest as a fixture before
classifiers.xml_cases."""
import json
import os
import random
import sys
import xml.etree.ElementTree as ET


def sub(parent, tag, text=None, **attrib):
    e = ET.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = text
    return e


def save(root, path):
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def books():
    root = ET.Element("catalog")
    b = sub(root, "book", id="bk101", available="true")
    sub(b, "author", "Gambardella")
    sub(b, "title", "XML Developer's Guide")
    sub(b, "price", "44.95")
    tags = sub(b, "tags")
    sub(tags, "tag", "xml")
    sub(tags, "tag", "guide")
    sub(b, "publish_date", "2000-10-01")
    b = sub(root, "book", id="bk102")
    sub(b, "author", "Ralls")
    sub(b, "author", "Knorr")  # repeated: author becomes an array
    sub(b, "title", "Midnight Rain")
    sub(b, "price", "5")
    tags = sub(b, "tags")
    sub(tags, "tag", "fantasy")  # once here, twice above: still an array
    b = sub(root, "book", id="bk103", available="false")
    sub(b, "author", "Corets")
    sub(b, "title", "Maeve Ascendant")
    sub(b, "price", "10.5")
    sub(b, "publish_date", "2000-11-17")
    sub(b, "note", "good", lang="en")  # attribute and text: a struct with _value
    return root


def main(out):
    os.makedirs(out, exist_ok=True)
    j = lambda name: os.path.join(out, name)

    save(books(), j("books.xml"))

    root = ET.Element("rows")
    for a, b in [("1", "x"), ("2", ""), ("3", "z")]:
        r = sub(root, "row")
        sub(r, "a", a)
        sub(r, "b", b)
    save(root, j("simple.xml"))

    # One header and three items under the root: the items are the rows.
    root = ET.Element("feed")
    h = sub(root, "header")
    sub(h, "generated", "2024-01-01")
    for i in range(3):
        it = sub(root, "item", sku=f"s{i}")
        sub(it, "qty", str(i * 3_000_000_000))  # 0 first, then beyond 32 bits
    save(root, j("items.xml"))

    # Records nested below batches, for a custom row tag.
    root = ET.Element("data")
    for batch in range(2):
        bt = sub(root, "batch", n=str(batch))
        for k in range(2):
            rec = sub(bt, "record")
            sub(rec, "key", f"k{batch}{k}")
            sub(rec, "value", str(batch + k / 4))
    save(root, j("nested.xml"))

    # Namespaced rows.
    ET.register_namespace("f", "urn:example:feed")
    ns = "{urn:example:feed}"
    root = ET.Element(ns + "feed")
    for i in range(2):
        e = sub(root, ns + "entry", **{ns + "id": str(i)})
        sub(e, ns + "v", "true")
    save(root, j("namespaced.xml"))

    # Text-only rows.
    root = ET.Element("list")
    for v in ["1", "2", "3"]:
        sub(root, "item", v)
    save(root, j("text_rows.xml"))

    # Not rows: nothing repeats under the root.
    root = ET.Element("config")
    sub(root, "host", "localhost")
    sub(root, "port", "8080")
    save(root, j("config.xml"))

    # Broken or not XML.
    text = open(j("books.xml"), encoding="utf-8").read()
    with open(j("truncated.xml"), "w", encoding="utf-8") as f:
        f.write(text[: len(text) // 2])
    with open(j("not_xml.json"), "w") as f:
        f.write(json.dumps({"a": 1}) + "\n")
    rng = random.Random(11)
    with open(j("garbage.bin"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(4096)))
    open(j("empty.xml"), "w").close()


if __name__ == "__main__":
    main(sys.argv[1])
