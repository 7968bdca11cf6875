#!/usr/bin/env bash
# Odoo's own tests of the apps the renovation suite extends, run on a fresh
# database where the three addons and their demo data are installed: they must
# pass as they pass without us (a good citizen of project, sale_project,
# account and portal).
#
#   PGUSER=... ./tools/run_peer_tests.sh
#
# Variables: PEER_TEST_TAGS (default below), RENOVATION_TEST_DB, RENOVATION_KEEP_DB=1,
# RENOVATION_HTTP_PORT, as for ./tools/run_tests.sh (which this script calls).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# the post-install tests of the apps we extend (their at-install tests run while
# the app itself is installed, before our addons are: they cannot see us)
default_tags="/project,/sale_project,/portal"
default_tags+=",/account:TestAccountMoveOutInvoiceOnchanges,/account:TestAccountPaymentRegister"
default_tags+=",-at_install"
export RENOVATION_TEST_MODULES="renovation_service,renovation_quality,renovation_aftercare"
export RENOVATION_TEST_TAGS="${PEER_TEST_TAGS:-$default_tags}"
exec "$here/tools/run_tests.sh"
