#!/usr/bin/env python3
"""Checks that every #include "..." in the project follows the layering of
docs/architecture.md: each folder of src/ may include only the folders below
it, engines never include each other's internals, the dashboard uses only
the engines' public headers (and util/), the command-line tool,
the C ABI and the Python bindings use the public headers (plus a few
generic helpers of util/ for the C ABI). Prints every violation as
file:line and exits 1 if there is any."""

import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()

# Folder (relative to the project) -> the folders its quoted includes may
# name, by their first path components. "modelfunnel/" is the public API.
LAYERS = ["util", "model", "ingest", "synthetic"]
ENGINES = ["funnel", "score", "qualify", "tiering", "revenue", "reengage", "attribution"]
ALLOWED = {
    "src/util": {"util"},
    "src/model": {"util", "model"},
    "src/ingest": {"util", "model", "ingest"},  # ingest/pipeline/ included
    # The mapping draft reads files with ingest's CSV reader; nothing in
    # ingest includes it back (load() never drafts).
    "src/ingest/draft": {"util", "model", "ingest"},
    "src/synthetic": {"util", "model", "synthetic"},
    "src/cli": {"cli"},
    "capi/src": {"capi", "util"},
    "bindings/python/src": {"core"},
}
for engine in ENGINES:
    ALLOWED[f"src/{engine}"] = {"util", "model", engine}
# The dashboard composes the engines: it reads their public results through
# include/modelfunnel/ (always allowed) and nothing of src/ but util/ and its
# own folder; not even model/, so it cannot reach a data set's columns or an
# engine's internals and compute a figure its own way.
ALLOWED["src/dashboard"] = {"util", "dashboard"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def rule_for(path: pathlib.Path):
    rel = path.relative_to(ROOT).as_posix()
    best = None
    for folder in ALLOWED:
        if rel.startswith(folder + "/") and (best is None or len(folder) > len(best)):
            best = folder
    return best


def main() -> int:
    problems = []
    for path in sorted(ROOT.glob("**/*")):
        if path.suffix not in {".cpp", ".hpp", ".h", ".c"} or "build" in path.relative_to(ROOT).parts:
            continue
        folder = rule_for(path)
        if folder is None:
            continue
        allowed = ALLOWED[folder]
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            first = target.split("/")[0]
            if first in {"modelfunnel", "absl", "nlohmann", "boost"} or "/" not in target:
                # Public headers, third-party headers, and a folder's own
                # headers named without a folder (capi, cli, bindings).
                continue
            if first not in allowed:
                problems.append(f"{path.relative_to(ROOT)}:{number}: includes \"{target}\"; "
                                f"{folder}/ may include only {', '.join(a + '/' for a in sorted(allowed))} "
                                f"(and the public modelfunnel/ headers)")
            elif target.startswith("ingest/pipeline/") and not folder.startswith("src/ingest"):
                problems.append(f"{path.relative_to(ROOT)}:{number}: includes \"{target}\": "
                                "ingest/pipeline/ is ingest's own")
            elif target.startswith("ingest/draft/") and folder != "src/ingest/draft":
                problems.append(f"{path.relative_to(ROOT)}:{number}: includes \"{target}\": "
                                "the loaders never use the mapping draft")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layering of docs/architecture.md")
        return 1
    print("layering: every include follows docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
