#!/usr/bin/env bash
# Starts a local PostgreSQL server for phuluc's SQL exporter tests and prints the URL to use.
#
#   export PHULUC_PG_URL=$(bash scripts/ci/postgres.sh)
#   cargo test -p phuluc-sql
#
# - installs PostgreSQL from Debian packages (apt-get install -y postgresql) when it is missing;
# - creates a cluster if there is none, and starts it on 127.0.0.1 (pg_ctlcluster, which runs
#   the server as the postgres user);
# - creates the role and database `phuluc` (password `phuluc`, UTF-8 with C collation so text
#   sorts byte-wise as in SQLite) if missing.
# Everything goes to stderr except the URL, printed alone on stdout. Idempotent: running it
# again on a started server only prints the URL. Needs root (or sudo-less apt and runuser).
# Overridable: PHULUC_PG_PORT (default: the cluster's port, 5432 for a new one),
# PHULUC_PG_USER / PHULUC_PG_PASSWORD / PHULUC_PG_DB (default phuluc).
set -euo pipefail

user=${PHULUC_PG_USER:-phuluc}
password=${PHULUC_PG_PASSWORD:-phuluc}
db=${PHULUC_PG_DB:-phuluc}
log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster=main
if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
    log "creating cluster $version/$cluster"
    pg_createcluster ${PHULUC_PG_PORT:+--port "$PHULUC_PG_PORT"} "$version" "$cluster" >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')

if [ "$status" != "online" ]; then
    log "starting PostgreSQL $version/$cluster on 127.0.0.1:$port"
    # A stale pid file from a machine that was stopped uncleanly would block the start.
    pg_ctlcluster "$version" "$cluster" start >&2 || {
        log "start failed; the server log says:"
        tail -n 30 "/var/log/postgresql/postgresql-$version-$cluster.log" >&2 || true
        exit 1
    }
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port" >&2

as_postgres() { runuser -u postgres -- "$@"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"; }

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != "1" ]; then
    log "creating role $user"
    psql_admin -c "CREATE ROLE \"$user\" LOGIN PASSWORD '$password'" >&2
else
    psql_admin -c "ALTER ROLE \"$user\" LOGIN PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    log "creating database $db"
    psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$user\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >&2
fi

url="postgresql://$user:$password@127.0.0.1:$port/$db"
# Check the URL itself works (password authentication over TCP).
psql -X -q -v ON_ERROR_STOP=1 -d "$url" -tAc "SELECT 1" >/dev/null
log "ready: $url"
echo "$url"
