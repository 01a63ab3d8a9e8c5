#!/usr/bin/env python3
"""The benchmark behind `bench/run` (see that script's header for what it measures
and how). Python standard library only. Run it through `bench/run`, which fetches
the specs first."""

import argparse
import datetime
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "bench" / "crates" / "Cargo.toml"
TABLE_FILE = ROOT / "docs" / "SPEED.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# name on the command line: (name in the tables, spec path from the repository root)
SPECS = {
    "github": ("GitHub", ".cache/specs/github.json"),
    "stripe": ("Stripe", ".cache/specs/stripe.json"),
    "kubernetes": ("Kubernetes", ".cache/specs/kubernetes.json"),
    "cde": ("CDE", "spec/cde-api.yaml"),
    "petstore": ("petstore", "bench/specs/petstore.json"),
    "dangling": ("digitalocean.com, every `$ref` dangling", ".cache/specs/digitalocean-dangling.json"),
}
# The runtime's cases, measured by tests/benches/runtime.rs (a loopback server in
# the same process): each prints a markdown table, written into docs/SPEED.md
# between its own markers.
RUNTIME_CASES = {
    "runtime": "the generated client against the same call written by hand with reqwest",
    "runtime-counts": "the same two calls under valgrind's cachegrind: instructions and "
                      "simulated cache misses per call",
    "mock": "the mock server on a 2 MB body, valid and wrongly typed",
}
# Specs the generator refuses, on purpose: only the generator is timed on them,
# for the cost of reporting many located diagnostics (nothing is compiled).
REFUSED = {"dangling"}
TOOLS = ("cde", "progenitor")
# (key, heading): the four compile measurements, in the order they run.
PHASES = [
    ("check", "`cargo check`, from scratch"),
    ("check_touched", "`cargo check`, spec touched"),
    ("build", "`cargo build`, from scratch"),
    ("build_touched", "`cargo build`, spec touched"),
]
# The generator as a user's build runs the macro (the dev profile, no opt-level
# override) against the `cargo check` (from scratch) of the crate it generates.
TARGET_GENERATOR_SHARE = 0.05
TARGET_CHECK_RATIO = 0.5
TARGET_GITHUB_SECONDS = 180.0
TARGET_GITHUB_MIB = 6 * 1024


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def relative(text):
    """Removes this checkout's location from a message (tables name repository paths)."""
    return text.replace(str(ROOT) + os.sep, "").replace(str(ROOT), ".")


def run(command, cwd=ROOT, env=None):
    """Runs a command, failing the benchmark (with its output) if it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"bench: failed: {' '.join(map(str, command))}")
    return result.stdout


def cargo_env():
    env = dict(os.environ)
    env["CARGO_TERM_COLOR"] = "never"
    env["RUST_BACKTRACE"] = "0"
    return env


# ---------------------------------------------------------------- 1. the generator

DURATION = re.compile(r"^([0-9.]+)(ns|µs|us|ms|s)$")
UNIT_SECONDS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(debug_duration):
    match = DURATION.match(debug_duration)
    if not match:
        sys.exit(f"bench: cannot read the duration {debug_duration!r}")
    return float(match.group(1)) * UNIT_SECONDS[match.group(2)]


def overridden_packages():
    """The packages the workspace's Cargo.toml optimizes in dev builds."""
    text = (ROOT / "Cargo.toml").read_text()
    return re.findall(r'^\[profile\.dev\.package\.([A-Za-z0-9_-]+)\]', text, re.M)


def generator_bench(specs, plain):
    """cde-codegen's bench (`cargo bench -p cde-codegen --bench generate`) on every
    spec: serde_json's parse time, the generator's time from JSON and from the
    file as written (medians). `plain`: built as a user's build runs the macro by
    default, in the dev profile with none of the workspace's opt-level overrides
    (each set back to 0 with `--config`; its own target directory, target/plain,
    so the normal builds keep theirs); else in the bench profile (optimized)."""
    paths = [str(ROOT / SPECS[s][1]) for s in specs]
    command = ["cargo", "bench", "--quiet", "-p", "cde-codegen", "--bench", "generate"]
    env = cargo_env()
    if plain:
        log("cargo bench -p cde-codegen --bench generate, dev profile without opt-level overrides")
        command += ["--profile", "dev"]
        for package in overridden_packages():
            command += ["--config", f"profile.dev.package.{package}.opt-level=0"]
        env["CARGO_TARGET_DIR"] = str(ROOT / "target" / "plain")
    else:
        log("cargo bench -p cde-codegen --bench generate, optimized")
    out = run([*command, "--", *paths], env=env)
    sys.stderr.write(relative(out))
    rows = [line.split() for line in out.splitlines()]
    rows = [r for r in rows if len(r) == 8 and r[1].isdigit()]
    if len(rows) != len(specs):
        sys.exit(f"bench: expected {len(specs)} rows from the generator bench, got {len(rows)}")
    results = {}
    for spec, row in zip(specs, rows):
        results[spec] = {
            "bytes": int(row[1]),
            "parse": seconds(row[2]),
            "generate": seconds(row[3]),
            "generate_source": seconds(row[4]),
            "diagnostics": int(row[7]),
        }
    return results


