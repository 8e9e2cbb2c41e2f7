#!/usr/bin/env python3
"""Runs every `$ agentsim …` example in README.md and rewrites (--write) or checks (--check) its output.

A README code block holds commands (`$ ` lines; a line ending in `\\` continues) each followed by its output. This
script runs them in order with the built agentsim first on PATH, standard output and error together as a terminal
shows them, and puts the output under its command. An HTML comment on the line before the fence says how:

    <!-- readme: skip REASON -->         not run (a server that runs until stopped, minutes of real time)
    <!-- readme: volatile REGEX -->      lines matching REGEX carry timings: compared with their numbers masked
    <!-- readme: grep REGEX -->          only the lines matching REGEX are shown, "…" where lines were left out
    <!-- readme: collector -->           a fresh reference collector (Collectors/livekit/server.py in the
                                         livekit-1.8.9 venv) runs on a free port for the block, shown as 8080

An output block whose last line is "…" shows the first lines of the output only. `$ echo $?` prints the status of
the command before it; a `$` line that is not agentsim's (the collector's start) is kept as written.

    python3 scripts/readme_outputs.py --check [--agentsim PATH]   exit 1 and a diff when the README disagrees
    python3 scripts/readme_outputs.py --write [--agentsim PATH]   rewrite the output blocks in place
"""

import argparse
import difflib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELLIPSIS = "…"
# The longest any README command may take before it counts as a hang.
COMMAND_SECONDS = 300
DIRECTIVE = re.compile(r"^<!-- readme: (skip|volatile|grep|collector)\s*(.*?)\s*-->$")


class Block:
    """One fenced block with commands: where it sits in the README and what it holds."""

    def __init__(self, start, end, lines, directives):
        self.start, self.end = start, end  # indices of the fence lines
        self.lines = lines
        self.directives = directives  # {"skip": reason, "volatile": regex, …}

    def entries(self):
        """(command lines, output lines) in order; text before the first command is kept as a command-less entry."""
        entries, i = [], 0
        while i < len(self.lines):
            if self.lines[i].startswith("$ "):
                command = [self.lines[i]]
                while command[-1].endswith("\\") and i + 1 < len(self.lines):
                    i += 1
                    command.append(self.lines[i])
                output = []
                while i + 1 < len(self.lines) and not self.lines[i + 1].startswith("$ "):
                    i += 1
                    output.append(self.lines[i])
                entries.append((command, output))
            else:
                entries.append(([], [self.lines[i]]))
            i += 1
        return entries


