#!/usr/bin/env python3
"""Lists the lines of Swift files over 120 columns (characters, not bytes) under the given directories; exit 1 if any.

make lint runs it over Sources and Plugins (swift-format does not break long string literals or comments)."""
import pathlib
import sys

LIMIT = 120
long = [
    f"{path}:{number}: {len(line)} columns"
    for root in sys.argv[1:]
    for path in sorted(pathlib.Path(root).rglob("*.swift"))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    if len(line) > LIMIT
]
print("\n".join(long + [f"{len(long)} lines over {LIMIT} columns"]) if long else f"no line over {LIMIT} columns")
sys.exit(1 if long else 0)
