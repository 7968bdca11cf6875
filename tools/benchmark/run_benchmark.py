#!/usr/bin/env python3
"""Scale benchmark of the renovation suite (not a test).

Builds two PostgreSQL databases with Odoo 18.0 used as a library:

* ``<prefix>_plain``: only Odoo's crm, sale_management, sale_project, account
  and project (with what they auto-install);
* ``<prefix>_ours``: the same, plus renovation_service, renovation_quality and
  renovation_aftercare;

fills them with N renovation projects (see dataset.py for what goes through the
real flows and what is bulk filler), measures the hot paths (see
measurements.py) and prints a Markdown table.

    python3 tools/benchmark/run_benchmark.py --projects 10000 [--db-prefix renov_bench]
        [--keep] [--reuse] [--output result.md]

PostgreSQL comes from PGHOST / PGPORT / PGUSER / PGPASSWORD (default
127.0.0.1:5432, the current user). Odoo 18.0 must be importable (installed, or
its source tree on PYTHONPATH or in ODOO_PATH).
"""

import argparse
import datetime
import getpass
import logging
import os
import platform
import sys
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
PLAIN_MODULES = ["crm", "sale_management", "sale_project", "account", "project"]
OUR_MODULES = ["renovation_service", "renovation_quality", "renovation_aftercare"]

_logger = logging.getLogger("renovation.benchmark")


def import_odoo():
    """Import Odoo 18.0, or exit with a message saying how to make it importable."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path and odoo_path not in sys.path:
        sys.path.insert(0, odoo_path)
    try:
        import odoo  # noqa: PLC0415 (imported here to fail with a clear message)
        import odoo.release  # noqa: PLC0415
    except ImportError as error:
        sys.exit(
            "run_benchmark: ERROR: Odoo is not importable by %s (%s).\n"
            "Install Odoo 18.0, or put its source tree on PYTHONPATH or in ODOO_PATH "
            "(e.g. ODOO_PATH=/opt/odoo18/src). Nothing was run." % (sys.executable, error)
        )
    if odoo.release.major_version != "18.0":
        sys.exit(
            "run_benchmark: ERROR: Odoo %s found, the renovation suite needs Odoo 18.0."
            % odoo.release.major_version
        )
    return odoo


def standard_addons_paths(odoo):
    """Odoo's standard addons: inside the odoo package or beside it (source tree)."""
    import odoo.addons  # noqa: PLC0415

    root = os.path.dirname(os.path.abspath(odoo.__file__))
    candidates = [*odoo.addons.__path__, os.path.join(root, "addons")]
    candidates.append(os.path.join(root, os.pardir, "addons"))
    found = []
    for path in map(os.path.realpath, candidates):
        if os.path.isdir(os.path.join(path, "sale_project")) and path not in found:
            found.append(path)
    if not found:
        sys.exit("run_benchmark: ERROR: Odoo's standard addons (sale_project...) not found.")
    return found


def configure_odoo(odoo, args):
    host = os.environ.get("PGHOST", "127.0.0.1")
    port = os.environ.get("PGPORT", "5432")
    user = os.environ.get("PGUSER", getpass.getuser())
    if user == "postgres":
        sys.exit("run_benchmark: ERROR: Odoo refuses to run as 'postgres': set PGUSER.")
    addons = [*standard_addons_paths(odoo), REPO_ROOT, os.path.join(REPO_ROOT, "tests")]
    options = [
        f"--addons-path={','.join(addons)}",
        f"--db_host={host}",
        f"--db_port={port}",
        f"--db_user={user}",
        "--without-demo=all",
        f"--log-level={args.log_level}",
        "--log-handler=werkzeug:WARNING",
        "--workers=0",
        "--max-cron-threads=0",
        # the portal pages are requested in-process (no port opened); 18369 is
        # this benchmark's port should anything look at the configured one
        "--http-port=18369",
    ]
    if os.environ.get("PGPASSWORD"):
        options.append(f"--db_password={os.environ['PGPASSWORD']}")
    odoo.tools.config.parse_config(options)
    # the registry loads each addon's Python from the paths above
    odoo.modules.module.initialize_sys_path()


def check_postgres(odoo):
    try:
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT 1")
    except Exception as error:  # any connection failure: say where we looked
        config = odoo.tools.config
        sys.exit(
            "run_benchmark: ERROR: PostgreSQL is not reachable at %s:%s as %s (%s)."
            % (config["db_host"], config["db_port"], config["db_user"], error)
        )


def database_exists(odoo, name):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(odoo, name):
    if database_exists(odoo, name):
        odoo.service.db.exp_drop(name)
        _logger.info("dropped %s", name)


