# Starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 owned by the postgres user and sets
# CACHET_TEST_DATABASE_URL. Sourced by .ci/run; usable by hand: `source scripts/ci-postgres.sh`.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=/tmp/cachet-pg
if ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA status" >/dev/null 2>&1; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA" && chown postgres "$PGDATA"
  su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres" >/dev/null
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -o '-p 55432 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on' -l /tmp/cachet-pg.log -w start" >/dev/null
fi
CACHET_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres
