#!/usr/bin/env python3
"""Split the suite's test classes between N test processes (shards).

    test_shards.py --shards 2 --tags /renovation_service,/renovation_quality ADDONS_DIR...

prints one ``--test-tags`` value per line, one line per shard.

Odoo's runner generates every asset bundle (30 to 50 s of one core) in each
process whose post-install tests include an ``HttpCase``: the first shard takes
every ``HttpCase`` class, so that this happens once. The ``TransactionCase``
classes are then dealt, largest first, to the shard with the least work, the
work counted in tests and weighed as measured in a run of the suite in two
processes (2026-12-02, 470 tests): an ``HttpCase`` test costs about 3.5
``TransactionCase`` tests (its browser or server round trips), the asset
generation and the registry load of that process about 71. A
wrong guess only makes one process finish later; every class still runs once.

The first shard runs the given tags *minus* the classes dealt to the others: a
class this script does not see (made at import time, inheriting all its tests)
still runs, there. Nothing is imported: the test files are only parsed.
"""

import argparse
import ast
import pathlib

HTTP_TEST_COST = 3.5
# the asset generation and the registry load of the process that has the HttpCase classes
HTTP_PROCESS_FIXED_COST = 71


def parse_classes(module_dir):
    """(name, base names, number of own test methods) of every class in the
    module's test package, in file and line order."""
    for path in sorted((module_dir / "tests").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                bases = [getattr(base, "id", getattr(base, "attr", "")) for base in node.bases]
                tests = sum(
                    isinstance(item, ast.FunctionDef) and item.name.startswith("test")
                    for item in node.body
                )
                yield node.name, bases, tests


def shard_tags(tags, shards, addons_dirs):
    modules = [tag[1:] for tag in tags.split(",") if tag.startswith("/") and ":" not in tag]
    classes = []  # (module, name, bases, tests)
    for module in modules:
        for root in addons_dirs:
            if (root / module / "tests").is_dir():
                classes += [(module, *parsed) for parsed in parse_classes(root / module)]
                break
    bases_of = {name: bases for _module, name, bases, _tests in classes}

    def is_http(name, seen=frozenset()):
        return "HttpCase" in name or any(
            is_http(base, seen | {name}) for base in bases_of.get(name, ()) if base not in seen
        )

    http_tests = sum(tests for _m, name, _b, tests in classes if is_http(name))
    work = [HTTP_PROCESS_FIXED_COST + HTTP_TEST_COST * http_tests] + [0] * (shards - 1)
    dealt = [[] for _shard in range(shards)]
    plain = [(tests, module, name) for module, name, _b, tests in classes if tests]
    plain = [c for c in plain if not is_http(c[2])]
    for tests, module, name in sorted(plain, key=lambda c: -c[0]):
        shard = work.index(min(work))
        work[shard] += tests
        dealt[shard].append(f"/{module}:{name}")
    first = ",".join([tags] + [f"-{spec}" for shard in dealt[1:] for spec in shard])
    return [first] + [",".join(shard) for shard in dealt[1:] if shard]


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
