#!/usr/bin/env python3
"""Where the CPU goes in a JFR recording: the hottest methods (top frame) and the hottest io.aspaire frames (the
nearest application frame on each sampled stack), from jdk.ExecutionSample events.
    python3 bench/jfr-top.py recording.jfr [rows=25]
Recordings come from bench/run.sh with
    BENCH_JVM_OPTIONS='-XX:StartFlightRecording=filename=/tmp/{module}.jfr,settings=profile,dumponexit=true'"""
import collections, json, subprocess, sys

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
top, app, pkg = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if not names:
        continue
    top[names[0]] += 1
    first_app = next((n for n in names if n.startswith("io.aspaire")), None)
    app[first_app or "(no io.aspaire frame)"] += 1
    pkg[".".join(names[0].split(".")[:3])] += 1
total = sum(top.values())
print(f"{path}: {total} execution samples")
for title, counter in (("hottest methods (top frame)", top), ("nearest io.aspaire frame", app),
                       ("top frame by package", pkg)):
    print(f"\n{title}:")
    for name, n in counter.most_common(rows):
        print(f"  {100.0 * n / total:5.1f}%  {name}")
