#!/usr/bin/env python3
"""The idle console's CPU beside the floor of any once-a-second terminal clock.

    bench/idle_floor.py [--seconds 30] [--rounds 3] [--size 100x30] [--plan PLAN] [BIN...]

    cargo build --profile dist && cargo build --release --example once_a_second
    bench/idle_floor.py target/dist/timekeeper

Each round runs, one after the other in a private tmux server at SIZE,
each console counting down the plan (BIN..., by default
target/dist/timekeeper)
and examples/once_a_second (a loop that sleeps to each wall-clock second and
writes a frame of the console's size, without a terminal library, a buffer
or a diff), each measured over SECONDS from its thread's schedstat (CPU to
the nanosecond, kernel time included) after 3 s of settling. Prints each
round and the medians: what the console spends above the floor is what
drawing a frame costs it; the floor is what the kernel, the wake-up and the
terminal's bytes cost anything that ticks once a second on this machine.
Stdlib only; needs tmux.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_ns(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass
    return total


def idle_cpu(command, seconds, size, start_key=None):
    """Percent of a core `command` uses over `seconds` in a tmux of `size` (a
    server of its own each time: one being shut down cannot be reused)."""
    idle_cpu.servers = getattr(idle_cpu, "servers", 0) + 1
    tmux = ["tmux", "-L", f"tk_floor_{os.getpid()}_{idle_cpu.servers}", "-f", "/dev/null"]
    try:
        subprocess.run(tmux + ["new-session", "-d", "-s", "f", "-x", size[0], "-y", size[1],
                               "exec " + command],
                       check=True)
        time.sleep(1.5)
        if start_key:
            subprocess.run(tmux + ["send-keys", "-t", "f", start_key], check=True)
        time.sleep(3)
        pid = int(subprocess.run(tmux + ["list-panes", "-t", "f", "-F", "#{pane_pid}"],
                                 capture_output=True, text=True, check=True).stdout.strip())
        before, t0 = cpu_ns(pid), time.monotonic()
        time.sleep(seconds)
        after, t1 = cpu_ns(pid), time.monotonic()
        return (after - before) / ((t1 - t0) * 1e9) * 100
    finally:
        subprocess.run(tmux + ["kill-server"], check=False, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="100x30", help="the terminal, COLSxROWS")
    parser.add_argument("--plan", default=os.path.join(ROOT, "sessions", "plenary-3.toml"))
    parser.add_argument("binaries", nargs="*", default=[os.path.join(ROOT, "target", "dist", "timekeeper")])
    args = parser.parse_args()
    floor = os.path.join(ROOT, "target", "release", "examples", "once_a_second")
    if not os.path.exists(floor):
        raise SystemExit("build the floor first: cargo build --release --example once_a_second")
    size = args.size.split("x")
    figures = {binary: [] for binary in args.binaries}
    ticks = []
    with tempfile.TemporaryDirectory() as work:
        for r in range(args.rounds):
            said = []
            for i, binary in enumerate(args.binaries):
                runs = os.path.join(work, f"runs-{r}-{i}")
                figures[binary].append(idle_cpu(f"{binary} run '{args.plan}' --new --runs-dir '{runs}'",
                                                args.seconds, size, "Space"))
                said.append(f"{binary} {figures[binary][-1]:.4f} %")
            ticks.append(idle_cpu(floor, args.seconds, size))
            print(f"round {r + 1}: " + ", ".join(said) + f", floor {ticks[-1]:.4f} % of a core")
    f = statistics.median(ticks)
    print(f"medians of {args.rounds} x {args.seconds} s at {args.size} (load average {os.getloadavg()[0]:.2f}): "
          f"once-a-second floor {f:.4f} % of a core")
    for binary, values in figures.items():
        c = statistics.median(values)
        print(f"  {binary}: {c:.4f} %, {c - f:.4f} % above the floor")


if __name__ == "__main__":
    main()
