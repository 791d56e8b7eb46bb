#!/usr/bin/env bash
# Local infrastructure stack for PST Hub, without Docker:
#   PostgreSQL (the distribution's server binaries) + Apache Kafka (KRaft, jars from Maven Central)
#   + Keycloak (an OpenID Connect provider; the Quarkus distribution zip from Maven Central).
#
# Usage: deploy/local/stack.sh up | down [--keep] | status | env
#
#   up       start PostgreSQL, Kafka and Keycloak (idempotent: if all run and are healthy, only
#            prints env) and print the env lines (DATABASE_URL=..., KAFKA_BOOTSTRAP_SERVERS=...,
#            KEYCLOAK_URL=..., KEYCLOAK_ADMIN_USER=..., KEYCLOAK_ADMIN_PASSWORD=...) on stdout
#   down     stop all and delete the state dir (--keep: keep data for a later `up`)
#   status   say what runs; exit 0 when all are up and healthy, 3 otherwise
#   env      print the env lines of the running stack
#
# The env file ($PST_STACK_DIR/env) holds the Keycloak admin password, so it is mode 600.
#
# Environment:
#   PST_STACK_DIR     state dir (default: <repo>/var/stack)
#   PST_CACHE_DIR     download cache (default: ~/.cache/pst-hub); Kafka jars go to kafka-<version>/,
#                     the Keycloak distribution to keycloak-<version>/ (never written after unpacking)
#   PST_PG_OS_USER    OS user that runs postgres when we are root (default: postgres, else pst)
#   PST_KAFKA_HEAP    JVM heap options for the broker (default: -Xms256m -Xmx1g)
#   PST_KAFKA_WAIT    seconds to wait for the broker (default: 90)
#   PST_PG_WAIT       seconds to wait for PostgreSQL (default: 60)
#   PST_KEYCLOAK_HEAP JVM heap options for Keycloak (default: -Xms64m -Xmx512m)
#   PST_KEYCLOAK_WAIT seconds to wait for Keycloak to answer (default: 240)
# Progress goes to stderr as "[stack] ..." lines; only the env lines go to stdout.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE="${PST_STACK_DIR:-$REPO_ROOT/var/stack}"
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J2_CONF="$SCRIPT_DIR/kafka/log4j2.properties"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
CACHE_ROOT="${PST_CACHE_DIR:-${HOME:-/root}/.cache/pst-hub}"
CACHE="$CACHE_ROOT/kafka-$KAFKA_VERSION"
KAFKA_WAIT="${PST_KAFKA_WAIT:-90}"
PG_WAIT="${PST_PG_WAIT:-60}"
KAFKA_HEAP="${PST_KAFKA_HEAP:--Xms256m -Xmx1g}"
KEYCLOAK_VERSION="26.4.7"
KEYCLOAK_ZIP_URL="https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
KC_DIST="$CACHE_ROOT/keycloak-$KEYCLOAK_VERSION"
KC_HEAP="${PST_KEYCLOAK_HEAP:--Xms64m -Xmx512m}"
KC_WAIT="${PST_KEYCLOAK_WAIT:-240}"
KC_ADMIN_USER="admin"

# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
now_us() { local t="$EPOCHREALTIME"; echo "${t/./}"; }
fmt_secs() { local us="$1"; printf '%d.%02ds' "$((us / 1000000))" "$(((us % 1000000) / 10000))"; }
log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
STEP_T0=0
step() { STEP_T0="$(now_us)"; log "$* ..."; }
step_done() { log "$* ($(fmt_secs $(($(now_us) - STEP_T0))))"; }

APT_UPDATED=0
apt_install() {
  [[ $EUID -eq 0 ]] || die "need root to 'apt-get install $*'; install it yourself and retry"
  command -v apt-get >/dev/null || die "no apt-get: install $* yourself and retry"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Prints N distinct free TCP ports on 127.0.0.1 (all bound at once, so they differ).
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# One free port that is none of the stack's assigned ports: Keycloak is launched first and binds
# its port only seconds later, so the kernel could hand the same port out again meanwhile.
pick_port() {
  local p
  while :; do
    p="$(free_ports 1)"
    case " $PG_PORT $KAFKA_PORT $KAFKA_CPORT $KC_PORT " in
    *" $p "*) ;;
    *) break ;;
    esac
  done
  echo "$p"
}

