#!/usr/bin/env bash
# Starts the action server and the Rasa server (or a terminal chat with --shell), waits until
# they answer, says where to chat, and stops everything it started on Ctrl-C or on exit.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

mode=${1:-server}
trap stop_services EXIT
trap 'exit 130' INT TERM

start_action_server || exit 1
if [ "$mode" = "--shell" ]; then
  echo "Terminal chat: type a question, /stop to end."
  .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml --port "$RASA_PORT"
  exit $?
fi
start_rasa_server || exit 1
cat <<MSG

The ALL assistant is running.
  Chat over REST:  curl -s -XPOST http://$HOST:$RASA_PORT/webhooks/rest/webhook \\
                     -H 'Content-Type: application/json' -d '{"sender":"me","message":"what is ALL?"}'
  Terminal chat:   make shell   (in another terminal, while this one is stopped)
Press Ctrl-C to stop.
MSG
wait_for_any_service_exit
