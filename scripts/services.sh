# Shared by scripts/run.sh and the tests' helpers: start, wait for and stop the servers.
# Ports and host come from the environment (Makefile defaults: 5005, 5055, 127.0.0.1).
HOST=${HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/all-assistant.tar.gz}
LOG_DIR=${LOG_DIR:-var/log}
export ACTION_SERVER_URL="http://$HOST:$ACTIONS_PORT/webhook"
export SANIC_HOST=$HOST
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p "$LOG_DIR"
SERVICE_PIDS=()

wait_for_url() {  # url, name, seconds, pid
  local url=$1 name=$2 seconds=$3 pid=$4
  for _ in $(seq "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name stopped while starting; its log ($LOG_DIR) ends with:" >&2
      tail -n 20 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "The $name did not answer on $url within ${seconds}s; see $LOG_DIR/$name.log" >&2
  return 1
}

port_free() {
  ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

start_service() {  # name, port variable, health url, command...
  local name=$1 port_var=$2 url=$3; shift 3
  local port=${!port_var}
  if ! port_free "$port"; then
    echo "Port $port ($name) is already in use on $HOST: stop what uses it, or choose another, e.g. make run $port_var=$((port + 100))" >&2
    return 1
  fi
  echo "Starting the $name on $HOST:$port ..."
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 &
  local pid=$!
  SERVICE_PIDS+=("$pid")
  wait_for_url "$url" "$name" 180 "$pid"
}

start_action_server() {
  start_service action-server ACTIONS_PORT "http://$HOST:$ACTIONS_PORT/health" \
    .venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT"
}

start_rasa_server() {
  start_service rasa-server RASA_PORT "http://$HOST:$RASA_PORT/" \
    .venv/bin/rasa run --model "$MODEL" --interface "$HOST" --port "$RASA_PORT" \
    --endpoints endpoints.yml --credentials credentials.yml ${RASA_CORS:+--cors $RASA_CORS}
}

stop_services() {
  local pid
  for pid in "${SERVICE_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in "${SERVICE_PIDS[@]}"; do
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  SERVICE_PIDS=()
}

wait_for_any_service_exit() {
  wait -n "${SERVICE_PIDS[@]}"
}
