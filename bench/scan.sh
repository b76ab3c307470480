#!/usr/bin/env bash
# Times `latchkey scan DIR` against `grep -rEn` of the same patterns over a generated tree of text
# files (default 20,000 files of 50 KB, about 1 GB) with a few planted tokens. Both read from the
# page cache: grep runs first to warm it, then the two alternate, RUNS times each. Prints the best
# time of each and the ratio (scan / grep). Bounded: the tree is deleted on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=${FILES:-20000}
KB=${KB:-50}
RUNS=${RUNS:-2}
[ -f target/latchkey.jar ] || mvn -q -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP_TREE:-}" ] && trap - EXIT && echo "keeping $work"
tree="$work/tree"

echo "Generating $FILES files of $KB KB in $tree..."
python3 - "$tree" "$FILES" "$KB" <<'PY'
import os, random, sys, zlib
root, files, kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(42)
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def b62(v, n):
    out = ""
    for _ in range(n):
        out = A[v % 62] + out; v //= 62
    return out
def crc_token(prefix, whole):
    body = "".join(rnd.choice(A) for _ in range(30))
    return prefix + body + b62(zlib.crc32(((prefix if whole else "") + body).encode()), 6)
words = ("the lock key token git push pull repository commit branch merge config value name user "
         "login session server client request response error status global local null return if else "
         "for while import export function class public private static final void string int long").split()
lines = []
for i in range(4000):
    n = rnd.randint(3, 14)
    lines.append(("    " * rnd.randint(0, 3)) + " ".join(rnd.choice(words) for _ in range(n)) + ";")
block = "\n".join(lines).encode()
size = kb * 1024
planted = 0
for f in range(files):
    d = os.path.join(root, "d%03d" % (f % 200), "s%02d" % (f // 200 % 50))
    os.makedirs(d, exist_ok=True)
    start = rnd.randrange(0, len(block) - size) if len(block) > size else 0
    data = bytearray((block * (size // len(block) + 2))[start:start + size])
    if f % 1000 == 7:
        token = crc_token("lkp_", True) if f % 2000 == 7 else crc_token("ghp_", False)
        at = rnd.randrange(0, size - 100)
        data[at:at + len(token) + 2] = (" " + token + "\n").encode()
        planted += 1
    with open(os.path.join(d, "f%05d.txt" % f), "wb") as out:
        out.write(data)
print("planted", planted, "tokens")
PY
du -sh "$tree" | cut -f1 | sed 's/^/Tree size: /'

PATTERNS='lk[pfs]_[0-9A-Za-z]{36}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|glpat-[A-Za-z0-9_-]{20}|npm_[A-Za-z0-9]{36}|(AKIA|ASIA)[A-Z0-9]{16}'
seconds() { local s e; s=$(date +%s.%N); "$@" >"$work/out" 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

grep -rEn "$PATTERNS" "$tree" >/dev/null || true   # warm the page cache
best_grep=999999; best_scan=999999
for run in $(seq 1 "$RUNS"); do
  g=$(seconds grep -rEn "$PATTERNS" "$tree"); found_grep=$(wc -l <"$work/out")
  s=$(seconds java -jar target/latchkey.jar scan "$tree"); found_scan=$(grep -c '^/' "$work/out" || true)
  echo "run $run: grep ${g}s ($found_grep lines), latchkey scan ${s}s ($found_scan findings)"
  best_grep=$(echo "if ($g < $best_grep) $g else $best_grep" | bc)
  best_scan=$(echo "if ($s < $best_scan) $s else $best_scan" | bc)
done
printf 'best: grep -rEn %.2fs, latchkey scan %.2fs, ratio scan/grep %.2f\n' "$best_grep" "$best_scan" \
  "$(echo "scale=4; $best_scan / $best_grep" | bc)"
