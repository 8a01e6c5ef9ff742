#!/usr/bin/env bash
# `npm run test:cluster`: the cluster proof (tests/cluster/proof.ts) on a fresh PostgreSQL
# database, once behind HAProxy and once behind nginx (the two examples in deploy/, as
# docs/deploy.md shows them). Needs PostgreSQL on 127.0.0.1:5432 (or PG_CLUSTER_URL), haproxy
# and nginx. CLUSTER_LBS=haproxy runs one of them.
set -euo pipefail
base="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
url="${PG_CLUSTER_URL:-postgresql://postgres@127.0.0.1:5432/lectern_cluster}"
for lb in ${CLUSTER_LBS:-haproxy nginx}; do
  if ! command -v "$lb" >/dev/null && [ ! -x "/usr/sbin/$lb" ]; then
    echo "$lb is missing: sudo apt-get install -y $lb   (or CLUSTER_LBS=<the other one>)" >&2
    exit 1
  fi
done
if [ -z "${PG_CLUSTER_URL:-}" ] && ! psql -q "$base" -c "SELECT 1" >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $base. Start it (Debian: pg_ctlcluster <version> main start) or set PG_ADMIN_URL / PG_CLUSTER_URL." >&2
  exit 1
fi
for lb in ${CLUSTER_LBS:-haproxy nginx}; do
  echo "== the cluster proof behind $lb"
  if [ -z "${PG_CLUSTER_URL:-}" ]; then
    psql -q "$base" -c "DROP DATABASE IF EXISTS lectern_cluster WITH (FORCE)" -c "CREATE DATABASE lectern_cluster"
  fi
  LECTERN_LB="$lb" DATABASE_URL="$url" npx tsx tests/cluster/proof.ts
done
