#!/bin/sh
# Restore a backup made by backup.sh into an empty database: restore.sh FILE TARGET_DATABASE_URL.
# Everything comes back: tables, rows, sequences, and the access log's append-only trigger.
# It refuses a target that already holds the portal's tables, so a restore never mixes two copies.
set -eu
file="${1:?usage: restore.sh FILE TARGET_DATABASE_URL}"
target="${2:?usage: restore.sh FILE TARGET_DATABASE_URL}"
tables="$(psql "$target" --no-align --tuples-only --command \
  "SELECT count(*) FROM information_schema.tables WHERE table_name = 'django_migrations'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database is not empty; restore into a new database" >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" "$file"
echo "restored $file"
