#!/usr/bin/env bash
# Interview Panel local stack, no Docker: real PostgreSQL, Kafka (KRaft) and Keycloak, then the app.
#   deploy/local/stack.sh up      start what is not running yet, wait until each is ready, print URLs
#   deploy/local/stack.sh down    stop exactly what `up` started (by PID)
#   deploy/local/stack.sh status  what runs, on which port
#   deploy/local/stack.sh logs    where the logs are (and tail the app's)
# Needs Java 17+, Maven and Debian's PostgreSQL package. Everything it downloads comes through Maven and is cached
# under ~/.cache/interview-panel; its state (PIDs, logs, data) lives in .local/ at the repository root.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${PANEL_LOCAL_DIR:-$ROOT/.local}
CACHE=${PANEL_CACHE_DIR:-$HOME/.cache/interview-panel}
LOGS=$STATE/logs
PIDS=$STATE/pids
KAFKA_VERSION=4.1.2
KEYCLOAK_VERSION=26.5.6
# Every port and the database can be moved with PANEL_* variables (the stack's own integration test does).
APP_PORT=${PANEL_APP_PORT:-8080} KEYCLOAK_PORT=${PANEL_KEYCLOAK_PORT:-8180}
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
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

psql_admin() { # runs SQL as a superuser on the server at 127.0.0.1:5432, whichever way this machine allows
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

start_postgres() {
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    say "PostgreSQL answers on 127.0.0.1:$PG_PORT"
    ensure_database
    return
  fi
  if alive postgres; then die "the private PostgreSQL cluster runs but does not answer; see $LOGS/postgres.log"; fi
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || die "PostgreSQL is not running on 127.0.0.1:$PG_PORT and not installed (apt-get install postgresql)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (it comes with Debian's postgresql package)"
    run=(runuser -u postgres --)
  fi
  local data=$STATE/pgdata
  if [ ! -s "$data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster in $data"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" "$STATE"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >>"$LOGS/postgres.log" 2>&1
  fi
  say "Starting the private PostgreSQL cluster on 127.0.0.1:$PG_PORT"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$LOGS/postgres.log" 2>/dev/null || true
  launch postgres "${run[@]}" "$bin/postgres" -D "$data" -p "$PG_PORT" -h 127.0.0.1 -k /tmp
  wait_for postgres 60 "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc "select 1 from pg_roles where rolname = '$DB_USER'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create role $DB_USER login password '$DB_PASSWORD'"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAc "select 1 from pg_database where datname = '$DB_NAME'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $DB_NAME owner $DB_USER"
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
  local jar=$ROOT/target/quarkus-app/quarkus-run.jar
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$jar" -print -quit)" ]; then
    say "Building the app (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -B -q package -DskipTests) >>"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"
  fi
  say "Starting the app on http://localhost:$APP_PORT"
  cd "$ROOT"
  launch app java -Dquarkus.profile=local -Dquarkus.http.port="$APP_PORT" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" \
    -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" -Dpanel.keycloak.url="http://localhost:$KEYCLOAK_PORT" \
    -jar "$jar"
  wait_for app 120 curl -fsS "http://localhost:$APP_PORT/q/health/ready"
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
  API docs     http://localhost:$APP_PORT/q/swagger-ui
  Health       http://localhost:$APP_PORT/q/health
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
