#!/usr/bin/env python3
"""The instructions one frame of the idle console costs, counted exactly.

    bench/frame_cost.py [--seconds 30] [--size 100x30] [--plan PLAN] [--label NAME]... BIN [BIN...]

    CARGO_PROFILE_DIST_STRIP=false CARGO_TARGET_DIR=/tmp/tk-sym \\
        cargo build --profile dist
    bench/frame_cost.py /tmp/tk-sym/dist/timekeeper

Idle CPU on a shared machine moves by a fifth from one run to the next
(docs/measurements.md); the instructions a frame executes do not. Each
binary runs the plan in a private tmux server at SIZE under valgrind's
callgrind, started with Space and left counting down for SECONDS; only
what runs inside the shell's `draw_at` is counted (the render, the width
fit, ratatui's diff and the bytes written). Prints, per binary, the frames
drawn and the instructions per frame: in all, in the render, in the fit of
terminal widths, and in ratatui's flush (the diff and the terminal's
bytes). The binary needs its symbols (the dist profile strips them: build
it with CARGO_PROFILE_DIST_STRIP=false). Needs valgrind and tmux.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What each column adds up: a function counted with all it calls.
PARTS = {
    "render": re.compile(r"Screen as ratatui_core::widgets::widget::Widget>::render|StageView"),
    "width fit": re.compile(r"(?:widgets|frame_draw)::fit_terminal_widths(?:_except)?$"),
    # ratatui's `Terminal::flush` before the shell had its own diff; the
    # diff and the backend's draw since.
    "flush": re.compile(r"Terminal<B>>::flush$|frame_diff::changes(?:_except)?$|<timekeeper::shell::tty::Tty<W> as ratatui_core::backend::Backend>::draw$"),
}
FRAME = re.compile(r"(?:widgets|frame_draw)::fit_terminal_widths(?:_except)?$")


def counted(out_file):
    """Total instructions, and per part its inclusive instructions and calls,
    read from a callgrind output file (names are compressed as `(id) name`
    the first time, `(id)` after)."""
    names = {}
    total = 0
    inclusive = {part: 0 for part in PARTS}
    frames = 0
    callee = None
    expect_cost = False
    with open(out_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(("fn=", "cfn=")):
                key, rest = line.split("=", 1)
                m = re.match(r"\((\d+)\)(?: (.*))?", rest)
                if m:
                    ident, name = m.group(1), m.group(2)
                    if name is not None:
                        names[ident] = name
                    name = names.get(ident, "")
                else:
                    name = rest
                callee = name if key == "cfn" else None
                continue
            if line.startswith("calls="):
                calls = int(line.split("=", 1)[1].split()[0])
                if callee is not None and FRAME.search(callee):
                    frames += calls
                expect_cost = True
                continue
            if line.startswith("summary:") or line.startswith("totals:"):
                total = max(total, int(line.split()[1]))
                continue
            if expect_cost:
                # The line after `calls=` is the inclusive cost of that call.
                expect_cost = False
                fields = line.split()
                if callee is not None and len(fields) >= 2:
                    for part, pattern in PARTS.items():
                        if pattern.search(callee):
                            inclusive[part] += int(fields[1])
    return total, frames, inclusive


def measure(binary, plan, seconds, size):
    work = tempfile.mkdtemp(prefix="tk-frame-")
    sock = f"tk_frame_{os.getpid()}"
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    out = os.path.join(work, "callgrind.out")
    cols, rows = size.split("x")
    command = (
        f"valgrind --tool=callgrind --collect-atstart=no "
        f"'--toggle-collect=*Shell*draw_at*' --callgrind-out-file={out} "
        f"{binary} run {plan} --new --runs-dir {work}/runs"
    )
    try:
        subprocess.run(tmux + ["new-session", "-d", "-s", "c", "-x", cols, "-y", rows, command], check=True)
        time.sleep(8)  # valgrind's start-up
        subprocess.run(tmux + ["send-keys", "-t", "c", "Space"], check=True)
        time.sleep(seconds)
        subprocess.run(tmux + ["send-keys", "-t", "c", "q"], check=True)
        time.sleep(1)
        subprocess.run(tmux + ["send-keys", "-t", "c", "y"], check=False)
        deadline = time.time() + 30
        while not os.path.exists(out) and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # the file is written at exit
        if not os.path.exists(out):
            sys.exit(f"{binary}: callgrind wrote nothing (is valgrind installed?)")
        return counted(out)
    finally:
        subprocess.run(tmux + ["kill-server"], check=False, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--plan", default=os.path.join(ROOT, "sessions", "plenary-3.toml"))
    parser.add_argument("--label", action="append", default=[])
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    labels = args.label + [os.path.basename(os.path.dirname(b)) or b for b in args.binaries[len(args.label):]]
    print(f"{args.size}, {args.seconds} s counting down; instructions per frame")
    print(f"{'build':<16} {'frames':>6} {'all':>10} {'render':>10} {'width fit':>10} {'flush':>10}")
    for label, binary in zip(labels, args.binaries):
        total, frames, parts = measure(os.path.abspath(binary), args.plan, args.seconds, args.size)
        if frames == 0:
            sys.exit(f"{binary}: no frame counted (does it have its symbols?)")
        per = [total // frames] + [parts[p] // frames for p in PARTS]
        print(f"{label:<16} {frames:>6} " + " ".join(f"{n:>10,}" for n in per))


if __name__ == "__main__":
    main()
