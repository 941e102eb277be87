# Sourced by .ci/run: make sure a local PostgreSQL answers, create the `diplohub` database
# and export DATABASE_URL for it (the tests make their own test_diplohub, the benchmark its
# own diplohub_bench_<N> on the same server).
# Starts the cluster when it is down; prefers passwordless TCP, then the Unix socket, and as
# a last resort sets a password for the postgres user.
pg_version=$(ls /etc/postgresql | sort -n | tail -n 1)
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
db=diplohub
if psql -w "postgres://postgres@127.0.0.1:5432/postgres" -qAtc 'select 1' >/dev/null 2>&1; then
  admin_url="postgres://postgres@127.0.0.1:5432/postgres"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
elif psql -w "postgres://postgres@/postgres?host=/var/run/postgresql" -qAtc 'select 1' \
  >/dev/null 2>&1; then
  admin_url="postgres://postgres@/postgres?host=/var/run/postgresql"
  export DATABASE_URL="postgres://postgres@/$db?host=/var/run/postgresql"
else
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
  admin_url="postgres://postgres:postgres@127.0.0.1:5432/postgres"
  export DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/$db"
fi
if [ "$(psql -w "$admin_url" -qAtc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
  psql -w "$admin_url" -qc "CREATE DATABASE $db"
fi
