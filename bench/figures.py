#!/usr/bin/env python3
"""Every figure of issue 26 for one or more builds, side by side in one run.

    bench/figures.py [--seconds 60] [--pages 10] [--settle 20] [--starts 9] [--plan PLAN]
                     [--label NAME]... BIN [BIN...]

    cargo build --profile dist && bench/figures.py target/dist/timekeeper
    bench/figures.py --label before --label after OLD_BIN target/dist/timekeeper

For each binary, alternating so that the machine's load falls on all alike:

  binary       size on disk (bytes; MB = 10^6)
  check        `check PLAN` start-up: median wall time of 21 runs (the
               harness's floor, /bin/true, is printed with the table), and
               peak RSS (/usr/bin/time)
  console      bench/probe.sh (shared/tools/timer_probe.py in tmux):
               second-flip offsets from the wall boundary, idle CPU
               (schedstat of the console over SECONDS), peak RSS; and the
               first frame: median and max of STARTS more starts of the
               probe alone (one start is too noisy a sample)
  serve        `run --serve` with PAGES stage pages idle in headless Chromium
               (/usr/bin/chromium or $CHROMIUM): the console's CPU over
               SECONDS (every thread, /proc/PID/task/*/schedstat), its RSS
               and peak RSS, and each page's idle traffic (bytes both ways on
               the server's port, from the kernel's tcp_info via `ss`,
               sampled every 0.5 s, so connections that come and go are
               counted too) and new connections per minute. The window
               opens SETTLE seconds after the pages connect: a page syncs
               its clock at once, 15 s later, then after 30, 60, 120, 240
               and every 300 s while the offset holds (common.js), so
               --settle 50 --seconds 50 is the steady state between syncs,
               and the default (20) holds the third sync.

Prints one table, and the size of the static musl binary when it has been
built (`cargo build --profile dist --target x86_64-unknown-linux-musl`);
the README's figures come from it. Stdlib only; needs
tmux, ss (iproute2) and chromium.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {
    "binary MB": "<= 6",
    "check start-up ms": "<= 5",
    "check peak RSS MiB": "",
    "console first frame ms": "<= 5",
    "console first frame max ms": "",
    "console flip median ms": "<= 5",
    "console flip max ms": "",
    "console idle CPU %": "<= 0.03",
    "console peak RSS MiB": "<= 5.0",
    "serve+pages CPU %": "<= 0.05",
    "  web threads CPU %": "",
    "serve+pages RSS MiB": "<= 9",
    "serve+pages peak RSS MiB": "",
    "page idle B/min": "",
    "page new conns/min": "",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def startup_ms(command, runs=21):
    """Median wall time from spawn to exit of `command`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed")
    return statistics.median(times)


def peak_rss_mib(command):
    """Peak RSS of `command` by /usr/bin/time (the harness's own is not in it)."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def find_probe():
    """shared/tools/timer_probe.py, where bench/probe.sh looks for it."""
    if os.environ.get("TIMER_PROBE"):
        return os.environ["TIMER_PROBE"]
    common = subprocess.run(["git", "-C", ROOT, "rev-parse", "--path-format=absolute",
                             "--git-common-dir"], capture_output=True, text=True).stdout.strip()
    for candidate in [os.path.join(ROOT, "..", "shared", "tools", "timer_probe.py")] + (
            [os.path.join(os.path.dirname(common), "..", "shared", "tools", "timer_probe.py")]
            if common else []):
        if os.path.isfile(candidate):
            return candidate
    return shutil.which("timer_probe.py")


def first_frames_ms(binary, plan, starts, work):
    """First frame of `starts` fresh starts of the console, each its own probe."""
    probe = find_probe()
    frames = []
    for i in range(starts):
        out = subprocess.run(
            [sys.executable, probe, "--duration", "1.5", "--no-resize", "--label", "start",
             f"{binary} run '{plan}' --new --runs-dir '{work}/starts-{i}'"],
            capture_output=True, text=True, check=True).stdout
        ms = json.loads(out.strip().splitlines()[-1])["startup"]["first_frame_ms"]
        if ms is not None:
            frames.append(ms)
    return frames


def console_figures(binary, plan, seconds):
    env = dict(os.environ, TIMEKEEPER_BIN=binary)
    out = subprocess.run([os.path.join(ROOT, "bench", "probe.sh"), str(seconds), plan],
                         env=env, capture_output=True, text=True, check=True).stdout
    figures = {}
    if m := re.search(r"median (-?[\d.]+) ms, max \|offset\| ([\d.]+) ms", out):
        figures["console flip median ms"] = float(m.group(1))
        figures["console flip max ms"] = float(m.group(2))
    if m := re.search(r"= ([\d.]+) % of a core", out):
        figures["console idle CPU %"] = float(m.group(1))
    if m := re.search(r"peak RSS ([\d.]+) MiB", out):
        figures["console peak RSS MiB"] = float(m.group(1))
    return figures, out


class Tmux:
    def __init__(self):
        self.socket = f"tk_fig_{os.getpid()}"

    def __call__(self, *args, **kw):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, **kw).stdout

    def close(self):
        self("kill-server")


def console_pid(tmux, session):
    pane = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip())
    child = subprocess.run(["pgrep", "-P", str(pane), "-x", "timekeeper"],
                           capture_output=True, text=True).stdout.split()
    return int(child[0]) if child else pane


def cpu_ns(pid, skip=None):
    """CPU time of every thread of `pid` (but thread `skip`), in ns."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        if task == str(skip):
            continue
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    return total