def install(odoo, db_name, modules, mode="init"):
    """Install (``mode`` "init") or upgrade ("update") ``modules`` and their
    dependencies in ``db_name``, creating the database if needed; returns the
    registry."""
    config = odoo.tools.config
    if not database_exists(odoo, db_name):
        odoo.service.db._create_empty_database(db_name)
    config[mode] = dict.fromkeys(modules, 1)
    try:
        return odoo.modules.registry.Registry.new(db_name, update_module=True)
    finally:
        config[mode] = {}


def build_databases(odoo, dataset, args, plain_db, ours_db):
    """Plain Odoo and its standard rows first; the ours database is a copy of
    it with our addons installed on top and the renovation rows added (one
    install and one set of standard rows instead of two)."""
    for name in (plain_db, ours_db):
        drop_database(odoo, name)
    started = time.perf_counter()
    registry = install(odoo, plain_db, PLAIN_MODULES)
    progress("installed %s in %.0f s" % (", ".join(PLAIN_MODULES), time.perf_counter() - started))
    dataset.build_standard(registry, args.projects, args.realistic, progress)
    started = time.perf_counter()
    odoo.modules.registry.Registry.delete(plain_db)
    odoo.service.db.exp_duplicate_database(plain_db, ours_db)
    registry = install(odoo, ours_db, OUR_MODULES)
    progress(
        "copied the database and installed %s in %.0f s"
        % (", ".join(OUR_MODULES), time.perf_counter() - started)
    )
    dataset.build_renovation(registry, args.projects, args.realistic, progress)
    for name in (plain_db, ours_db):
        dataset.vacuum_analyze(odoo, name)
    progress("VACUUM ANALYZE done")


def progress(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def machine_facts():
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            mem_kb = int(meminfo.readline().split()[1])
        memory = f", {mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = ""
    return f"{cores} cores{memory}, Python {platform.python_version()}, {platform.system()}"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Scale benchmark of the renovation suite (Odoo 18.0 as a library)."
    )
    parser.add_argument(
        "--projects", type=int, default=10000, help="renovation projects to create (10000)"
    )
    parser.add_argument(
        "--realistic",
        type=int,
        default=None,
        help="projects that go through the real flows (default: 1%% of --projects, "
        "between 20 and 100); the rest is bulk filler",
    )
    parser.add_argument(
        "--db-prefix",
        default="renov_bench",
        help="database name prefix (renov_bench): <prefix>_plain and <prefix>_ours",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases a previous --keep run left, without rebuilding them",
    )
    parser.add_argument("--output", help="also write the Markdown result to this file")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each small operation (5)")
    parser.add_argument(
        "--profile", metavar="DIR", help="write cProfile summaries of the big measurements here"
    )
    parser.add_argument("--log-level", default="warn", help="Odoo log level (warn)")
    args = parser.parse_args(argv)
    if args.projects < 10:
        parser.error("--projects must be at least 10")
    if not args.db_prefix.startswith("renov_bench"):
        parser.error("--db-prefix must start with renov_bench (shared server)")
    if args.realistic is None:
        args.realistic = min(100, max(20, args.projects // 100))
    args.realistic = min(args.realistic, args.projects)
    return args


def main(argv=None):
    args = parse_args(argv)
    odoo = import_odoo()
    configure_odoo(odoo, args)
    check_postgres(odoo)
    import dataset  # noqa: PLC0415 (imports odoo: only once it is known importable)
    import measurements  # noqa: PLC0415

    plain_db, ours_db = f"{args.db_prefix}_plain", f"{args.db_prefix}_ours"
    started = time.perf_counter()
    try:
        if args.reuse:
            for name in (plain_db, ours_db):
                if not database_exists(odoo, name):
                    sys.exit(f"run_benchmark: ERROR: --reuse, but {name} does not exist.")
            # the addons' current code: their tables and data updated first
            install(odoo, ours_db, OUR_MODULES, mode="update")
            for name in (plain_db, ours_db):
                dataset.vacuum_analyze(odoo, name)
            progress(f"reusing {plain_db} and {ours_db} (addons upgraded, VACUUM ANALYZE done)")
        else:
            build_databases(odoo, dataset, args, plain_db, ours_db)
        rows, notes = measurements.run_all(plain_db, ours_db, args, progress)
    finally:
        # --reuse measures databases kept on purpose: never drop them
        if not (args.keep or args.reuse):
            for name in (plain_db, ours_db):
                odoo.modules.registry.Registry.delete(name)
                drop_database(odoo, name)
    header = (
        f"Renovation suite benchmark, {datetime.date.today().isoformat()}: "
        f"{args.projects} projects ({args.realistic} through the real flows), "
        f"{machine_facts()}; total run {time.perf_counter() - started:.0f} s."
    )
    text = measurements.markdown(header, rows, notes)
    print()
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as output:
            output.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
