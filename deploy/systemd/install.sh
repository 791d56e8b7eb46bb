#!/usr/bin/env bash
# Install PST Hub on a Debian office server without containers, as systemd services:
#   sudo bash deploy/systemd/install.sh            # install, enable and start everything
#   sudo bash deploy/systemd/install.sh --no-start # install and enable only
#   bash deploy/systemd/install.sh --root DIR      # only stage the files under DIR (a dry run)
#
# Installs: PostgreSQL (Debian's package, database and role `pst`), Apache Kafka (KRaft, jars
# from Maven Central via deploy/local/kafka/pom.xml) as pst-kafka.service, the hub into
# /opt/pst-hub (dependencies exactly as in uv.lock), its secrets into /etc/pst-hub/hub.env
# (generated once, mode 0600, kept on reinstall) and the units of every role under
# pst-hub.target. Scale consumers: systemctl enable --now pst-hub-consumer@2 (up to the
# topics' partition count, PST_KAFKA_PARTITIONS, default 3).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROOT=""
START=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --no-start) START=0; shift ;;
    *) echo "usage: $0 [--root DIR] [--no-start]" >&2; exit 2 ;;
  esac
done
STAGE_ONLY=0
[[ -n "$ROOT" ]] && STAGE_ONLY=1
OPT="$ROOT/opt/pst-hub" ETC="$ROOT/etc/pst-hub" UNITS="$ROOT/etc/systemd/system"
log() { printf '[install] %s\n' "$*" >&2; }
run() { if [[ $STAGE_ONLY -eq 1 ]]; then log "(staged, not run) $*"; else "$@"; fi; }

if [[ $STAGE_ONLY -eq 0 ]]; then
  [[ $EUID -eq 0 ]] || { echo "run as root (sudo)" >&2; exit 1; }
  log "apt-get install postgresql, Java 17, Maven, Python 3.11"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql openjdk-17-jre-headless maven python3 python3-pip python3-venv
  id pst >/dev/null 2>&1 || useradd --system --home-dir /var/lib/pst-hub --shell /usr/sbin/nologin pst
fi

log "the hub into $OPT"
mkdir -p "$OPT" "$ETC" "$UNITS" "$ROOT/var/lib/pst-hub" "$ROOT/var/lib/pst-kafka/data"
for part in events standard infra hub services deploy pyproject.toml uv.lock README.md; do
  rm -rf "${OPT:?}/$part"
  cp -a "$SRC/$part" "$OPT/$part"
done
run bash -c "cd '$OPT' && python3 -m pip install --quiet --break-system-packages uv==0.13.9 \
  && python3 -m uv sync --frozen --no-dev --no-editable --python python3.11"
run mvn -q -B -ntp -f "$OPT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$OPT/kafka/lib" -DincludeScope=runtime

if [[ ! -f "$ETC/hub.env" ]]; then
  log "generating the secrets into $ETC/hub.env (0600): back it up (hub backup create --env-file)"
  password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
  (
    umask 077
    cat >"$ETC/hub.env" <<ENV
DATABASE_URL=postgresql://pst:${password}@127.0.0.1:5432/pst
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
PST_CIPHER_KEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
PST_VISITOR_REF_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
# Channels and the public address: see docs/configuration.md
# PST_INTAKE_WHATSAPP_VERIFY_TOKEN=
# PST_INTAKE_WHATSAPP_APP_SECRET=
# PST_INTAKE_EMAIL_GATEWAY_KEY=
# PST_FEEDBACK_SURVEY_LINK_TEMPLATE=https://pst.example.go.id/survei/{token}
ENV
  )
  run runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE pst LOGIN PASSWORD '${password}'" -c "CREATE DATABASE pst OWNER pst"
fi
chmod 600 "$ETC/hub.env"
cp "$SRC/deploy/systemd/kafka.properties" "$ETC/kafka.properties"
for unit in "$SRC"/deploy/systemd/*.service "$SRC"/deploy/systemd/*.target; do
  install -m 0644 "$unit" "$UNITS/$(basename "$unit")"
done
run chown -R pst:pst /var/lib/pst-hub /var/lib/pst-kafka
run systemctl daemon-reload
run systemctl enable pst-kafka.service pst-hub.target pst-hub-migrate.service \
  pst-hub-api.service pst-hub-relay.service pst-hub-delivery.service pst-hub-consumer@1.service
if [[ $START -eq 1 ]]; then
  run systemctl start pst-kafka.service pst-hub.target
fi
log "done: systemctl status pst-hub.target; logs: journalctl -u 'pst-hub-*' -f"