port_is_free() {
  python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is fine
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

# Real Kafka protocol check (no client library needed): ApiVersions to negotiate, then a
# Metadata request; healthy when the broker lists at least one live (unfenced) broker.
kafka_probe() {
  python3 - "$1" "$2" <<'EOF'
import socket, struct, sys

host, port = sys.argv[1], int(sys.argv[2])
CLIENT = b"pst-stack-probe"

def recvn(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by broker")
        buf += chunk
    return buf

def call(sock, api_key, version, corr, body):
    msg = struct.pack(">hhih", api_key, version, corr, len(CLIENT)) + CLIENT + body
    sock.sendall(struct.pack(">i", len(msg)) + msg)
    (size,) = struct.unpack(">i", recvn(sock, 4))
    data = recvn(sock, size)
    (got,) = struct.unpack(">i", data[:4])
    if got != corr:
        raise ValueError("correlation id mismatch")
    return data[4:]

try:
    with socket.create_connection((host, port), timeout=3) as s:
        s.settimeout(5)
        resp = call(s, 18, 0, 1, b"")  # ApiVersions v0
        (err, n) = struct.unpack(">hi", resp[:6])
        if err != 0:
            raise ValueError(f"ApiVersions error {err}")
        ranges = {}
        for i in range(n):
            k, lo, hi = struct.unpack(">hhh", resp[6 + 6 * i: 12 + 6 * i])
            ranges[k] = (lo, hi)
        lo, hi = ranges.get(3, (0, -1))
        v = min(hi, 8)  # newest non-flexible Metadata version
        if v < max(lo, 1):
            raise ValueError(f"no usable Metadata version in {lo}..{hi}")
        body = struct.pack(">i", 0)  # no topics, brokers only
        if v >= 4:
            body += b"\x00"  # allow_auto_topic_creation
        if v >= 8:
            body += b"\x00\x00"  # include cluster/topic authorized operations
        resp = call(s, 3, v, 2, body)
        off = 4 if v >= 3 else 0  # throttle_time_ms
        (nb,) = struct.unpack(">i", resp[off:off + 4]); off += 4
        brokers = []
        for _ in range(nb):
            (node,) = struct.unpack(">i", resp[off:off + 4]); off += 4
            (hl,) = struct.unpack(">h", resp[off:off + 2]); off += 2
            h = resp[off:off + hl].decode(); off += hl
            (p,) = struct.unpack(">i", resp[off:off + 4]); off += 4
            (rl,) = struct.unpack(">h", resp[off:off + 2]); off += 2 + max(rl, 0)
            brokers.append(f"{node}@{h}:{p}")
        if not brokers:
            raise ValueError("metadata lists no live broker yet")
        print(" ".join(brokers))
except Exception as e:  # noqa: BLE001
    print(f"not ready: {e}", file=sys.stderr)
    sys.exit(1)
EOF
}

# True when the process exists and is not a zombie (a killed daemon whose parent is gone may stay
# a zombie when PID 1 does not reap, e.g. in containers).
alive() {
  local pid="$1" st
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  st="$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$st" != "Z" && "$st" != "X" ]]
}

# ----------------------------------------------------------------------------------------------
# state
# ----------------------------------------------------------------------------------------------
PG_PORT="" KAFKA_PORT="" KAFKA_CPORT="" KC_PORT=""
load_ports() {
  if [[ -f "$STATE/ports" ]]; then
    # shellcheck disable=SC1091
    source "$STATE/ports"
  fi
}
save_ports() {
  printf 'PG_PORT=%s\nKAFKA_PORT=%s\nKAFKA_CPORT=%s\nKC_PORT=%s\n' "$PG_PORT" "$KAFKA_PORT" \
    "$KAFKA_CPORT" "$KC_PORT" >"$STATE/ports"
}
# Mode 600 from the start (umask in a subshell): it carries the Keycloak admin password.
write_env() {
  local pw
  pw="$(kc_admin_password)"
  (
    umask 077
    rm -f "$STATE/env.tmp"
    printf 'DATABASE_URL=postgresql://postgres@127.0.0.1:%s/postgres\nKAFKA_BOOTSTRAP_SERVERS=127.0.0.1:%s\n' \
      "$PG_PORT" "$KAFKA_PORT" >"$STATE/env.tmp"
    printf 'KEYCLOAK_URL=%s\nKEYCLOAK_ADMIN_USER=%s\nKEYCLOAK_ADMIN_PASSWORD=%s\n' \
      "$(kc_url)" "$KC_ADMIN_USER" "$pw" >>"$STATE/env.tmp"
  )
  chmod 600 "$STATE/env.tmp"
  mv "$STATE/env.tmp" "$STATE/env"
}

lock_state() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  if ! flock -w 600 9; then die "another stack.sh holds $STATE/.lock"; fi
}

# ----------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------
PG_BIN=""
PG_OS_USER=""
PG_DIR=""

find_pg_bin() {
  local want="${1:-}" d
  if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/postgres" ]]; then
    PG_BIN="/usr/lib/postgresql/$want/bin"
    return 0
  fi
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -n "$d" && -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
    PG_BIN="$d"
    return 0
  fi
  return 1
}