# ---------------------------------------------------------------- 3. lines per operation


def bench_tool(*args):
    return subprocess.run([str(MANIFEST.parent / "target" / "debug" / "bench-tool"), *args],
                          cwd=ROOT, capture_output=True, text=True, env=cargo_env())


def code_lines(text):
    return sum(1 for line in text.splitlines() if line.strip())


def lines(spec):
    """Operation count from the spec, and the non-blank lines of each generator's
    formatted output."""
    path = str(ROOT / SPECS[spec][1])
    counted = bench_tool("operations", path)
    if counted.returncode != 0:
        sys.exit(f"bench: counting operations of {spec}: {counted.stderr}")
    result = {"operations": int(counted.stdout)}
    log(f"formatted output of each generator on {spec}")
    cde = subprocess.run(["cargo", "run", "--quiet", "--release", "-p", "cde-codegen", "--example", "gen",
                          "--", path, "--print"], cwd=ROOT, capture_output=True, text=True, env=cargo_env())
    result["cde"] = code_lines(cde.stdout) if cde.returncode == 0 and cde.stdout.strip() else None
    progenitor = bench_tool("progenitor", path)
    result["progenitor"] = code_lines(progenitor.stdout) if progenitor.returncode == 0 else None
    return result


# ---------------------------------------------------------------- 2. and 4. compiling

def cargo_bench_crates(*args):
    return ["cargo", *args, "--locked", "--manifest-path", str(MANIFEST)]


def measure(command):
    """Wall time and peak memory of a command: the largest resident set of any
    process it ran (rustc, which runs the macro), from wait4's resource usage of
    that one command (its process and all the descendants it waited for), as
    scripts/measure takes it."""
    with tempfile.TemporaryFile("w+") as output:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=cargo_env(), stdin=subprocess.DEVNULL,
                                   stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    return {"ok": process.returncode == 0, "seconds": elapsed, "mib": usage.ru_maxrss / 1024,
            "output": text}


