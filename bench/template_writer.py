"""The limit bench/load.sh compares `agentsim load` with: a writer that fills a per-session template with ids.

Given the lines `agentsim load` wrote for the first sessions of a run (FILE; sessions s<seed>-0, -1 and -2 at least,
one scenario), the template is session 1's lines with a hole wherever session 2's differ (the session id, event ids,
request ids); session 0 is left out, since the first copy of a scenario differs in more than ids (the organisation
cache). It then writes SESSIONS sessions to OUT, session i with its own session id and ids of the same length made
from i, so every line has the length agentsim's has: the same bytes' worth of work, not a byte-identical copy.
Usage: python3 bench/template_writer.py FILE SESSIONS OUT   (prints the bytes and lines written)
"""
import re
import sys

path, sessions, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
by_session = {}
for line in open(path, "rb"):
    match = re.search(rb'"session":"(s\d+)-(\d+)"', line)
    if match:
        by_session.setdefault(int(match.group(2)), []).append(line)
prefix = re.search(rb'"session":"(s\d+)-', next(iter(by_session[1]))).group(1)
one, two = by_session[1], by_session[2]
if len(one) != len(two):
    sys.exit("template_writer: sessions 1 and 2 have different line counts; expected copies of one scenario")

# Each line: literal pieces between holes. A hole is a maximal run of characters where the two sessions differ,
# widened to the whole token (letters, digits, '-', '.', '_') so an id is replaced whole.
token = re.compile(rb"[A-Za-z0-9_.\-]+")
templates = []
for a, b in zip(one, two):
    a = a.replace(prefix + b"-1", b"\0")  # the session id, wherever it appears
    b = b.replace(prefix + b"-2", b"\0")
    pieces, holes, last = [], [], 0
    for ta, tb in zip(token.finditer(a), token.finditer(b)):
        if ta.group() != tb.group():
            pieces.append(a[last:ta.start()])
            holes.append(len(ta.group()))
            last = ta.end()
    pieces.append(a[last:])
    templates.append((pieces, holes))

written = lines = 0
with open(out, "wb", buffering=1 << 20) as f:
    for i in range(1, sessions + 1):
        sid = prefix + b"-%d" % i
        chunk = []
        for pieces, holes in templates:
            parts = [pieces[0]]
            for n, width in enumerate(holes):
                parts.append((b"%0*x" % (width, i * 31 + n))[-width:])
                parts.append(pieces[n + 1])
            chunk.append(b"".join(parts).replace(b"\0", sid))
        data = b"".join(chunk)
        f.write(data)
        written += len(data)
        lines += len(chunk)
print(f"{written} bytes, {lines} lines")