ensure_pg_bin() {
  local want=""
  [[ -f "${PG_DIR:-/nonexistent}/data/PG_VERSION" ]] && want="$(cat "$PG_DIR/data/PG_VERSION")"
  if ! find_pg_bin "$want"; then
    step "PostgreSQL server binaries not found; installing the distribution's package"
    apt_install postgresql
    find_pg_bin "$want" || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin after install"
    step_done "installed PostgreSQL"
  fi
  if [[ -n "$want" && "$PG_BIN" != "/usr/lib/postgresql/$want/"* ]]; then
    die "data dir $PG_DIR/data is PostgreSQL $want but only $PG_BIN is installed; run 'down' to reset"
  fi
}

ensure_pg_user() {
  if [[ $EUID -ne 0 ]]; then
    PG_OS_USER="$(id -un)"
    return
  fi
  PG_OS_USER="${PST_PG_OS_USER:-}"
  if [[ -z "$PG_OS_USER" ]]; then
    if id postgres >/dev/null 2>&1; then PG_OS_USER=postgres; else PG_OS_USER=pst; fi
  fi
  if ! id "$PG_OS_USER" >/dev/null 2>&1; then
    log "creating system user $PG_OS_USER to run postgres (it refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$PG_OS_USER"
  fi
}

as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd / && "$@")
  fi
}

