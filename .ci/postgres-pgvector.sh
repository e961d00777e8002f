#!/usr/bin/env bash
# Install PostgreSQL 15 (Debian bookworm) and build pgvector from Debian trixie's source package
# (bookworm has no pgvector package), then start a throwaway cluster on loopback.
# Prints the DATABASE_URL on its last line. Run as root.
set -euo pipefail
PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
PGROOT=${PGROOT:-/tmp/switchback-pg}
PGPORT=${PGPORT:-54329}
WORK=${WORK:-/tmp/pgvector-build}
export DEBIAN_FRONTEND=noninteractive

if [ ! -f "$PGBIN/postgres" ] || [ ! -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; then
  apt-get update >/dev/null
  apt-get install -y --no-install-recommends postgresql-$PG_MAJOR postgresql-client-$PG_MAJOR \
    postgresql-server-dev-$PG_MAJOR build-essential ca-certificates dpkg-dev >/dev/null
  rm -rf "$WORK"
  mkdir -p "$WORK/apt/parts" "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"
  cat > "$WORK/apt/parts/trixie-src.sources" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  APTO=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$WORK/apt/parts"
        -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache="$WORK/apt/cache")
  apt-get "${APTO[@]}" update >/dev/null
  ( cd "$WORK" && apt-get "${APTO[@]}" source --download-only pgvector >/dev/null && dpkg-source -x pgvector_*.dsc pgvector-src >/dev/null )
  make -C "$WORK/pgvector-src" -j"$(nproc)" PG_CONFIG=$PGBIN/pg_config >/dev/null
  make -C "$WORK/pgvector-src" install PG_CONFIG=$PGBIN/pg_config >/dev/null
fi

if ! runuser -u postgres -- $PGBIN/pg_ctl -D "$PGROOT/data" status >/dev/null 2>&1; then
  rm -rf "$PGROOT"
  install -d -o postgres -g postgres "$PGROOT" "$PGROOT/data" "$PGROOT/run"
  runuser -u postgres -- $PGBIN/initdb -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- $PGBIN/pg_ctl -D "$PGROOT/data" -l "$PGROOT/run/postgres.log" \
    -o "-p $PGPORT -k $PGROOT/run -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=1GB" -w start >/dev/null
  psql -X -q -h 127.0.0.1 -p $PGPORT -U postgres -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB;
CREATE DATABASE app OWNER app;
\c app
CREATE EXTENSION IF NOT EXISTS vector;
SQL
fi
echo "postgres://app:app@127.0.0.1:$PGPORT/app"
