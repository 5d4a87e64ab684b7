#!/usr/bin/env bash
# The web pages under load, on loopback only, against the real console in a
# private tmux server (examples/web_load.rs is the client side):
#
#   1. 100 pages connected: from a change (a POST to the API, then a key
#      typed into the console) to every page having the new state: median,
#      p95, max; the console's memory with them.
#   2. The console's CPU (every thread, /proc/PID/task/*/schedstat) over
#      SECONDS with 10 pages connected, beside the same console serving no
#      page and one not serving at all.
#   3. The stage page in headless Chromium: when its visible second changes
#      land against the wall clock's boundary.
#   4. The console's own second flips with and without --serve, by
#      bench/probe.sh (shared/tools/timer_probe.py).
#
#   bench/web.sh [SECONDS] [PAGES]    (defaults: 60, 100; needs tmux, python3,
#                                      chromium for part 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
pages=${2:-100}
plan=$root/sessions/plenary-3.toml
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin timekeeper --example web_load
bin=$root/target/release/timekeeper
load=$root/target/release/examples/web_load
work=$(mktemp -d)
sock="tk_web_$$"
tmux=(tmux -L "$sock" -f /dev/null)
cleanup() { "${tmux[@]}" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The console's pid: the pane runs it (directly, or under sh).
console_pid() {
  local pane
  pane=$("${tmux[@]}" list-panes -t "$1" -F '#{pane_pid}')
  pgrep -P "$pane" -x timekeeper || echo "$pane"
}

# CPU of every thread of a process, in nanoseconds.
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {print s}'; }

# Starts a console in tmux session $1 with extra arguments; prints its links.
start_console() {
  local name=$1; shift
  "${tmux[@]}" new-session -d -s "$name" -x 110 -y 32 \
    "$bin run '$plan' --new --runs-dir '$work/runs-$name' $*"
  sleep 1.5
}

links() {
  "${tmux[@]}" send-keys -t "$1" w
  sleep 0.5
  local screen
  screen=$("${tmux[@]}" capture-pane -p -t "$1")
  "${tmux[@]}" send-keys -t "$1" w
  view=$(echo "$screen" | sed -n 's#^Stage: http://[^/]*/s/\([A-Za-z0-9_-]*\).*#\1#p' | head -1)
  control=$(echo "$screen" | sed -n 's#^Remote: http://[^/]*/c/\([A-Za-z0-9_-]*\).*#\1#p' | head -1)
  [ -n "$view" ] && [ -n "$control" ] || { echo "no links on the console:"; echo "$screen"; exit 1; }
}

memory() { grep -E '^(VmRSS|VmHWM)' /proc/"$1"/status | tr -s ' \t' ' ' | tr '\n' ' '; echo; }

echo "== 1. $pages pages: a change to every page"
port=$(free_port)
start_console load "--serve 127.0.0.1:$port"
links load
"${tmux[@]}" send-keys -t load Space
sleep 1
pid=$(console_pid load)
echo "console before the pages: $(memory "$pid")"
"$load" "127.0.0.1:$port" "$view" "$control" latency "$pages" 40
"$load" "127.0.0.1:$port" "$view" "$control" latency "$pages" 20 "$sock" load
echo "console after $pages pages: $(memory "$pid")"
"${tmux[@]}" kill-session -t load

echo
echo "== 2. the console's CPU over $seconds s"
for case in "not serving" "serving, no page" "serving, 10 pages"; do
  port=$(free_port)
  name="cpu$RANDOM"
  case $case in
    "not serving") start_console "$name" ;;
    *) start_console "$name" "--serve 127.0.0.1:$port"; links "$name" ;;
  esac
  "${tmux[@]}" send-keys -t "$name" Space
  sleep 1
  pid=$(console_pid "$name")
  if [ "$case" = "serving, 10 pages" ]; then
    "$load" "127.0.0.1:$port" "$view" "$control" idle 10 $((seconds + 4)) > "$work/idle.txt" &
    loader=$!
    sleep 2
  fi
  before=$(cpu_ns "$pid")
  sleep "$seconds"
  after=$(cpu_ns "$pid")
  python3 -c "print(f'$case: {($after - $before) / 1e6:.1f} ms of CPU in $seconds s = {($after - $before) / ($seconds * 1e9) * 100:.4f} % of a core')"
  if [ "$case" = "serving, 10 pages" ]; then
    wait "$loader"
    sed 's/^/  /' "$work/idle.txt"
    echo "  console: $(memory "$pid")"
  fi
  "${tmux[@]}" kill-session -t "$name"
done

echo
echo "== 3. the stage page's second flips in headless Chromium"
if command -v chromium >/dev/null; then
  port=$(free_port)
  start_console flips "--serve 127.0.0.1:$port"
  links flips
  "${tmux[@]}" send-keys -t flips Space
  "$load" "127.0.0.1:$port" "$view" "$control" flips 30
  "${tmux[@]}" kill-session -t flips
else
  echo "no chromium: not measured (apt-get install -y chromium)"
fi

echo
echo "== 4. the console's own second flips (bench/probe.sh, $seconds s each)"
echo "-- without --serve"
"$root/bench/probe.sh" "$seconds" | grep -E 'second-change|tick interval|cpu'
echo "-- with --serve :0"
TIMEKEEPER_EXTRA_ARGS="--serve :0" "$root/bench/probe.sh" "$seconds" | grep -E 'second-change|tick interval|cpu'
