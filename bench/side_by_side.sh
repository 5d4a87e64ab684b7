#!/usr/bin/env bash
# The idle console of several builds running at once, each in its own tmux
# pane, over the same window: the machine's load falls on all alike, which
# alternating runs cannot promise. Prints each build's CPU (its main
# thread's sum_exec_runtime from /proc/PID/schedstat over SECONDS, as
# bench/probe.sh does) and its peak RSS (VmHWM).
#
#   bench/side_by_side.sh SECONDS BIN [BIN...]
#
# Needs tmux and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=$1
shift
plan=$root/sessions/plenary-3.toml
work=$(mktemp -d)
tmux=(tmux -L "tk_side_$$" -f /dev/null)
trap '"${tmux[@]}" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
i=0
for bin in "$@"; do
  "${tmux[@]}" new-session -d -s "s$i" -x 110 -y 32 \
    "exec $bin run '$plan' --new --runs-dir '$work/runs-$i'"
  i=$((i + 1))
done
sleep 2
for ((i = 0; i < $#; i++)); do "${tmux[@]}" send-keys -t "s$i" Space; done
sleep 2
pids=() before=()
for ((i = 0; i < $#; i++)); do
  pids[i]=$("${tmux[@]}" list-panes -t "s$i" -F '#{pane_pid}')
  before[i]=$(awk '{print $1}' "/proc/${pids[i]}/schedstat")
done
sleep "$seconds"
i=0
for bin in "$@"; do
  after=$(awk '{print $1}' "/proc/${pids[i]}/schedstat")
  peak=$(awk '/^VmHWM/ {print $2}' "/proc/${pids[i]}/status")
  python3 -c "print(f'$bin: {($after - ${before[i]}) / ($seconds * 1e9) * 100:.4f} % of a core, peak RSS {$peak / 1024:.2f} MiB')"
  i=$((i + 1))
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
