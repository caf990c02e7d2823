#!/usr/bin/env bash
# Start (or check) the services Palantrix needs on this machine, each only if it is not
# already answering: PostgreSQL and Redis (started when installed locally), the local
# S3 server (ministack, in its own virtual environment) and the SMTP sink.
#   scripts/services.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."

VAR=var
MINISTACK_VENV=.services/ministack
S3_PORT=${S3_PORT:-4566}
SMTP_PORT=${SMTP_PORT:-1025}
PY=${VENV:-.venv}/bin/python
mkdir -p "$VAR/log" "$VAR/run" "$VAR/s3/data" "$VAR/s3/state" "$VAR/s3/tmp" "$VAR/mail"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done
  echo "$2 did not start on port $1; see $VAR/log/$3.log" >&2; return 1
}

start_postgres() {
  port_open 5432 && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    wait_port 5432 PostgreSQL postgresql
  else
    echo "PostgreSQL is not running on 127.0.0.1:5432 and is not installed here." >&2
    echo "Install it (apt-get install postgresql) or run: docker compose up -d postgres" >&2
    return 1
  fi
}

start_redis() {
  port_open 6379 && return 0
  if command -v redis-server >/dev/null; then
    echo "Starting Redis…"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --logfile "$PWD/$VAR/log/redis.log"
    wait_port 6379 Redis redis
  else
    echo "Redis is not running on 127.0.0.1:6379 and is not installed here." >&2
    echo "Install it (apt-get install redis-server) or run: docker compose up -d redis" >&2
    return 1
  fi
}

start_s3() {
  port_open "$S3_PORT" && return 0
  if [ ! "$MINISTACK_VENV/.installed" -nt requirements/ministack.txt ]; then
    echo "Installing the local S3 server (requirements/ministack.txt) in $MINISTACK_VENV…"
    test -x "$MINISTACK_VENV/bin/python" || python3 -m venv "$MINISTACK_VENV"
    "$MINISTACK_VENV/bin/python" scripts/install_locked.py requirements/ministack.txt
    touch "$MINISTACK_VENV/.installed"
  fi
  echo "Starting the local S3 server on 127.0.0.1:$S3_PORT…"
  # AUTH=true makes it check every signature; BIND_HOST keeps it on loopback.
  SERVICES=s3 BIND_HOST=127.0.0.1 GATEWAY_PORT="$S3_PORT" AUTH=true \
    S3_PERSIST=1 S3_DATA_DIR="$PWD/$VAR/s3/data" PERSIST_STATE=1 STATE_DIR="$PWD/$VAR/s3/state" \
    TMPDIR="$PWD/$VAR/s3/tmp" \
    AWS_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-palantrix-local}" \
    AWS_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-palantrix-local-secret}" \
    setsid nohup "$MINISTACK_VENV/bin/ministack" >"$VAR/log/s3.log" 2>&1 < /dev/null &
  echo $! >"$VAR/run/s3.pid"
  wait_port "$S3_PORT" "The S3 server" s3
}

start_smtp() {
  port_open "$SMTP_PORT" && return 0
  echo "Starting the SMTP sink on 127.0.0.1:$SMTP_PORT (messages in $VAR/mail)…"
  setsid nohup "$PY" -m palantrix.mailsink --port "$SMTP_PORT" --dir "$VAR/mail" \
    >"$VAR/log/smtp.log" 2>&1 < /dev/null &
  echo $! >"$VAR/run/smtp.pid"
  wait_port "$SMTP_PORT" "The SMTP sink" smtp
}

stop_one() {
  local pidfile="$VAR/run/$1.pid"
  if [ -f "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
    echo "Stopped $1."
  fi
}

status() {
  for entry in "PostgreSQL:5432" "Redis:6379" "S3:$S3_PORT" "SMTP sink:$SMTP_PORT"; do
    if port_open "${entry##*:}"; then echo "up    ${entry%%:*}"; else echo "down  ${entry%%:*}"; fi
  done
}

case "${1:-start}" in
  start) start_postgres; start_redis; start_s3; start_smtp ;;
  stop) stop_one s3; stop_one smtp ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