def first_error(output):
    """The first meaningful line of a compiler error (a proc macro's panic message
    rather than just "proc macro panicked")."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if not re.match(r"^error(\[E[0-9]+\])?: ", line):
            continue
        if line.startswith(("error: could not compile", "error: aborting")):
            continue
        message = line[len("error: "):] if line.startswith("error: ") else line
        if "proc macro panicked" in line:
            for follow in lines[i + 1:i + 12]:
                if "message:" in follow:
                    message += ": " + follow.split("message:", 1)[1].strip()
                    break
        message = relative(message)
        return message if len(message) <= 240 else message[:237] + "..."
    return "failed (no error line in the output)"


def compile_crate(tool, spec, repeat):
    """The four measurements of one generated crate, each repeated `repeat` times
    (median time and median peak memory). Stops at the first failure and records
    it."""
    crate = f"{tool}-{spec}"
    spec_file = ROOT / SPECS[spec][1]

    def clean():
        run(cargo_bench_crates("clean", "-p", crate), env=cargo_env())

    def touch():
        os.utime(spec_file, None)

    prepare = {"check": clean, "check_touched": touch, "build": clean, "build_touched": touch}
    results = {}
    for phase, _ in PHASES:
        runs = []
        for _ in range(repeat):
            prepare[phase]()
            command = "check" if phase.startswith("check") else "build"
            measured = measure(cargo_bench_crates(command, "-p", crate))
            if not measured["ok"]:
                error = first_error(measured["output"])
                log(f"{crate}: {phase} failed: {error}")
                return {"failed": error, "failed_in": phase, **results}
            runs.append(measured)
        results[phase] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "mib": statistics.median(r["mib"] for r in runs),
        }
        log(f"{crate}: {phase}: {fmt_seconds(results[phase]['seconds'])}, {fmt_mib(results[phase]['mib'])}")
    return results


# ---------------------------------------------------------------- formatting


def sig3(x):
    """Three significant digits, trailing zeros kept (14.0, 1.05, 372)."""
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def fmt_time(secs):
    if secs < 1e-3:
        return f"{sig3(secs * 1e6)} µs"
    if secs < 1:
        return f"{sig3(secs * 1e3)} ms"
    return f"{sig3(secs)} s"


def fmt_seconds(secs):
    return f"{sig3(secs)} s"


def fmt_mib(mib):
    return f"{mib / 1024:.1f} GiB" if mib >= 1000 else f"{mib:.0f} MiB"


def fmt_bytes(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def fmt_percent(r):
    return f"{r * 100:.1f}%"


def fmt_ratio(r):
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×"


def cell(text):
    return text.replace("|", "\\|")


def machine():
    cores = os.cpu_count()
    try:
        cores = int(run(["nproc"]).strip())
    except SystemExit:
        pass
    with open("/proc/meminfo") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("MemTotal:"))
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    return cores, kib / 1024 / 1024, load


def versions():
    rustc = run(["rustc", "--version"]).split()[1]
    lock = (MANIFEST.parent / "Cargo.lock").read_text()
    found = re.search(r'name = "progenitor"\nversion = "([^"]+)"', lock)
    return rustc, found.group(1) if found else "?"


def report(args, specs, cores, mem_gib, load, gen, plain, lines_, compiled):
    rustc, progenitor = versions()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    name = lambda s: SPECS[s][0]
    out = []
    command = " ".join(["bench/run", *args.specs_given]) if args.specs_given else "bench/run"
    if args.repeat > 1:
        command += f" --repeat {args.repeat}"
    out.append(f"Measured with `{command}` on {date} (UTC): {cores} cores, {mem_gib:.1f} GiB of memory, "
               f"load average {load} at the start; rustc {rustc}, progenitor {progenitor}.")
    out.append("")

    refused = [s for s in specs if s in REFUSED]
    specs = [s for s in specs if s not in REFUSED]
    if specs:
        out.append("The generator (cde-codegen's bench: the library call on the file as written, as the macro "
                   "makes it; medians) against the `cargo check` from scratch of the crate it generates (below), "
                   "built as a user's build runs the macro by default (dev profile) and optimized (the profile "
                   "override of the README), with `serde_json`'s parse of the same document, optimized, for scale:")
        out.append("")
        out.append("| spec | operations | compact JSON | `serde_json` parse | generator, dev profile | share of "
                   "`cargo check` | generator, optimized | share of `cargo check` |")
        out.append("|---|---|---|---|---|---|---|---|")
        for s in specs:
            g, d = gen[s], plain[s]
            check = compiled.get(("cde", s), {}).get("check")
            share = (lambda t: fmt_percent(t / check["seconds"])) if check else (lambda t: "—")
            out.append(f"| {name(s)} | {lines_[s]['operations']:,} | {fmt_bytes(g['bytes'])} | {fmt_time(g['parse'])} "
                       f"| {fmt_time(d['generate_source'])} | {share(d['generate_source'])} "
                       f"| {fmt_time(g['generate_source'])} | {share(g['generate_source'])} |")
        out.append("")

    if refused:
        out.append("The generator on documents it refuses (the same bench; its time includes locating every "
                   "diagnostic by JSON pointer and line:column, as the macro reports them):")
        out.append("")
        out.append("| spec | compact JSON | diagnostics | generator, dev profile | generator, optimized |")
        out.append("|---|---|---|---|---|")
        for s in refused:
            g, d = gen[s], plain[s]
            out.append(f"| {name(s)} | {fmt_bytes(g['bytes'])} | {g['diagnostics']:,} "
                       f"| {fmt_time(d['generate_source'])} | {fmt_time(g['generate_source'])} |")
        out.append("")

    if specs:
        out.append("Compiling the crate generated from each spec (wall time, peak memory of the largest process; "
                   "dependencies prebuilt; lines: non-blank lines of the formatted output):")
        out.append("")
        out.append("| spec | generator | " + " | ".join(h for _, h in PHASES) + " | lines | lines per operation |")
        out.append("|---|---|" + "---|" * len(PHASES) + "---|---|")
        for s in specs:
            ops = lines_[s]["operations"]
            for tool in TOOLS:
                r = compiled.get((tool, s))
                if r is None:
                    continue
                cells = []
                for phase, _ in PHASES:
                    if phase in r:
                        cells.append(f"{fmt_seconds(r[phase]['seconds'])}, {fmt_mib(r[phase]['mib'])}")
                    elif r.get("failed_in") == phase:
                        cells.append(f"failed: `{cell(r['failed'].replace('`', chr(39)))}`")
                    else:
                        cells.append("—")
                n = lines_[s][tool]
                per_op = f"{n / ops:.0f}" if n is not None and ops else "—"
                out.append(f"| {name(s)} | {tool} | " + " | ".join(cells)
                           + f" | {f'{n:,}' if n is not None else '—'} | {per_op} |")
        out.append("")

    both = [s for s in specs
            if all(p in compiled.get((t, s), {}) for t in TOOLS for p, _ in PHASES)]
    check_ratios = {}
    if both:
        out.append("cde ÷ progenitor, on the specs both handle (time; below 1× means cde is faster):")
        out.append("")
        out.append("| spec | " + " | ".join(h for _, h in PHASES) + " | lines per operation |")
        out.append("|---|" + "---|" * len(PHASES) + "---|")
        for s in both:
            c, p = compiled[("cde", s)], compiled[("progenitor", s)]
            check_ratios[s] = c["check"]["seconds"] / p["check"]["seconds"]
            cells = [fmt_ratio(c[ph]["seconds"] / p[ph]["seconds"]) for ph, _ in PHASES]
            lc, lp = lines_[s]["cde"], lines_[s]["progenitor"]
            cells.append(fmt_ratio(lc / lp) if lc and lp else "—")
            out.append(f"| {name(s)} | " + " | ".join(cells) + " |")
        out.append("")

    out.append("Targets:")
    out.append("")
    out.append("| target | result |")
    out.append("|---|---|")
    shares = {s: plain[s]["generate_source"] / compiled[("cde", s)]["check"]["seconds"]
              for s in specs if "check" in compiled.get(("cde", s), {})}
    met = len(shares) == len(specs) and all(r <= TARGET_GENERATOR_SHARE for r in shares.values())
    detail = ", ".join(f"{name(s)} {fmt_percent(r)}" for s, r in shares.items())
    verdict = f"{'met' if met else 'not met'}: {detail}" if shares else "not measured: no check in this run"
    out.append(f"| generator, dev profile, at most {TARGET_GENERATOR_SHARE:.0%} of the `cargo check` (from scratch) "
               f"of the crate it generates | {verdict} |")
    if check_ratios:
        met = all(r <= TARGET_CHECK_RATIO for r in check_ratios.values())
        detail = ", ".join(f"{name(s)} {fmt_ratio(r)}" for s, r in check_ratios.items())
        out.append(f"| cde's `cargo check` (from scratch) at most half of progenitor's, on specs both handle "
                   f"| {'met' if met else 'not met'}: {detail} |")
    else:
        out.append("| cde's `cargo check` (from scratch) at most half of progenitor's, on specs both handle "
                   "| not measured: no spec in this run that both handle |")
    github = compiled.get(("cde", "github"))
    target = "full GitHub crate: `cargo check` (from scratch) under 3 minutes and 6 GiB on 2 cores"
    if github is None:
        out.append(f"| {target} | not measured: GitHub was not in this run |")
    elif "check" not in github:
        out.append(f"| {target} | not met: the check failed |")
    else:
        secs, mib = github["check"]["seconds"], github["check"]["mib"]
        met = secs < TARGET_GITHUB_SECONDS and mib < TARGET_GITHUB_MIB
        note = "" if cores == 2 else f" (measured on {cores} cores)"
        out.append(f"| {target} | {'met' if met else 'not met'}: {fmt_seconds(secs)}, {fmt_mib(mib)}{note} |")
    return "\n".join(out)


def write_table(block, start_marker=START, end_marker=END):
    text = TABLE_FILE.read_text()
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        sys.exit(f"bench: docs/SPEED.md has no {start_marker} ... {end_marker} section to write the results into")
    text = text[:start + len(start_marker)] + "\n" + block + "\n" + text[end:]
    TABLE_FILE.write_text(text)
    log("results written into docs/SPEED.md")


def runtime_case(case, cores, load):
    """One case of the runtime's benchmark: its table, with when and where it ran."""
    if case == "runtime-counts":
        return runtime_counts(cores, load)
    log(f"cargo bench -p cde-tests --bench runtime -- {case}")
    table = run(["cargo", "bench", "--locked", "-q", "-p", "cde-tests", "--bench", "runtime", "--", case],
                env=cargo_env())
    rustc, _ = versions()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    head = (f"Measured with `bench/run {case}` on {date} (UTC): {cores} cores, "
            f"load average {load} at the start; rustc {rustc}.")
    return head + "\n\n" + table.strip()


