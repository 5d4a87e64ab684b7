#!/usr/bin/env bash
# Whole-process figures for the live console, measured from outside in tmux
# with shared/tools/timer_probe.py: startup to first frame, CPU, peak memory,
# and when each visible second change lands against the true wall-clock
# second boundary (median and max offset, drift over the run).
#
#   bench/probe.sh [SECONDS] [PLAN]      (defaults: 60, sessions/plenary-3.toml)
#   TIMEKEEPER_BIN=/path/to/timekeeper bench/probe.sh   (measure another build)
#   TIMEKEEPER_EXTRA_ARGS="--serve :0" bench/probe.sh    (with more options)
#
# Needs tmux and python3. Prints the probe's JSON line to probe.json in a
# temporary directory and a short summary to stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
plan=${2:-$root/sessions/plenary-3.toml}
# The probe: $TIMER_PROBE, else shared/tools beside this checkout (or beside
# the main checkout of a git worktree), else on PATH.
find_probe() {
  [ -n "${TIMER_PROBE:-}" ] && { echo "$TIMER_PROBE"; return; }
  local common
  common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  for candidate in "$root/../shared/tools/timer_probe.py" \
                   ${common:+"$(dirname "$common")/../shared/tools/timer_probe.py"}; do
    [ -f "$candidate" ] && { echo "$candidate"; return; }
  done
  command -v timer_probe.py || true
}
probe=$(find_probe)
[ -n "$probe" ] && [ -f "$probe" ] || {
  echo "timer_probe.py not found: it lives in the project's shared/tools folder beside this checkout;" >&2
  echo "set TIMER_PROBE=/path/to/timer_probe.py or put it on PATH" >&2
  exit 1
}

# The binary to measure: $TIMEKEEPER_BIN (to compare two builds), else this
# checkout's release build.
bin=${TIMEKEEPER_BIN:-$root/target/release/timekeeper}
extra=${TIMEKEEPER_EXTRA_ARGS:-}
[ -n "${TIMEKEEPER_BIN:-}" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml"
# Absolute: the runs happen in a directory of their own (a relative path
# given left the console unstarted, and only tmux's "no server running").
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$probe" --duration "$seconds" --start-keys Space --no-resize \
  --frames-out "$work/frames.jsonl" --label timekeeper \
  "$bin run '$plan' --new --runs-dir '$work/runs' $extra" > "$work/probe.json"

# CPU to the nanosecond (the probe's figure counts 10 ms scheduler ticks):
# the console's own sum_exec_runtime from /proc/PID/schedstat over the run.
tmux -L "tk_cpu_$$" -f /dev/null new-session -d -s cpu -x 100 -y 30 \
  "$bin run '$plan' --new --runs-dir '$work/runs-cpu' $extra"
sleep 1
tmux -L "tk_cpu_$$" send-keys -t cpu Space
sleep 1
pid=$(tmux -L "tk_cpu_$$" list-panes -t cpu -F '#{pane_pid}')
before=$(awk '{print $1}' "/proc/$pid/schedstat")
sleep "$seconds"
after=$(awk '{print $1}' "/proc/$pid/schedstat")
tmux -L "tk_cpu_$$" kill-server
python3 -c "print(f'cpu (schedstat) {($after - $before) / 1e6:.1f} ms in $seconds s = {($after - $before) / ($seconds * 1e9) * 100:.4f} % of a core')"

python3 - "$work/probe.json" "$work/frames.jsonl" <<'PY'
import json, statistics, sys
probe = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
frames = [json.loads(line) for line in open(sys.argv[2])]
t0 = probe["t0_wall"]
keys_ms = probe["startup"].get("keys_sent_ms") or 0
# Offset of each frame after the start keys from the nearest wall second
# boundary: positive = after the boundary. The frame the keys caused is not a
# tick, so frames within 50 ms after the keys are left out.
offsets, times = [], []
for f in frames:
    if f["t_ms"] <= keys_ms + 50:
        continue
    wall = t0 + f["t_ms"] / 1000
    frac = (wall % 1) * 1000
    off = frac if frac < 500 else frac - 1000
    offsets.append(off)
    times.append(f["t_ms"] / 1000)
n = len(offsets)
slope = 0.0
if n > 2:
    mt, mo = statistics.fmean(times), statistics.fmean(offsets)
    den = sum((t - mt) ** 2 for t in times)
    slope = sum((t - mt) * (o - mo) for t, o in zip(times, offsets)) / den * 60 if den else 0.0
print(f"frames after start: {n}")
print(f"second-change offset from the wall boundary: median {statistics.median(offsets):.2f} ms, "
      f"max |offset| {max(abs(o) for o in offsets):.2f} ms, drift {slope:+.2f} ms/min")
print(f"tick interval median {probe['interval_ms']['median']} ms, missed {probe['missed_ticks']}, extra {probe['extra_ticks']}")
print(f"startup to first frame: {probe['startup']['first_frame_ms']} ms; keys to change {probe['startup'].get('keys_to_first_change_ms')} ms")
print(f"cpu steady {probe['cpu']['steady_pct']} % of a core ({probe['cpu']['total_cpu_s']} s in {probe['duration_s']} s); peak RSS {probe['memory']['peak_rss_mib']} MiB")
print(f"output {probe['output']['bytes_per_s']} B/s in {probe['output']['bursts_per_s']} bursts/s; machine busy {probe['machine']['busy_pct']} %")
PY
