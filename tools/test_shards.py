#!/usr/bin/env python3
"""Split the suite's test classes between N test processes (shards).

    test_shards.py --shards 2 --tags /renovation_service,/renovation_quality ADDONS_DIR...

prints one ``--test-tags`` value per line, one line per shard. The classes of
the modules named in ``--tags`` are dealt out in turn, in the order of their
files, so that slow and fast classes spread evenly. Shard 0 runs the given tags
*minus* the classes dealt to the other shards: a class this script does not see
(made at import time, or inheriting all its tests) still runs, in shard 0.
Nothing is imported: the test files are only parsed.
"""

import argparse
import ast
import pathlib


def test_classes(module_dir):
    """The classes of ``module_dir/tests/test_*.py`` that define test methods,
    in file and line order."""
    for path in sorted((module_dir / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef) and item.name.startswith("test")
                for item in node.body
            ):
                yield node.name


def shard_tags(tags, shards, addons_dirs):
    modules = [tag[1:] for tag in tags.split(",") if tag.startswith("/") and ":" not in tag]
    dealt = []
    for module in modules:
        module_dir = next(
            (root / module for root in addons_dirs if (root / module / "tests").is_dir()), None
        )
        if module_dir:
            dealt += [f"/{module}:{name}" for name in test_classes(module_dir)]
    others = [dealt[index::shards] for index in range(1, shards)]
    first = ",".join([tags] + [f"-{spec}" for shard in others for spec in shard])
    return [first] + [",".join(shard) for shard in others if shard]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, required=True)
    parser.add_argument("--tags", required=True, help="the suite's --test-tags, e.g. /addon,...")
    parser.add_argument("addons_dirs", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    for line in shard_tags(args.tags, max(args.shards, 1), args.addons_dirs):
        print(line)


if __name__ == "__main__":
    main()
