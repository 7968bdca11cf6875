#!/usr/bin/env bash
# Run every test of the renovation suite (the three addons and the end-to-end
# scenarios in tests/) on a fresh PostgreSQL database with a real Odoo 18.0.
#
# Needs: Odoo 18.0 importable by python3 (installed, or its source on
# PYTHONPATH / ODOO_PATH) and a PostgreSQL server (PGHOST, PGPORT, PGUSER;
# default 127.0.0.1:5432, user = current user).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3}
if [[ -n "${ODOO_PATH:-}" ]]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi

fail() { echo "run_tests: ERROR: $*" >&2; exit 2; }

odoo_version=$("$python" -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null) ||
    fail "Odoo is not importable by $python. Install Odoo 18.0 (see README, 'Running the tests') or set ODOO_PATH to an Odoo 18.0 source tree. No test was run."
[[ "$odoo_version" == "18.0" ]] || fail "Odoo $odoo_version found, the suite needs Odoo 18.0."
# standard addons: inside the odoo package (packaged installs) or beside it (source tree)
odoo_addons=$("$python" - <<'PY'
import os, odoo, odoo.addons
root = os.path.dirname(os.path.abspath(odoo.__file__))
candidates = [*odoo.addons.__path__, os.path.join(root, "addons"), os.path.join(root, os.pardir, "addons")]
found = []
for path in map(os.path.realpath, candidates):
    if os.path.isdir(os.path.join(path, "sale_project")) and path not in found:
        found.append(path)
print(",".join(found))
PY
)
[[ -n "$odoo_addons" ]] || fail "Odoo's standard addons (web, sale, project...) were not found next to the odoo package."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)}
[[ "$PGUSER" != "postgres" ]] || fail "Odoo refuses to run as the PostgreSQL superuser 'postgres': set PGUSER to another role."
"$python" - <<'PY' || fail "PostgreSQL is not reachable at $PGHOST:$PGPORT as $PGUSER."
import os, psycopg2
psycopg2.connect(dbname="postgres", host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                 user=os.environ["PGUSER"], password=os.environ.get("PGPASSWORD")).close()
PY

# the docker/ set-up: the compose file must be valid and mount addons that exist
compose="$here/docker/docker-compose.yml"
if command -v docker-compose >/dev/null; then
    docker-compose -f "$compose" config -q || fail "docker/docker-compose.yml is not a valid compose file."
elif docker compose version >/dev/null 2>&1; then
    docker compose -f "$compose" config -q || fail "docker/docker-compose.yml is not a valid compose file."
else
    echo "run_tests: no docker compose here: only the mounted paths of docker/ are checked"
fi
for mount in $(grep -Eo '\.\./[A-Za-z0-9_./-]+:/mnt/extra-addons' "$compose" | cut -d: -f1); do
    [[ -f "$here/docker/$mount/__manifest__.py" ]] || fail "docker/docker-compose.yml mounts $mount, which is not an addon."
done
echo "run_tests: docker/docker-compose.yml checked"

db=${RENOVATION_TEST_DB:-renovation_test_$(date +%s)_$$}
modules=${RENOVATION_TEST_MODULES:-renovation_service,renovation_quality,renovation_aftercare,renovation_e2e}
tags=${RENOVATION_TEST_TAGS:-/renovation_service,/renovation_quality,/renovation_aftercare,/renovation_e2e}
port=${RENOVATION_HTTP_PORT:-18069}
log=$(mktemp -t renovation-tests.XXXXXX.log)
# The post-install tests run in one process per core (at most 4; CI has two),
# each on its own copy of the installed database: Odoo's test runner uses one
# core. Tags given by hand run in one process, as Odoo would run them.
if [[ -n "${RENOVATION_TEST_SHARDS:-}" ]]; then
    shards=$RENOVATION_TEST_SHARDS
elif [[ -n "${RENOVATION_TEST_TAGS:-}" ]]; then
    shards=1
else
    shards=$(nproc 2>/dev/null || echo 1)
fi
((shards <= 4)) || shards=4
((shards >= 1)) || shards=1
dbs=("$db")
for ((i = 1; i < shards; i++)); do dbs+=("${db}_shard$i"); done