# Decide where the PostgreSQL cluster lives: $STATE/pg, unless the postgres OS user cannot reach
# it (e.g. a state dir under a 0700 home) or the unix socket path would be too long; then a
# directory under /tmp, linked from $STATE/pg.
resolve_pg_dir() {
  if [[ -L "$STATE/pg" ]]; then
    PG_DIR="$(readlink -f "$STATE/pg")"
    return
  fi
  PG_DIR="$STATE/pg"
  local ok=1
  if [[ ! -d "$PG_DIR" ]]; then
    chmod 755 "$STATE" 2>/dev/null || true
    if [[ $EUID -eq 0 ]] && ! as_pg test -x "$STATE"; then ok=0; fi
    # sun_path is 108 bytes: "<dir>/run/.s.PGSQL.65535" must fit.
    if [[ $((${#PG_DIR} + 20)) -gt 100 ]]; then ok=0; fi
  fi
  if [[ $ok -eq 0 ]]; then
    local h
    h="$(printf '%s' "$STATE" | sha1sum | cut -c1-12)"
    PG_DIR="/tmp/pst-stack-pg-$h"
    log "user $PG_OS_USER cannot use $STATE/pg (permissions or socket path length): using $PG_DIR"
    mkdir -p "$PG_DIR"
    ln -sfn "$PG_DIR" "$STATE/pg"
  fi
}

pg_running() {
  [[ -n "$PG_DIR" && -f "$PG_DIR/data/postmaster.pid" ]] || return 1
  local pid
  pid="$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
  alive "$pid"
}

pg_healthy() {
  pg_running || return 1
  [[ -n "$PG_PORT" ]] || return 1
  if [[ -n "$PG_BIN" && -x "$PG_BIN/pg_isready" ]]; then
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -t 3
  else
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -t 3 2>/dev/null
  fi
}

start_pg() {
  ensure_pg_bin
  mkdir -p "$PG_DIR"
  chown "$PG_OS_USER:" "$PG_DIR" 2>/dev/null || true
  chmod 700 "$PG_DIR" 2>/dev/null || true
  if [[ ! -f "$PG_DIR/data/PG_VERSION" ]]; then
    step "initdb ($PG_BIN, as OS user $PG_OS_USER) into $PG_DIR/data"
    rm -rf "$PG_DIR/data"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
      --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
      { tail -n 30 "$PG_DIR/initdb.log" >&2; die "initdb failed (log: $PG_DIR/initdb.log)"; }
    echo "include_if_exists = 'pst_stack.conf'" >>"$PG_DIR/data/postgresql.conf"
    step_done "initdb done"
  fi
  if [[ -z "$PG_PORT" ]] || ! port_is_free "$PG_PORT"; then
    PG_PORT="$(pick_port)"
  fi
  mkdir -p "$PG_DIR/run"
  chown "$PG_OS_USER:" "$PG_DIR/run"
  cat >"$PG_DIR/data/pst_stack.conf" <<EOF
# written by deploy/local/stack.sh at each start: a throw-away test server, durability off.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
EOF
  chown "$PG_OS_USER:" "$PG_DIR/data/pst_stack.conf"
  step "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  # Stale after a crash/kill (pg_running said no); postgres would refuse to start while the dead
  # postmaster's pid still exists (e.g. as a not yet reaped zombie).
  rm -f "$PG_DIR/data/postmaster.pid" "$PG_DIR"/run/.s.PGSQL.*
  if ! as_pg setsid "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t "$PG_WAIT" \
    start >"$PG_DIR/pg_ctl.log" 2>&1 7>&- 8>&- 9>&-; then
    tail -n 30 "$PG_DIR/postgres.log" >&2 2>/dev/null || true
    tail -n 10 "$PG_DIR/pg_ctl.log" >&2 2>/dev/null || true
    die "PostgreSQL did not start within ${PG_WAIT}s (log: $PG_DIR/postgres.log)"
  fi
  local deadline=$((SECONDS + PG_WAIT))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -t 2; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$PG_DIR/postgres.log" >&2 || true
      die "PostgreSQL on 127.0.0.1:$PG_PORT not ready within ${PG_WAIT}s (log: $PG_DIR/postgres.log)"
    fi
    sleep 0.2
  done
  step_done "PostgreSQL ready on 127.0.0.1:$PG_PORT"
}

stop_pg() {
  [[ -n "$PG_DIR" && -d "$PG_DIR/data" ]] || return 0
  pg_running || return 0
  local pid
  pid="$(head -n1 "$PG_DIR/data/postmaster.pid")"
  step "stopping PostgreSQL (pid $pid)"
  local ver=""
  [[ -f "$PG_DIR/data/PG_VERSION" ]] && ver="$(cat "$PG_DIR/data/PG_VERSION")"
  if find_pg_bin "$ver" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    :
  else
    log "pg_ctl stop failed; sending SIGQUIT/SIGKILL to postmaster $pid"
    kill -QUIT "$pid" 2>/dev/null || true
    sleep 2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  step_done "PostgreSQL stopped"
}

# ----------------------------------------------------------------------------------------------
# Java, Maven, Kafka jars
# ----------------------------------------------------------------------------------------------
JAVA=""
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

ensure_java() {
  local j=""
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then j="$JAVA_HOME/bin/java"; fi
  [[ -z "$j" ]] && j="$(command -v java || true)"
  if [[ -n "$j" ]] && [[ "$(java_major "$j")" -ge 17 ]] 2>/dev/null; then
    JAVA="$j"
    return
  fi
  step "no Java >= 17 found; installing openjdk-17-jre-headless"
  apt_install openjdk-17-jre-headless
  j="$(ls -d /usr/lib/jvm/java-17-openjdk-*/bin/java 2>/dev/null | head -n1 || true)"
  [[ -x "$j" ]] || j="$(command -v java || true)"
  [[ -n "$j" ]] || die "java still missing after installing openjdk-17-jre-headless"
  JAVA="$j"
  step_done "installed Java"
}

ensure_mvn() {
  command -v mvn >/dev/null && return
  step "mvn not found; installing maven"
  apt_install maven
  command -v mvn >/dev/null || die "mvn still missing after installing maven"
  step_done "installed Maven"
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

ensure_kafka_jars() {
  local marker="$CACHE/.complete"
  if [[ -f "$marker" && "$(cat "$marker")" == "$(pom_hash)" ]]; then
    log "Kafka $KAFKA_VERSION jars cached in $CACHE"
    return
  fi
  mkdir -p "$CACHE_ROOT"
  exec 8>"$CACHE_ROOT/.kafka-$KAFKA_VERSION.lock"
  flock -w 900 8 || die "timed out waiting for another process filling $CACHE"
  if [[ -f "$marker" && "$(cat "$marker")" == "$(pom_hash)" ]]; then
    exec 8>&-
    return
  fi
  ensure_mvn
  step "resolving Kafka $KAFKA_VERSION jars with Maven into $CACHE"
  local tmp="$CACHE.tmp.$$"
  rm -rf "$tmp"
  # (sed: Maven 3.8's jansi writes colour resets even with -B -q)
  if ! mvn -q -B -ntp -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DoutputDirectory="$tmp" \
    -DincludeScope=runtime 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2; then
    rm -rf "$tmp"
    die "Maven could not resolve $POM"
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "kafka_2.13-$KAFKA_VERSION.jar missing after Maven"
  pom_hash >"$tmp/.complete"
  rm -rf "$CACHE"
  mv "$tmp" "$CACHE"
  exec 8>&-
  step_done "Kafka jars ready ($(ls "$CACHE"/*.jar | wc -l) jars)"
}

# ----------------------------------------------------------------------------------------------
# Kafka
# ----------------------------------------------------------------------------------------------
KDIR="$STATE/kafka"

kafka_pid() {
  local pid
  [[ -f "$KDIR/kafka.pid" ]] || return 1
  pid="$(cat "$KDIR/kafka.pid")"
  alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $KDIR/server.properties" || return 1
  echo "$pid"
}

kafka_healthy() {
  kafka_pid >/dev/null || return 1
  [[ -n "$KAFKA_PORT" ]] || return 1
  kafka_probe 127.0.0.1 "$KAFKA_PORT" >/dev/null 2>&1
}

java_logging_opts() {
  echo "-Dlog4j2.configurationFile=$LOG4J2_CONF -Dkafka.logs.dir=$KDIR/logs"
}

write_server_properties() {
  cat >"$KDIR/server.properties" <<EOF
# written by deploy/local/stack.sh: single combined KRaft node for local development/tests.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CPORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KDIR/data
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.ms=-1
log.retention.bytes=-1
EOF
}

start_kafka() {
  ensure_java
  ensure_kafka_jars
  mkdir -p "$KDIR/data" "$KDIR/logs"
  local formatted=0
  [[ -f "$KDIR/data/meta.properties" ]] && formatted=1
  if [[ -z "$KAFKA_PORT" ]] || ! port_is_free "$KAFKA_PORT"; then
    KAFKA_PORT="$(pick_port)"
  fi
  if [[ -z "$KAFKA_CPORT" ]] || ! port_is_free "$KAFKA_CPORT"; then
    [[ $formatted -eq 1 && -n "$KAFKA_CPORT" ]] &&
      log "WARNING: controller port $KAFKA_CPORT is taken; moving the KRaft controller to a new port"
    KAFKA_CPORT="$(pick_port)"
  fi
  write_server_properties
  # shellcheck disable=SC2046
  if [[ $formatted -eq 0 ]]; then
    step "formatting KRaft storage (standalone controller)"
    local cid
    cid="$(python3 -c 'import base64, uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s); break')"
    echo "$cid" >"$KDIR/cluster.id"
    if ! "$JAVA" -Xmx256m $(java_logging_opts) -cp "$CACHE/*" kafka.tools.StorageTool format \
      --standalone -t "$cid" -c "$KDIR/server.properties" >"$KDIR/format.log" 2>&1; then
      tail -n 30 "$KDIR/format.log" >&2
      die "kafka-storage format failed (log: $KDIR/format.log)"
    fi
    step_done "formatted, cluster id $cid"
  fi
  step "starting Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CPORT"
  rm -f "$KDIR/kafka.pid"
  # setsid: own session, so the broker survives the caller's process group (make, pytest, CI).
  # 8>&- 9>&-: the daemons must not inherit our lock fds (they would hold the locks forever).
  # shellcheck disable=SC2016
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KDIR/kafka.pid" \
    "$JAVA" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    $(java_logging_opts) -cp "$CACHE/*" kafka.Kafka "$KDIR/server.properties" \
    >"$KDIR/kafka.out" 2>&1 </dev/null 7>&- 8>&- 9>&- &
  local deadline=$((SECONDS + KAFKA_WAIT)) brokers
  while :; do
    if brokers="$(kafka_probe 127.0.0.1 "$KAFKA_PORT" 2>/dev/null)"; then
      break
    fi
    if [[ -f "$KDIR/kafka.pid" ]] && ! kafka_pid >/dev/null; then
      tail -n 40 "$KDIR/logs/server.log" >&2 2>/dev/null || true
      tail -n 20 "$KDIR/kafka.out" >&2 2>/dev/null || true
      die "Kafka exited during startup (logs: $KDIR/logs/server.log, $KDIR/kafka.out)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$KDIR/logs/server.log" >&2 2>/dev/null || true
      tail -n 20 "$KDIR/kafka.out" >&2 2>/dev/null || true
      die "Kafka did not answer a metadata request on 127.0.0.1:$KAFKA_PORT within ${KAFKA_WAIT}s (logs: $KDIR/logs/server.log)"
    fi
    sleep 0.5
  done
  step_done "Kafka ready (pid $(cat "$KDIR/kafka.pid"), brokers: $brokers)"
}

stop_kafka() {
  local pid
  pid="$(kafka_pid)" || return 0
  step "stopping Kafka (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "Kafka still alive after 30s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$KDIR/kafka.pid"
  step_done "Kafka stopped"
}

# ----------------------------------------------------------------------------------------------
# Keycloak (OpenID Connect provider, dev mode, dev-file H2 database)
# ----------------------------------------------------------------------------------------------
# The distribution is unpacked once into the cache ($KC_DIST) and pre-built for start-dev there
# (Quarkus re-augments lib/quarkus/ whenever the build profile changes, and the zip ships the
# production build). Each stack runs it from its own home, $KC_HOME: copies of bin/, conf/,
# lib/quarkus/ and lib/quarkus-run.jar, symlinks into the cache for the jars and themes, and its own
# data/ (kc.sh sets kc.home.dir from where kc.sh is, and dev-file keeps H2 in <home>/data/h2).
# So a stack never writes into the cache, and two stacks never share a database.
KCDIR="$STATE/keycloak"
KC_HOME="$KCDIR/home"
KC_T0=0

kc_url() { echo "http://127.0.0.1:$KC_PORT"; }
kc_admin_password() { cat "$KCDIR/admin-password" 2>/dev/null || true; }

# Run kc.sh with only our settings: KC_*/QUARKUS_* from the caller's environment would change
# Keycloak's build options (and so trigger a re-build) or its behaviour.
kc_clean_env() {
  local v
  while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(KC_|QUARKUS_)' || true)
  unset JAVA_OPTS JAVA_OPTS_APPEND JAVA_OPTS_KC_HEAP DEBUG DEBUG_PORT PRINT_ENV
}

fetch_url() { # URL DEST
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1"
  else
    python3 - "$1" "$2" <<'PY'
import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
    shutil.copyfileobj(r, f, 1 << 20)
PY
  fi
}

unzip_to() { # ZIP DIR
  mkdir -p "$2"
  if command -v unzip >/dev/null; then
    unzip -q "$1" -d "$2"
  else
    python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        path = z.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode:
            os.chmod(path, mode)
PY
  fi
}

# Quarkus augmentation for start-dev, without starting the server: kc.sh runs the JVM once, which
# re-builds lib/quarkus/ and exits 10, then kc.sh re-executes $JAVA with -Dkc.config.built=true to
# run the server; this $JAVA wrapper stops right there.
kc_prebuild() {
  local dist="$1" work="$2"
  cat >"$work/prebuild-java.sh" <<WRAP
#!/bin/sh
for a in "\$@"; do
  if [ "\$a" = "-Dkc.config.built=true" ]; then : >"$work/prebuilt"; exit 0; fi
done
exec "$JAVA" "\$@"
WRAP
  chmod +x "$work/prebuild-java.sh"
  step "pre-building Keycloak for start-dev (Quarkus augmentation, once per cache)"
  if ! (
    kc_clean_env
    cd "$work"
    JAVA="$work/prebuild-java.sh" JAVA_OPTS_KC_HEAP="$KC_HEAP" \
      timeout 900 "$dist/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$(free_ports 1)" \
      >"$work/prebuild.log" 2>&1 </dev/null 7>&- 8>&- 9>&-
  ) || [[ ! -f "$work/prebuilt" ]]; then
    tail -n 30 "$work/prebuild.log" >&2 || true
    die "Keycloak pre-build failed (log: $work/prebuild.log)"
  fi
  rm -rf "$dist/data"
  step_done "Keycloak pre-built"
}

ensure_keycloak_dist() {
  local marker="$KC_DIST/.complete"
  if [[ -f "$marker" ]]; then
    log "Keycloak $KEYCLOAK_VERSION cached in $KC_DIST"
    return
  fi
  mkdir -p "$CACHE_ROOT"
  exec 7>"$CACHE_ROOT/.keycloak-$KEYCLOAK_VERSION.lock"
  flock -w 900 7 || die "timed out waiting for another process filling $KC_DIST"
  if [[ -f "$marker" ]]; then
    exec 7>&-
    return
  fi
  ensure_java
  local work="$KC_DIST.tmp.$$" want got
  rm -rf "$KC_DIST".tmp.* # left by an interrupted run (we hold the lock)
  mkdir -p "$work"
  step "downloading Keycloak $KEYCLOAK_VERSION ($KEYCLOAK_ZIP_URL)"
  fetch_url "$KEYCLOAK_ZIP_URL.sha1" "$work/zip.sha1" || die "could not download $KEYCLOAK_ZIP_URL.sha1"
  want="$(awk '{print $1; exit}' "$work/zip.sha1")"
  fetch_url "$KEYCLOAK_ZIP_URL" "$work/keycloak.zip" || die "could not download $KEYCLOAK_ZIP_URL"
  got="$(sha1sum "$work/keycloak.zip" | cut -d' ' -f1)"
  if [[ "$got" != "$want" ]]; then
    rm -rf "$work"
    die "Keycloak zip checksum mismatch: sha1 $got, Maven Central says $want"
  fi
  step_done "downloaded $(($(stat -c %s "$work/keycloak.zip") / 1048576)) MiB, sha1 $got verified"
  step "unpacking Keycloak into $work"
  unzip_to "$work/keycloak.zip" "$work/unpacked"
  rm -f "$work/keycloak.zip"
  local dist="$work/unpacked/keycloak-$KEYCLOAK_VERSION"
  [[ -x "$dist/bin/kc.sh" && -f "$dist/lib/quarkus-run.jar" ]] || die "no bin/kc.sh in the Keycloak zip"
  step_done "unpacked"
  kc_prebuild "$dist" "$work"
  echo "$KEYCLOAK_VERSION" >"$dist/.complete"
  rm -rf "$KC_DIST"
  mv "$dist" "$KC_DIST"
  rm -rf "$work"
  exec 7>&-
}

# (Re)build the stack's Keycloak home from the cache, keeping its data/.
kc_prepare_home() {
  mkdir -p "$KC_HOME/data"
  rm -rf "${KC_HOME:?}/bin" "${KC_HOME:?}/conf" "${KC_HOME:?}/lib" "${KC_HOME:?}/themes" \
    "${KC_HOME:?}/providers"
  cp -R "$KC_DIST/bin" "$KC_DIST/conf" "$KC_DIST/version.txt" "$KC_HOME/"
  mkdir "$KC_HOME/lib"
  cp -R "$KC_DIST/lib/quarkus" "$KC_DIST/lib/quarkus-run.jar" "$KC_HOME/lib/"
  ln -s "$KC_DIST/lib/app" "$KC_HOME/lib/app"
  ln -s "$KC_DIST/lib/lib" "$KC_HOME/lib/lib"
  ln -s "$KC_DIST/themes" "$KC_HOME/themes"
  ln -s "$KC_DIST/providers" "$KC_HOME/providers"
}

# The bootstrap admin is created only with a new database, so its password lives as long as
# the data: a new database gets a new random password, a kept one keeps its password.
kc_ensure_admin_password() {
  local db="$KC_HOME/data/h2/keycloakdb.mv.db"
  if [[ -f "$db" && -s "$KCDIR/admin-password" ]]; then
    return
  fi
  if [[ -f "$db" ]]; then
    log "Keycloak data without its admin password file: starting with a new database"
    rm -rf "${KC_HOME:?}/data"
    mkdir -p "$KC_HOME/data"
  fi
  (
    umask 077
    python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$KCDIR/admin-password"
  )
}

kc_pid() {
  local pid cmd real
  [[ -f "$KCDIR/keycloak.pid" ]] || return 1
  pid="$(cat "$KCDIR/keycloak.pid")"
  alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  real="$(readlink -f "$KC_HOME" 2>/dev/null || echo "$KC_HOME")"
  [[ "$cmd" == *"$KC_HOME/bin/"* || "$cmd" == *"$real/bin/"* ]] || return 1
  echo "$pid"
}

# Healthy: the master realm's discovery document names the issuer we expect.
kc_probe() {
  python3 - "$1" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
try:
    with urllib.request.urlopen(f"{base}/realms/master/.well-known/openid-configuration", timeout=3) as r:
        doc = json.load(r)
    if doc.get("issuer") != f"{base}/realms/master":
        raise ValueError(f"unexpected issuer {doc.get('issuer')!r}")
except Exception as e:  # noqa: BLE001
    print(f"not ready: {e}", file=sys.stderr)
    sys.exit(1)
PY
}

kc_healthy() {
  kc_pid >/dev/null || return 1
  [[ -n "$KC_PORT" && -s "$KCDIR/admin-password" ]] || return 1
  kc_probe "$(kc_url)" 2>/dev/null
}

# Any live (non-zombie) process in process group $1.
group_alive() {
  local pg="$1" f line st grp
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    read -r st _ grp _ <<<"${line##*) }"
    [[ "$grp" == "$pg" && "$st" != "Z" && "$st" != "X" ]] && return 0
  done
  return 1
}

# Starts Keycloak in the background; kc_wait waits for it (so Kafka can start meanwhile).
kc_launch() {
  ensure_java
  ensure_keycloak_dist
  mkdir -p "$KCDIR"
  kc_prepare_home
  kc_ensure_admin_password
  if [[ -z "$KC_PORT" ]] || ! port_is_free "$KC_PORT"; then
    KC_PORT="$(pick_port)"
  fi
  KC_T0="$(now_us)"
  log "starting Keycloak $KEYCLOAK_VERSION (start-dev) on $(kc_url), data $KC_HOME/data"
  rm -f "$KCDIR/keycloak.pid"
  local password
  password="$(kc_admin_password)"
  (
    kc_clean_env
    cd "$KCDIR"
    # setsid: own session and process group (pgid = pid), stopped as a group by kc_stop.
    # shellcheck disable=SC2016
    JAVA="$JAVA" JAVA_OPTS_KC_HEAP="$KC_HEAP" KC_BOOTSTRAP_ADMIN_USERNAME="$KC_ADMIN_USER" \
      KC_BOOTSTRAP_ADMIN_PASSWORD="$password" \
      nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KCDIR/keycloak.pid" \
      "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" \
      --hostname="$(kc_url)" \
      >"$KCDIR/keycloak.out" 2>&1 </dev/null 7>&- 8>&- 9>&- &
  )
}

kc_wait() {
  local deadline=$((SECONDS + KC_WAIT)) note=$((SECONDS + 10))
  while ! kc_probe "$(kc_url)" 2>/dev/null; do
    if [[ -f "$KCDIR/keycloak.pid" ]] && ! kc_pid >/dev/null; then
      tail -n 40 "$KCDIR/keycloak.out" >&2 2>/dev/null || true
      die "Keycloak exited during startup (log: $KCDIR/keycloak.out)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$KCDIR/keycloak.out" >&2 2>/dev/null || true
      die "Keycloak did not answer on $(kc_url) within ${KC_WAIT}s (log: $KCDIR/keycloak.out)"
    fi
    if ((SECONDS >= note)); then
      log "waiting for Keycloak on $(kc_url) ($((($(now_us) - KC_T0) / 1000000))s since launch)"
      note=$((SECONDS + 10))
    fi
    sleep 0.5
  done
  log "Keycloak ready on $(kc_url) (pid $(cat "$KCDIR/keycloak.pid"), $(fmt_secs $(($(now_us) - KC_T0))) since launch)"
}

kc_stop() {
  local pid i
  pid="$(kc_pid)" || return 0
  step "stopping Keycloak (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    group_alive "$pid" || break
    sleep 0.1
  done
  if group_alive "$pid"; then
    log "Keycloak still alive after 30s; SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$KCDIR/keycloak.pid"
  step_done "Keycloak stopped"
}

# ----------------------------------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------------------------------
cmd_up() {
  local t0
  t0="$(now_us)"
  lock_state
  load_ports
  ensure_pg_user
  resolve_pg_dir
  [[ -d "$PG_DIR/data" ]] && find_pg_bin "$(cat "$PG_DIR/data/PG_VERSION" 2>/dev/null || true)" || true
  if [[ -f "$STATE/env" ]] && grep -q '^KEYCLOAK_URL=' "$STATE/env" && pg_healthy && kafka_healthy &&
    kc_healthy; then
    log "already running and healthy (state: $STATE)"
    cat "$STATE/env"
    return 0
  fi
  log "bringing up the stack in $STATE"
  # Keycloak first and in the background: it takes the longest (20-40 s), PostgreSQL and Kafka
  # start meanwhile; kc_wait below waits for it.
  local kc_started=0
  if ! kc_healthy; then
    kc_stop
    kc_launch
    kc_started=1
  else
    log "Keycloak already running on $(kc_url)"
  fi
  save_ports
  if ! pg_healthy; then
    if pg_running; then stop_pg; fi
    start_pg
  else
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  fi
  save_ports
  if ! kafka_healthy; then
    stop_kafka
    start_kafka
  else
    log "Kafka already running on 127.0.0.1:$KAFKA_PORT"
  fi
  [[ $kc_started -eq 1 ]] && kc_wait
  save_ports
  write_env
  log "stack up in $(fmt_secs $(($(now_us) - t0))); env in $STATE/env"
  cat "$STATE/env"
}

cmd_down() {
  local keep=0
  [[ "${1:-}" == "--keep" ]] && keep=1
  if [[ ! -d "$STATE" ]]; then
    log "nothing to stop ($STATE does not exist)"
    return 0
  fi
  lock_state
  load_ports
  ensure_pg_user
  [[ -e "$STATE/pg" ]] && PG_DIR="$(readlink -f "$STATE/pg")"
  kc_stop
  stop_kafka
  stop_pg
  rm -f "$STATE/env"
  if [[ $keep -eq 1 ]]; then
    log "stopped; data kept in $STATE"
  else
    if [[ -L "$STATE/pg" ]]; then rm -rf "$(readlink -f "$STATE/pg")"; fi
    rm -rf "$STATE"
    log "stopped; removed $STATE"
  fi
}

cmd_status() {
  if [[ ! -d "$STATE" ]]; then
    echo "stack: not set up ($STATE does not exist)"
    return 3
  fi
  load_ports
  [[ -e "$STATE/pg" ]] && PG_DIR="$(readlink -f "$STATE/pg")"
  [[ -n "$PG_DIR" && -f "$PG_DIR/data/PG_VERSION" ]] && find_pg_bin "$(cat "$PG_DIR/data/PG_VERSION")" || true
  local rc=0 pid
  if pg_healthy; then
    echo "postgres: running, pid $(head -n1 "$PG_DIR/data/postmaster.pid"), 127.0.0.1:$PG_PORT, data $PG_DIR/data"
  elif pg_running; then
    echo "postgres: process alive but not answering on 127.0.0.1:${PG_PORT:-?}"
    rc=3
  else
    echo "postgres: stopped"
    rc=3
  fi
  if pid="$(kafka_pid)"; then
    if kafka_healthy; then
      echo "kafka: running, pid $pid, 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CPORT), data $KDIR/data"
    else
      echo "kafka: process $pid alive but not answering metadata on 127.0.0.1:${KAFKA_PORT:-?}"
      rc=3
    fi
  else
    echo "kafka: stopped"
    rc=3
  fi
  if pid="$(kc_pid)"; then
    if kc_healthy; then
      echo "keycloak: running, pid $pid, $(kc_url) (admin: $KC_ADMIN_USER, password in $STATE/env), data $KC_HOME/data"
    else
      echo "keycloak: process $pid alive but not answering on $(kc_url)"
      rc=3
    fi
  else
    echo "keycloak: stopped"
    rc=3
  fi
  echo "state: $STATE"
  return $rc
}

cmd_env() {
  [[ -f "$STATE/env" ]] || die "stack not running: no $STATE/env (run: $0 up)"
  cat "$STATE/env"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  env) cmd_env "$@" ;;
  *)
    echo "usage: $0 up | down [--keep] | status | env" >&2
    exit 2
    ;;
  esac
}

main "$@"
