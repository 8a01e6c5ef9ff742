#!/usr/bin/env bash
# `npm run test:cluster`: the cluster proof (tests/cluster/proof.ts) on a fresh PostgreSQL
# database behind HAProxy. Needs PostgreSQL on 127.0.0.1:5432 (or PG_CLUSTER_URL) and haproxy.
set -euo pipefail
base="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
url="${PG_CLUSTER_URL:-postgresql://postgres@127.0.0.1:5432/lectern_cluster}"
if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
  echo "haproxy is missing: sudo apt-get install -y haproxy" >&2
  exit 1
fi
if [ -z "${PG_CLUSTER_URL:-}" ]; then
  psql -q "$base" -c "DROP DATABASE IF EXISTS lectern_cluster WITH (FORCE)" -c "CREATE DATABASE lectern_cluster"
fi
DATABASE_URL="$url" npx tsx tests/cluster/proof.ts
