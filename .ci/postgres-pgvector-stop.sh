#!/usr/bin/env bash
set -euo pipefail
PGROOT=${PGROOT:-/tmp/switchback-pg}
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGROOT/data" -m fast -w stop >/dev/null
