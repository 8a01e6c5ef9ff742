#!/usr/bin/env bash
# `npm run test:pg`: the browser suite against PostgreSQL. (The unit tests run once, in npm test;
# those that need a database use their own SQLite files.)
# Uses PG_TEST_URL, or a fresh database `lectern_test` on 127.0.0.1:5432 (trust auth, as on our
# machines). Starts the local cluster when it is installed but stopped.
set -euo pipefail
base="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
url="${PG_TEST_URL:-postgresql://postgres@127.0.0.1:5432/lectern_test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "== starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || echo "(could not start it: see the message below)"
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432. Install and start it (Debian: apt-get install postgresql)," >&2
  echo "or set PG_TEST_URL to a database Lectern may wipe, then run npm run test:pg again." >&2
  exit 1
fi
if [ -z "${PG_TEST_URL:-}" ]; then
  psql -q "$base" -c "DROP DATABASE IF EXISTS lectern_test WITH (FORCE)" -c "CREATE DATABASE lectern_test"
fi
echo "== browser tests on PostgreSQL ($url)"
E2E_DATABASE_URL="$url" E2E_PORT="${E2E_PORT:-3108}" npx playwright test
