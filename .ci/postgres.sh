# Sourced by .ci/run: start a throw-away PostgreSQL for the tests and export
# IMPACT_TEST_POSTGRES_URL (postgresql+asyncpg://impact:impact@127.0.0.1:PORT/impact_test).
# Installs Debian's postgresql package if it is missing (CI runs as root). The server
# lives in a temporary directory, listens on a free loopback port only, and is stopped
# and removed when the calling shell exits.

start_test_postgres() {
    if ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
        echo "ci: installing PostgreSQL from Debian's packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local bin port
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    PG_TMP="$(mktemp -d /tmp/impact-pg.XXXXXX)"
    chown postgres: "$PG_TMP"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    runuser -u postgres -- "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMP/initdb.log"
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -s \
        -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start
    PG_BIN="$bin"
    trap stop_test_postgres EXIT
    runuser -u postgres -- "$bin/psql" -q -X -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE impact LOGIN PASSWORD 'impact' CREATEDB" \
        -c "CREATE DATABASE impact_test OWNER impact"
    export IMPACT_TEST_POSTGRES_URL="postgresql+asyncpg://impact:impact@127.0.0.1:$port/impact_test"
    echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -w -s -m fast stop || true
    rm -rf "$PG_TMP"
}