def blocks(readme):
    found, i = [], 0
    while i < len(readme):
        if readme[i].startswith("```"):
            j = i + 1
            while j < len(readme) and not readme[j].startswith("```"):
                j += 1
            body = readme[i + 1 : j]
            if any(line.startswith("$ agentsim ") for line in body):
                # The directives: comment lines just before the fence (blank lines between them allowed).
                directives, k = {}, i - 1
                while k >= 0 and (not readme[k].strip() or DIRECTIVE.match(readme[k])):
                    match = DIRECTIVE.match(readme[k])
                    if match:
                        directives[match.group(1)] = match.group(2)
                    k -= 1
                found.append(Block(i, j, body, directives))
            i = j + 1
        else:
            i += 1
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    """The reference collector, started fresh for one block."""

    def __init__(self):
        python = os.path.join(ROOT, ".venvs", "livekit-1.8.9", "bin", "python")
        if not os.path.exists(python):
            sys.exit(f"readme_outputs: {python} is missing: run `make setup`")
        self.port = free_port()
        self.process = subprocess.Popen(
            [python, os.path.join(ROOT, "Collectors", "livekit", "server.py"), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        line = self.process.stdout.readline()
        if "listening" not in line:
            self.stop()
            sys.exit(f"readme_outputs: the collector did not start: {line!r}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(command, bindir, port):
    text = "\n".join(line[2:] if n == 0 else line for n, line in enumerate(command))
    if port:
        text = text.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), COLUMNS="120")
    try:
        done = subprocess.run(
            ["bash", "-c", text], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            timeout=COMMAND_SECONDS, start_new_session=True,
        )
    except subprocess.TimeoutExpired:
        # A server that runs until stopped, or a hang: name the command instead of waiting for ever.
        sys.exit(f"readme_outputs: `{text}` did not end within {COMMAND_SECONDS} s "
                 "(a server? mark its block <!-- readme: skip REASON -->)")
    out = done.stdout
    if port:
        out = out.replace(f"127.0.0.1:{port}", "127.0.0.1:8080")
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines, done.returncode


def shown(actual, written, block):
    """The output as the README shows it: whole, its first lines, or the lines a grep keeps."""
    if "grep" in block.directives:
        pattern = re.compile(block.directives["grep"])
        kept, last = [], -1
        for n, line in enumerate(actual):
            if pattern.search(line):
                if n != last + 1:
                    kept.append(ELLIPSIS)
                kept.append(line)
                last = n
        if last != len(actual) - 1:
            kept.append(ELLIPSIS)
        return kept
    if written and written[-1].strip() == ELLIPSIS:
        head = len(written) - 1
        return actual[:head] + [written[-1]]
    return actual


def masked(lines, block):
    if "volatile" not in block.directives:
        return lines
    pattern = re.compile(block.directives["volatile"])
    return [re.sub(r"\d[\d,.]*", "#", line) if pattern.search(line) else line for line in lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    parser.add_argument("--agentsim", default=os.environ.get("AGENTSIM", os.path.join(ROOT, ".build/debug/agentsim")))
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    args = parser.parse_args()
    binary = os.path.abspath(args.agentsim)
    if not os.access(binary, os.X_OK):
        sys.exit(f"readme_outputs: {binary} is not an executable: build first (`swift build`)")
    bindir = tempfile.mkdtemp(prefix="readme-outputs-")
    os.symlink(binary, os.path.join(bindir, "agentsim"))

    with open(args.readme, encoding="utf-8") as f:
        readme = f.read().split("\n")
    differences, ran, skipped = [], 0, []
    replacements = []
    # Files the examples write (report's out.html) are removed afterwards; nothing else is touched.
    before = set(os.listdir(ROOT))
    try:
        for block in blocks(readme):
            if "skip" in block.directives:
                skipped.append(f"README.md:{block.start + 1}: {block.directives['skip']}")
                continue
            collector = Collector() if "collector" in block.directives else None
            new_lines, status = [], 0
            try:
                entries = block.entries()
                for n, (command, written) in enumerate(entries):
                    if not command:
                        new_lines += written
                        continue
                    new_lines += command
                    text = command[0][2:]
                    # Blank lines between one command's output and the next command separate them: kept as written.
                    gap = 0
                    if n + 1 < len(entries):
                        while gap < len(written) and written[len(written) - 1 - gap] == "":
                            gap += 1
                    written = written[: len(written) - gap]
                    if text == "echo $?":
                        actual = [str(status)]
                        ran += 1
                    elif text.startswith("agentsim "):
                        started = time.monotonic()
                        actual, status = run(command, bindir, collector.port if collector else None)
                        ran += 1
                        print(f"ran {text[:90]} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
                    else:
                        new_lines += written + [""] * gap
                        continue
                    if gap:
                        while actual and actual[-1] == "":
                            actual.pop()
                    # `echo $?` prints one status: no grep, no "…".
                    now = actual if text == "echo $?" else shown(actual, written, block)
                    if masked(now, block) != masked(written, block):
                        differences.append(
                            f"README.md:{block.start + 1}: `{text[:80]}`\n"
                            + "\n".join(difflib.unified_diff(written, now, "README", "agentsim", lineterm=""))
                        )
                    new_lines += now + [""] * gap
            finally:
                if collector:
                    collector.stop()
            replacements.append((block, new_lines))
    finally:
        shutil.rmtree(bindir, ignore_errors=True)
        for name in set(os.listdir(ROOT)) - before:
            if os.path.isfile(os.path.join(ROOT, name)):
                os.remove(os.path.join(ROOT, name))

    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    if args.write:
        for block, new_lines in reversed(replacements):
            readme[block.start + 1 : block.end] = new_lines
        with open(args.readme, "w", encoding="utf-8") as f:
            f.write("\n".join(readme))
        print(f"readme_outputs: {ran} commands run, {len(differences)} outputs rewritten", file=sys.stderr)
        return 0
    if differences:
        print("\n\n".join(differences))
        print(f"readme_outputs: {len(differences)} of {ran} outputs differ from the README", file=sys.stderr)
        return 1
    print(f"readme_outputs: the README's {ran} outputs match the tool", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