def memory_mib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values


def tcp_bytes(port):
    """Bytes both ways on each established connection to the server's port."""
    out = subprocess.run(["ss", "-tinH", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True).stdout
    sockets, key = {}, None
    for line in out.splitlines():
        if not line.startswith((" ", "\t")):
            fields = line.split()
            key = fields[-1] if fields else None
            continue
        sent = re.search(r"bytes_sent:(\d+)", line)
        received = re.search(r"bytes_received:(\d+)", line)
        if key:
            sockets[key] = (int(sent.group(1)) if sent else 0) + (int(received.group(1)) if received else 0)
    return sockets


def chromium():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else None


def serve_figures(binary, plan, seconds, pages, work, settle):
    browser = chromium()
    if not browser:
        return {}, "no chromium: serve figures not measured"
    tmux = Tmux()
    port, debug = free_port(), free_port()
    chrome = None
    try:
        tmux("new-session", "-d", "-s", "serve", "-x", "110", "-y", "32",
             f"{binary} run '{plan}' --new --runs-dir '{work}/runs-serve' --serve 127.0.0.1:{port}")
        time.sleep(1.5)
        tmux("send-keys", "-t", "serve", "w")
        time.sleep(0.5)
        screen = tmux("capture-pane", "-p", "-t", "serve")
        tmux("send-keys", "-t", "serve", "w")
        view = re.search(r"Stage: http://[^/]*/s/([A-Za-z0-9_-]+)", screen)
        if not view:
            return {}, "no links on the console:\n" + screen
        tmux("send-keys", "-t", "serve", "Space")
        pid = console_pid(tmux, "serve")
        chrome = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-background-timer-throttling",
             "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
             "--mute-audio", f"--remote-debugging-port={debug}",
             f"--user-data-dir={work}/chromium", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{debug}/json/version", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # A browser holds at most 6 connections to one host: the pages
        # alternate between two names of this machine, 5 streams each and
        # room for the clock's requests.
        for i in range(pages):
            host = "127.0.0.1" if i % 2 == 0 else "localhost"
            url = f"http://{host}:{port}/s/{view.group(1)}"
            request = urllib.request.Request(
                f"http://127.0.0.1:{debug}/json/new?{url}", method="PUT")
            urllib.request.urlopen(request, timeout=10).read()
        # Connected, synced, and the first rounds of the clock's back-off
        # behind them: what a page costs once it sits there.
        time.sleep(settle)
        opened = tcp_bytes(port)
        streams = len(opened)
        seen = dict(opened)
        before, started = cpu_ns(pid), time.monotonic()
        # The main thread draws the console; the others serve the pages.
        before_off_main = cpu_ns(pid, skip=pid)
        while time.monotonic() - started < seconds:
            seen.update(tcp_bytes(port))
            time.sleep(0.5)
        after = cpu_ns(pid)
        after_off_main = cpu_ns(pid, skip=pid)
        elapsed = time.monotonic() - started
        memory = memory_mib(pid)
        # A connection opened during the window counts from zero.
        moved = sum(count - opened.get(key, 0) for key, count in seen.items())
        new_conns = len(seen) - streams
        return {
            "serve+pages CPU %": (after - before) / (elapsed * 1e9) * 100,
            "  web threads CPU %": (after_off_main - before_off_main) / (elapsed * 1e9) * 100,
            "serve+pages RSS MiB": memory.get("VmRSS"),
            "serve+pages peak RSS MiB": memory.get("VmHWM"),
            "page idle B/min": moved / pages / (elapsed / 60),
            "page new conns/min": max(new_conns, 0) / pages / (elapsed / 60),
        }, f"{streams} connections when the window opened"
    finally:
        if chrome:
            chrome.terminate()
            try:
                chrome.wait(10)
            except subprocess.TimeoutExpired:
                chrome.kill()
        tmux.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--starts", type=int, default=9,
                        help="fresh starts of the console for its first frame")
    parser.add_argument("--settle", type=int, default=20,
                        help="seconds from the pages' connecting to the serve window")
    parser.add_argument("--plan", default=os.path.join(ROOT, "sessions", "plenary-3.toml"))
    parser.add_argument("--label", action="append", default=[],
                        help="a column name for each BIN, in order")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    labels = args.label + [os.path.basename(b) for b in args.binaries[len(args.label):]]
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[0]
    results = []
    # The harness's own floor: spawning a program that does nothing.
    floor = startup_ms(["/bin/true"])
    with tempfile.TemporaryDirectory() as work:
        for binary in args.binaries:
            figures = {"binary MB": os.path.getsize(binary) / 1e6}
            figures["check start-up ms"] = startup_ms([binary, "check", args.plan])
            figures["check peak RSS MiB"] = peak_rss_mib([binary, "check", args.plan])
            results.append(figures)
        for binary, figures in zip(args.binaries, results):
            console, _ = console_figures(binary, args.plan, args.seconds)
            figures.update(console)
        for _ in range(args.starts):
            # One start of each build in turn, as for the rest.
            for binary, figures in zip(args.binaries, results):
                frames = first_frames_ms(binary, args.plan, 1, tempfile.mkdtemp(dir=work))
                figures.setdefault("first frames", []).extend(frames)
        for figures in results:
            frames = figures.pop("first frames", [])
            if frames:
                figures["console first frame ms"] = statistics.median(frames)
                figures["console first frame max ms"] = max(frames)
        for binary, figures in zip(args.binaries, results):
            serve, note = serve_figures(binary, args.plan, args.seconds, args.pages,
                                        tempfile.mkdtemp(dir=work), args.settle)
            figures.update(serve)
            print(f"{os.path.basename(binary)}: {note}", file=sys.stderr)
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[0]
    width = max(len(label) for label in labels + ["before"]) + 2
    print(f"{'figure':<26}{'target':>9}" + "".join(f"{label:>{width}}" for label in labels))
    for name, target in TARGETS.items():
        cells = []
        for figures in results:
            value = figures.get(name)
            cells.append("-" if value is None else f"{value:.4f}" if "CPU" in name
                         else f"{value:.2f}")
        print(f"{name:<26}{target:>9}" + "".join(f"{c:>{width}}" for c in cells))
    musl = os.path.join(ROOT, "target", "x86_64-unknown-linux-musl", "dist", "timekeeper")
    if os.path.exists(musl):
        print(f"{'static musl binary MB':<26}{'<= 6':>9}{os.path.getsize(musl) / 1e6:>{width}.2f}")
    print(f"({args.seconds} s windows, {args.pages} pages from {args.settle} s after they connect; start-up of /bin/true {floor:.2f} ms "
          f"in the same harness; load average {load_before} before, {load_after} after)")
    print(json.dumps({"labels": labels, "results": results}), file=sys.stderr)


if __name__ == "__main__":
    main()
