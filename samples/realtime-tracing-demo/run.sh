#!/usr/bin/env bash
# Runs the realtime tracing demo: the livespan server and Dev UI, and this app
# with realtime telemetry on, restarted whenever its source changes.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'HELP'
Usage: ./run.sh [--port <n>] [--db <file>] [--no-realtime] [--open]
       (from the repository root: npm start -- --port 4101)

Starts the livespan Dev UI on http://localhost:4000 (or $PORT) and the realtime
tracing demo app with GENKIT_ENABLE_REALTIME_TELEMETRY=true and hot reload.

Environment:
  GEMINI_API_KEY   key for the Gemini model steps (multi_step_flow's summary,
                   llm_chain_flow). Asked for when unset and the terminal is
                   interactive; without it, model steps fail with a clear error
                   and every other step still runs.
  PORT             port of the Dev UI (default 4000)

Pass --no-realtime to compare with ordinary tracing: spans then appear only
when they end. To compare side by side, run a second copy in another terminal
with its own port and database:
  PORT=4100 ./run.sh --no-realtime --db .livespan/no-realtime.db
HELP
}

# Options are checked before anything is asked: a typo fails at once.
port="${PORT:-4000}"
flags=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --port) [[ $# -ge 2 ]] || { echo "run.sh: --port needs a value" >&2; exit 2; }; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --db) [[ $# -ge 2 ]] || { echo "run.sh: --db needs a file" >&2; exit 2; }; flags+=(--db "$2"); shift 2 ;;
    --db=*) flags+=("$1"); shift ;;
    --no-realtime | --open) flags+=("$1"); shift ;;
    *) echo "run.sh: unknown option \"$1\" (run with --help for usage)" >&2; exit 2 ;;
  esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port > 65535)); then
  echo "run.sh: the port must be a whole number from 0 to 65535, got \"$port\"" >&2
  exit 2
fi

if [[ -z "${GEMINI_API_KEY:-}" && -t 0 ]]; then
  read -r -s -p "GEMINI_API_KEY (Enter to skip the model steps): " GEMINI_API_KEY
  echo
  export GEMINI_API_KEY
fi
if [[ -z "${GEMINI_API_KEY:-}" ]]; then
  echo "GEMINI_API_KEY is not set: model steps will fail with a clear error; the other steps run." >&2
fi

export GENKIT_ENABLE_REALTIME_TELEMETRY=true
# livespan prints the Dev UI's URL once it listens; Ctrl+C stops the server and the app.
exec npx --no-install livespan start --port "$port" ${flags[@]+"${flags[@]}"} --watch src -- npx --no-install tsx src/main.ts