connection=(--db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"})
odoo_run=("$python" -m odoo "${connection[@]}" --addons-path="$odoo_addons,$here,$here/tests"
    --stop-after-init --workers=0 --max-cron-threads=0 --log-level=test --log-handler=werkzeug:WARNING)
cleanup() {
    [[ -n "${RENOVATION_KEEP_DB:-}" ]] && return
    for name in "${dbs[@]}"; do
        "$python" -m odoo db "${connection[@]}" drop "$name" >/dev/null 2>&1 ||
            dropdb --if-exists "$name" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT
# the last "N failed, M error(s) of T tests" line Odoo logged in file $1
summary_of() { grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$1" | tail -n 1; }

echo "run_tests: Odoo $odoo_version, database $db, log $log, $shards test process(es)"
set +e
if ((shards == 1)); then
    "${odoo_run[@]}" --database="$db" --init="$modules" --test-enable --test-tags="$tags" \
        --http-port="$port" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    summaries=$(summary_of "$log")
else
    # 1. install, with the at-install tests of the selected modules
    at_install_tags=$(echo "$tags" | sed -E 's#(^|,)/#\1at_install/#g')
    "${odoo_run[@]}" --database="$db" --init="$modules" --test-enable \
        --test-tags="$at_install_tags" --http-port="$port" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    # (the at-install tests, if any ran)
    summaries=$(summary_of "$log" | grep -v ' of 0 tests')
    [[ -z "$summaries" ]] || summaries+=$'\n'
    if ((rc == 0)); then
        phase_start=$(date +%s)
        # 2. a copy of the database (and its filestore) per further process
        for ((i = 1; i < shards; i++)); do
            "$python" -m odoo db "${connection[@]}" --addons-path="$odoo_addons,$here,$here/tests" \
                duplicate -f "$db" "${dbs[i]}" >>"$log" 2>&1 || rc=1
        done
        # 3. the post-install tests, the classes dealt between the processes
        mapfile -t shard_tags < <("$python" "$here/tools/test_shards.py" --shards "$shards" \
            --tags "$tags" "$here" "$here/tests")
        pids=()
        for i in "${!shard_tags[@]}"; do
            "${odoo_run[@]}" --database="${dbs[i]}" --test-enable --test-tags="${shard_tags[i]}" \
                --http-port=$((port + i)) >"$log.$i" 2>&1 &
            pids+=($!)
        done
        for i in "${!pids[@]}"; do
            wait "${pids[i]}" || rc=1
            echo "run_tests: ---- test process $((i + 1)) of ${#pids[@]} ----"
            tee -a "$log" <"$log.$i"
            summary=$(summary_of "$log.$i")
            summaries+=${summary:-no summary}$'\n'
            rm -f "$log.$i"
        done
    fi
fi
set -e
if ((shards == 1)); then
    phase=$(grep -Eo 'post-tests in [0-9.]+s' "$log" | tail -n 1 | grep -Eo '[0-9.]+' || echo "?")
else
    phase=$(($(date +%s) - ${phase_start:-$(date +%s)}))
fi

errors=$(grep -Ec ' (ERROR|CRITICAL) ' "$log" || true)
if [[ -z "$summaries" ]] || grep -q "no summary" <<<"$summaries"; then
    echo "run_tests: no test summary found: the addons did not install or no test ran."
    echo "0 passed, 1 failed"
    exit 1
fi
failed=0 errored=0 total=0
while read -r f e t; do
    failed=$((failed + f)) errored=$((errored + e)) total=$((total + t))
done < <(sed -nE 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests/\1 \2 \3/p' <<<"$summaries")
bad=$((failed + errored))
echo "run_tests: post-install test phase $phase s in $shards process(es)"
echo "run_tests: $failed failed, $errored error(s) of $total tests; $errors ERROR/CRITICAL log line(s); odoo exit code $rc"
echo "tests: $((total - bad)) passed, $bad failed"
if [[ "$total" -eq 0 ]]; then
    echo "run_tests: no test ran"; exit 1
fi
if [[ $rc -ne 0 || $bad -ne 0 || $errors -ne 0 ]]; then
    exit 1
fi