# `runtime-counts`: the cases of `runtime`, each side run alone (the bench's
# `profile` mode) under cachegrind, twice with different numbers of calls; the
# difference, divided by the calls between, is what one call costs, without
# start-up or the opening of connections. cachegrind simulates the caches given
# here rather than the machine's, so that the figures do not depend on the
# machine's caches: a common first level (32 KiB, 8-way, for instructions and for data)
# and 8 MiB of last level.
COUNT_CACHES = ["--I1=32768,8,64", "--D1=32768,8,64", "--LL=8388608,16,64"]
# (label, record id: 1 is 1 KiB and 2 is 1 MiB, calls at a time, (calls, more calls))
COUNT_CASES = [
    ("1 KiB, sequential", 1, 1, (1024, 3072)),
    ("1 KiB, 64 at a time", 1, 64, (1024, 3072)),
    ("1 MiB, sequential", 2, 1, (16, 48)),
    ("1 MiB, 64 at a time", 2, 64, (64, 192)),
]
COUNT_EVENTS = {"I refs": "instructions", "I1 misses": "i1", "D1 misses": "d1", "LL misses": "ll"}


def bench_executable():
    """Builds the runtime's benchmark (release) and gives its executable."""
    log("cargo bench -p cde-tests --bench runtime --no-run")
    out = run(["cargo", "bench", "--locked", "-q", "-p", "cde-tests", "--bench", "runtime",
               "--no-run", "--message-format=json"], env=cargo_env())
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("executable") and message.get("target", {}).get("name") == "runtime":
            return message["executable"]
    sys.exit("bench: cargo did not name the runtime benchmark's executable")


