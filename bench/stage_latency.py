#!/usr/bin/env python3
"""Console-to-stage latency: how long after `n` in the console the stage view
(`timekeeper stage`, a second process following the journal) shows the next
speaker, and how long after Enter in the message prompt it shows the message.

Runs both in panes of a private tmux server, presses `n` in the console N
times (0.7 s apart, past the console's key-repeat guard) and polls the stage
pane until the new speaker's name appears. Prints the median, p90 and max.
The figure includes one capture-pane round trip (printed too), so it is an
upper bound.

    bench/stage_latency.py [PRESSES]        (default 20; needs tmux, cargo)
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
presses = int(sys.argv[1]) if len(sys.argv) > 1 else 20
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
binary = os.path.join(root, "target", "release", "timekeeper")
work = tempfile.mkdtemp()
plan = os.path.join(work, "relay.toml")
with open(plan, "w") as f:
    f.write('title = "Relay"\n')
    for i in range(1, presses + 3):
        f.write(f'[[segments]]\ntitle = "Item {i}"\nspeaker = "Speaker{i:03d}"\nduration = "5m"\n')
sock = f"tk_stage_{os.getpid()}"
tmux = ["tmux", "-L", sock, "-f", "/dev/null"]

def sh(*args):
    return subprocess.run(tmux + list(args), capture_output=True, text=True, check=True).stdout

def capture(target):
    return sh("capture-pane", "-p", "-t", target)

def wait(target, needle, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if needle in capture(target):
            return time.monotonic()
        time.sleep(0.001)
    raise SystemExit(f"{needle!r} never appeared in {target}:\n{capture(target)}")

try:
    runs = os.path.join(work, "runs")
    sh("new-session", "-d", "-s", "b", "-x", "100", "-y", "30",
       f"cd {work} && {binary} run {plan} --new --runs-dir {runs}")
    wait("b:0", "READY")
    sh("send-keys", "-t", "b:0", "Space")
    wait("b:0", "ON TIME")
    sh("new-window", "-t", "b:1", f"cd {work} && {binary} stage --runs-dir {runs}")
    wait("b:1", "Speaker001")
    t = time.monotonic(); capture("b:1"); capture_ms = (time.monotonic() - t) * 1000
    latencies = []
    for k in range(2, presses + 2):
        time.sleep(0.7)
        sent = time.monotonic()
        sh("send-keys", "-t", "b:0", "n")
        seen = wait("b:1", f"Speaker{k:03d}")
        latencies.append((seen - sent) * 1000)
    messages = []
    for k in range(presses):
        time.sleep(0.7)
        sh("send-keys", "-t", "b:0", "m")
        wait("b:0", "Message to the speaker")
        sh("send-keys", "-t", "b:0", "-l", f"note{k:03d}")
        wait("b:0", f"> note{k:03d}")
        sent = time.monotonic()
        sh("send-keys", "-t", "b:0", "Enter")
        seen = wait("b:1", f"note{k:03d}")
        messages.append((seen - sent) * 1000)

    def line(what, values):
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"{what}, {len(values)} times: median {statistics.median(values):.1f} ms, "
              f"p90 {p90:.1f} ms, max {max(values):.1f} ms "
              f"(one capture-pane round trip: {capture_ms:.1f} ms)")

    line("console n -> stage shows next speaker", latencies)
    line("console Enter on a message -> stage shows it", messages)
finally:
    subprocess.run(tmux + ["kill-server"], capture_output=True)
    shutil.rmtree(work, ignore_errors=True)
