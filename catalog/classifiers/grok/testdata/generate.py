#!/usr/bin/env python3
"""Writes the grok classifier's generated test files into OUTDIR.

Deterministic: a seeded random generator and fixed times, so every run
writes the same bytes. The large access log is past the 1 MB text sampling
limit (the classifier reads its first 1,000 lines only); the application
log is written by Python's own `logging` module, a real log writer.
"""
import gzip
import io
import logging
import os
import random
import sys
import time

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "-",
]
PATHS = ["/", "/index.html", "/css/site.css", "/js/app.js", "/api/v1/items?page=3&size=50",
         "/img/logo.png", "/search?q=grok+patterns", "/account/orders/1001"]


def apache_time(t):
    g = time.gmtime(t)
    return "%02d/%s/%04d:%02d:%02d:%02d +0000" % (
        g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)


def access_line(rng, t, combined):
    ip = "%d.%d.%d.%d" % (rng.choice([10, 172, 192, 198, 203]), rng.randrange(256),
                          rng.randrange(256), rng.randrange(1, 255))
    user = rng.choice(["-", "-", "-", "alice", "bob"])
    method = rng.choice(["GET", "GET", "GET", "POST", "HEAD"])
    status = rng.choice([200, 200, 200, 304, 404, 500])
    size = "-" if status == 304 or method == "HEAD" else str(rng.randrange(0, 200000))
    line = '%s - %s [%s] "%s %s HTTP/1.1" %d %s' % (
        ip, user, apache_time(t), method, rng.choice(PATHS), status, size)
    if combined:
        referrer = rng.choice(["-", "https://www.example.com/", "https://duckduckgo.com/"])
        line += ' "%s" "%s"' % (referrer, rng.choice(AGENTS))
    return line


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(20240305)
    start = 1709633742  # 2024-03-05T10:15:42Z

    # Past 1 MB: 9,000 combined lines (about 1.6 MB).
    big = "".join(access_line(rng, start + i, True) + "\n" for i in range(9000)).encode()
    assert len(big) > 1 << 20
    write(outdir, "big_combined.log", big)
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0, filename="") as f:
        f.write(big)
    write(outdir, "big_combined.log.gz", gz.getvalue())

    # 1,000 good lines, then noise the sample never reaches.
    tail = [access_line(rng, start + i, False) for i in range(1000)]
    tail += ["not a log line %d" % i for i in range(3000)]
    write(outdir, "tail_noise.log", ("\n".join(tail) + "\n").encode())

    # Windows line ends.
    crlf = "".join(access_line(rng, start + i, False) + "\r\n" for i in range(20))
    write(outdir, "crlf_common.log", crlf.encode())

    # Binary garbage with newlines in it.
    garbage = bytes(rng.randrange(256) for _ in range(64 * 1024))
    write(outdir, "garbage.bin", garbage)

    # An application log from Python's logging module, at fixed times.
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter = logging.Formatter(
        "%(asctime)s [%(threadName)s] %(levelname)-5s %(name)s - %(message)s")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger = logging.getLogger("com.example.orders")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    levels = [logging.INFO, logging.WARNING, logging.ERROR, logging.DEBUG]
    for i in range(200):
        record = logger.makeRecord(logger.name, rng.choice(levels), __file__, 0,
                                   "order %d placed in %d ms", (1000 + i, rng.randrange(1, 5000)),
                                   None)
        record.created = start + i * 0.25
        record.msecs = (i * 250) % 1000
        record.threadName = "worker-%d" % (i % 4)
        logger.handle(record)
    write(outdir, "py_logging.log", stream.getvalue().encode())


if __name__ == "__main__":
    main()