def cachegrind(executable, side, record, width, calls):
    """cachegrind's totals for one side's `calls` calls: {event: count}."""
    env = cargo_env() | {"SIDE": side, "ID": str(record), "WIDTH": str(width), "CALLS": str(calls)}
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--cachegrind-out-file=/dev/null",
         *COUNT_CACHES, executable, "profile"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit(f"bench: cachegrind failed on the {side} side")
    totals = {}
    for line in result.stderr.splitlines():
        found = re.match(r"==\d+== (\w+)\s+(refs|misses):\s+([\d,]+)", line)
        event = found and COUNT_EVENTS.get(f"{found.group(1)} {found.group(2)}")
        if event:
            totals[event] = int(found.group(3).replace(",", ""))
    if len(totals) != len(COUNT_EVENTS):
        sys.stderr.write(result.stderr)
        sys.exit("bench: cachegrind's summary is not as expected")
    return totals


def per_call(executable, side, record, width, calls):
    """What one call costs on `side`, by cachegrind: {event: count per call}."""
    fewer = cachegrind(executable, side, record, width, calls[0])
    more = cachegrind(executable, side, record, width, calls[1])
    return {event: (more[event] - fewer[event]) / (calls[1] - calls[0]) for event in more}


def have_valgrind():
    try:
        return subprocess.run(["valgrind", "--version"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def count_cell(ours, theirs):
    """`ours / theirs (ratio)`; a count under one per call (a difference of two
    runs, which can even come out below zero) is shown as 0, without a ratio."""
    ours, theirs = max(ours, 0.0), max(theirs, 0.0)
    ratio = f" ({ours / theirs:.2f}×)" if ours >= 1 and theirs >= 1 else ""
    return f"{ours:,.0f} / {theirs:,.0f}{ratio}"


def runtime_counts(cores, load):
    """The `runtime-counts` case: its table, with when and where it ran."""
    if not have_valgrind():
        sys.exit("bench: runtime-counts needs valgrind")
    executable = bench_executable()
    rows = []
    for label, record, width, calls in COUNT_CASES:
        log(f"cachegrind: {label}")
        ours = per_call(executable, "generated", record, width, calls)
        theirs = per_call(executable, "hand", record, width, calls)
        cells = [label]
        for event in COUNT_EVENTS.values():
            cells.append(count_cell(ours[event], theirs[event]))
        rows.append("| " + " | ".join(cells) + " |")
    rustc, _ = versions()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    head = (f"Measured with `bench/run runtime-counts` on {date} (UTC): {cores} cores, "
            f"load average {load} at the start (it does not change the counts); rustc {rustc}.")
    intro = ("The calls of `bench/run runtime` under valgrind's cachegrind, each side alone, "
             "per call (the difference between two runs of different lengths), generated / "
             "by hand (ratio). Simulated caches: 32 KiB first level for instructions and "
             "for data (8-way), 8 MiB last level, 64-byte lines.")
    table = "\n".join([
        "| case | instructions | L1 instruction misses | L1 data misses | last-level misses |",
        "|---|---|---|---|---|",
        *rows,
    ])
    return f"{head}\n\n{intro}\n\n{table}"


def main():
    parser = argparse.ArgumentParser(prog="bench/run", description="cde's benchmark; see bench/run.")
    parser.add_argument("specs", nargs="*", metavar="SPEC",
                        help=f"specs to measure: {', '.join(SPECS)}; runtime cases: "
                             f"{', '.join(RUNTIME_CASES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run each compile measurement N times and report the median (default 1)")
    parser.add_argument("--print-only", action="store_true", help="print the results only")
    parser.add_argument("--check-arguments", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = [s for s in args.specs if s not in SPECS and s not in RUNTIME_CASES]
    if unknown:
        choices = ', '.join([*SPECS, *RUNTIME_CASES])
        parser.error(f"unknown spec(s) {', '.join(unknown)}; choose from {choices}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.check_arguments:
        return
    args.specs_given = args.specs
    if args.specs:
        cases = [c for c in RUNTIME_CASES if c in args.specs]
    else:
        # Every case, but the counts only where valgrind is installed.
        cases = [c for c in RUNTIME_CASES if c != "runtime-counts" or have_valgrind()]
        if "runtime-counts" not in cases:
            log("valgrind is not installed: runtime-counts is left out")
    if args.specs and all(s in RUNTIME_CASES for s in args.specs):
        cores, _, load = machine()
        for case in cases:
            block = runtime_case(case, cores, load)
            print(block)
            if not args.print_only:
                write_table(block, f"<!-- bench-{case}:start -->", f"<!-- bench-{case}:end -->")
        return
    specs = [s for s in SPECS if not args.specs or s in args.specs]
    for s in specs:
        if not (ROOT / SPECS[s][1]).is_file():
            sys.exit(f"bench: {SPECS[s][1]} is missing (scripts/fetch-specs fetches the real-world specs)")
    cores, mem_gib, load = machine()
    log(f"machine: {cores} cores, {mem_gib:.1f} GiB, load average {load}; specs: {', '.join(specs)}")

    gen = generator_bench(specs, plain=False)
    plain = generator_bench(specs, plain=True)

    compiled_specs = [s for s in specs if s not in REFUSED]
    lines_, compiled = {}, {}
    if compiled_specs:
        log("building bench-tool")
        run(cargo_bench_crates("build", "-p", "bench-tool"), env=cargo_env())
        lines_ = {s: lines(s) for s in compiled_specs}

        # Dependencies first, so that each measurement is the generated crate's own:
        # the petstore crates have exactly the dependencies (and features) of the
        # other crates of their generator.
        for tool in TOOLS:
            for command in ("check", "build"):
                log(f"prebuilding dependencies: cargo {command} -p {tool}-petstore")
                run(cargo_bench_crates(command, "-p", f"{tool}-petstore"), env=cargo_env())

        for s in compiled_specs:
            for tool in TOOLS:
                compiled[(tool, s)] = compile_crate(tool, s, args.repeat)

    block = report(args, specs, cores, mem_gib, load, gen, plain, lines_, compiled)
    print(block)
    if not args.print_only:
        write_table(block)
    for case in cases:
        block = runtime_case(case, cores, load)
        print(block)
        if not args.print_only:
            write_table(block, f"<!-- bench-{case}:start -->", f"<!-- bench-{case}:end -->")


if __name__ == "__main__":
    main()
