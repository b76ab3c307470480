#!/usr/bin/env python3
"""Where a Latchkey server spent its CPU, from a Java Flight Recorder file (PROFILE=DIR of bench/git-peer.sh).

  bench/jfr-top.py FILE.jfr [SINCE] [KEY...]

Counts the execution samples (only those taken at or after SINCE, an ISO time such as
2026-12-06T03:11:20, when given) by the first KEY found anywhere in their stack, then shows the
commonest top frames of the largest group. The default keys are the stages of a push and a fetch.
"""
import collections
import json
import subprocess
import sys

KEYS = ["PushedChanges", "PushedBlobs", "latchkey/scan/", "PushPolicy", "FullConnectivityChecker", "PackParser",
        "UploadPack", "ReceivePack", "org/h2/", "org/latchkey/"]


def samples(path):
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                              "jdk.ExecutionSample", path], check=True, capture_output=True).stdout
    for event in json.loads(printed)["recording"]["events"]:
        values = event["values"]
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in values["stackTrace"]["frames"]]
        yield values["startTime"], values["sampledThread"]["javaName"], frames


def main(path, since="", keys=()):
    keys = list(keys) or KEYS
    groups, tops = collections.Counter(), collections.defaultdict(collections.Counter)
    for time, thread, frames in samples(path):
        if time < since:
            continue
        group = next((key for key in keys if any(key in frame for frame in frames)), f"other ({thread.split('@')[0][:32]})")
        groups[group] += 1
        tops[group][frames[0] if frames else "?"] += 1
    total = sum(groups.values())
    print(f"{total} samples")
    for group, count in groups.most_common(12):
        print(f"{100 * count / total:5.1f} %  {group}")
    if groups:
        largest = groups.most_common(1)[0][0]
        print(f"top frames in {largest}:")
        for frame, count in tops[largest].most_common(8):
            print(f"  {100 * count / groups[largest]:5.1f} %  {frame}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "", sys.argv[3:])
