#!/usr/bin/env python3
"""Lists the functions longer than a limit in crates/*/src (rustfmt-formatted Rust).

Usage: scripts/long-functions.py [LIMIT] [ROOT]   (default 120 lines, the current folder)

A function runs from its `fn` line to the first line after it that closes the brace at the
`fn` line's indentation (rustfmt writes every multi-line body that way). Test modules
(`#[cfg(test)]` items) are skipped, as are one-line functions and declarations without a body.
Prints `lines  file:line  name`, longest first; exits 1 when any function is over the limit.
"""

import pathlib
import re
import sys

FN = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")


def functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    skip_indent = None
    for i, line in enumerate(lines):
        if skip_indent is not None:
            # Inside a `#[cfg(test)]` item: wait for its closing brace.
            if line == " " * skip_indent + "}":
                skip_indent = None
            continue
        if line.strip() == "#[cfg(test)]":
            skip_indent = len(line) - len(line.lstrip())
            continue
        m = FN.match(line)
        if not m:
            continue
        indent = m.group(1)
        end = None
        for j in range(i, len(lines)):
            text = lines[j]
            if j == i and (text.rstrip().endswith("}") or text.rstrip().endswith(";")):
                break  # one-line function, or a declaration without a body
            if j > i and text.startswith(indent) and text[len(indent):].startswith(";"):
                break
            if j > i and text.rstrip() == indent + "}":
                end = j
                break
            if j > i and text.rstrip() == indent + ");":
                break  # a declaration whose signature spans lines
        if end is not None:
            yield m.group(2), i + 1, end - i + 1


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    root = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else pathlib.Path(".")
    found = []
    for path in sorted(root.glob("crates/*/src/**/*.rs")):
        for name, line, length in functions(path):
            if length > limit:
                found.append((length, f"{path.relative_to(root)}:{line}", name))
    for length, place, name in sorted(found, key=lambda f: (-f[0], f[1])):
        print(f"{length:5}  {place}  {name}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
