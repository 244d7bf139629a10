#!/bin/sh
# Back up the portal's database: one pg_dump in custom format into BACKUP_DIR, named by the time
# it was taken (UTC), and remove backups older than BACKUP_KEEP_DAYS. Needs DATABASE_URL.
# Compose's `backup` service runs it once a day; see the README's "Backups" for cron instead.
set -eu
: "${DATABASE_URL:?set DATABASE_URL}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-35}"
mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
partial="$BACKUP_DIR/.portal-$stamp.dump.partial"
pg_dump --format=custom --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
# Only a finished dump gets its name, so a backup cut short is never taken for a good one.
mv "$partial" "$BACKUP_DIR/portal-$stamp.dump"
find "$BACKUP_DIR" -name 'portal-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "$BACKUP_DIR/portal-$stamp.dump"
