#!/usr/bin/env python3
"""Writes `git fast-import` streams for the git benchmarks (bench/git-peer.sh).

  gen-repo.py history COMMITS [SEED]
      A history shaped like libgit2's: at 16,450 commits about 112,000 objects and a 37 MiB pack
      (after `git repack -adf`). 3,072 files in nested directories (so each commit writes three to
      five trees), about 2.4 changed files per commit, merges of short topic branches (one commit
      in eleven is a merge), written to refs/heads/main.
  gen-repo.py on-top REPO BRANCH COMMITS FILES
      COMMITS commits on top of BRANCH of the repository at REPO, together touching FILES of its
      existing text files (a few lines changed in each), written to refs/heads/bench-next.

The output is deterministic for given arguments. Pipe it into `git fast-import --quiet`.
"""
import random
import subprocess
import sys

TOPS = ["src", "tests", "include", "docs", "examples", "deps", "fuzzers", "script",
        "cmake", "tests/resources", "src/util", "src/libgit2"]
SUBDIRS = 16
FILES_PER_DIR = 16
LINES = 48
AUTHORS = [(f"Developer {i}", f"dev{i}@example.org") for i in range(60)]


class Stream:
    """Buffered fast-import output with marks."""

    def __init__(self, out):
        self.out = out
        self.mark = 0
        self.time = 1_200_000_000

    def write(self, text):
        self.out.write(text.encode() if isinstance(text, str) else text)

    def data(self, payload):
        self.write(f"data {len(payload)}\n")
        self.write(payload)
        self.write("\n")

    def blob(self, content):
        self.mark += 1
        self.write(f"blob\nmark :{self.mark}\n")
        self.data(content)
        return self.mark

    def commit(self, ref, rng, message, changes, parent=None, merge=None):
        """changes: {path: blob mark}; returns the commit's mark."""
        self.mark += 1
        self.time += rng.randint(60, 40_000)
        name, email = rng.choice(AUTHORS)
        self.write(f"commit {ref}\nmark :{self.mark}\n")
        self.write(f"author {name} <{email}> {self.time} +0000\n")
        self.write(f"committer {name} <{email}> {self.time} +0000\n")
        self.data(message.encode())
        if parent is not None:
            self.write(f"from :{parent}\n")
        if merge is not None:
            self.write(f"merge :{merge}\n")
        for path in sorted(changes):
            self.write(f"M 100644 :{changes[path]} {path}\n")
        self.write("\n")
        return self.mark


class Words:
    """Random source-like text, compressible about as well as C source."""

    def __init__(self, rng):
        self.rng = rng
        self.vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz_")
                                   for _ in range(rng.randint(3, 12))) for _ in range(4000)]

    def line(self):
        rng = self.rng
        words = " ".join(rng.choice(self.vocabulary) for _ in range(rng.randint(2, 7)))
        return f"{' ' * rng.choice((0, 4, 8))}{words}({rng.getrandbits(32):08x}, {rng.randint(0, 99999)});"

    def lines(self, n):
        return [self.line() for _ in range(n)]

    def message(self):
        rng = self.rng
        subject = " ".join(rng.choice(self.vocabulary) for _ in range(rng.randint(3, 9)))
        body = "\n".join(" ".join(rng.choice(self.vocabulary) for _ in range(rng.randint(5, 12)))
                         for _ in range(rng.randint(0, 4)))
        return f"{subject}\n\n{body}\n" if body else f"{subject}\n"


def history(commits, seed):
    rng = random.Random(seed)
    words = Words(rng)
    s = Stream(sys.stdout.buffer)
    dirs = [f"{top}/{name}" for top in TOPS for name in words.vocabulary[:SUBDIRS]]
    files = {}  # path -> list of lines (current main)
    marks = {}  # path -> blob mark (current main)

    def file_path(d, i):  # distinct names, so that git finds each file's earlier versions to delta against
        return f"{dirs[d]}/{words.vocabulary[100 + d * FILES_PER_DIR + i]}_{i}.c"

    for d in range(len(dirs)):
        for i in range(FILES_PER_DIR):
            path = file_path(d, i)
            files[path] = words.lines(LINES)
            marks[path] = s.blob(("\n".join(files[path]) + "\n").encode())
    main = s.commit("refs/heads/main", rng, "Initial import\n", dict(marks))
    made = 1

    def edit(state):
        """Changes one to three files in one or two directories; returns {path: mark}."""
        changed = {}
        for d in rng.sample(range(len(dirs)), 1 if rng.random() < 0.8 else 2):
            for i in rng.sample(range(FILES_PER_DIR), rng.randint(1, 3)):
                path = file_path(d, i)
                lines = list(state.get(path) or files[path])
                at = rng.randrange(len(lines))
                lines[at:at + rng.randint(2, 10)] = words.lines(rng.randint(6, 18))
                if len(lines) > 2 * LINES:
                    del lines[:LINES // 2]
                state[path] = lines
                changed[path] = s.blob(("\n".join(lines) + "\n").encode())
        return changed

    while made < commits:
        if rng.random() < 0.12 and commits - made > 6:
            topic, topic_state, topic_marks = main, {}, {}
            for _ in range(rng.randint(1, 3)):
                changed = edit(topic_state)
                topic_marks.update(changed)
                topic = s.commit("refs/heads/topic", rng, words.message(), changed, parent=topic)
                made += 1
            for _ in range(rng.randint(0, 2)):
                changed = edit(files)
                marks.update(changed)
                main = s.commit("refs/heads/main", rng, words.message(), changed, parent=main)
                made += 1
            files.update(topic_state)
            marks.update(topic_marks)
            main = s.commit("refs/heads/main", rng, f"Merge branch 'topic-{made}'\n", topic_marks,
                            parent=main, merge=topic)
            made += 1
        else:
            changed = edit(files)
            marks.update(changed)
            main = s.commit("refs/heads/main", rng, words.message(), changed, parent=main)
            made += 1
    s.write("reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n")


def text_files(repo, branch):
    """Regular files of BRANCH's tree that look like text, with their blob ids."""
    listing = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-l", branch],
                             check=True, capture_output=True).stdout.decode("utf-8", "replace")
    found = []
    for row in listing.splitlines():
        meta, path = row.split("\t", 1)
        mode, kind, oid, size = meta.split()
        if mode == "100644" and kind == "blob" and 200 <= int(size) <= 200_000 and '"' not in path:
            found.append((path, oid))
    return found


def read_blobs(repo, oids):
    batch = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], check=True,
                           input="".join(f"{oid}\n" for oid in oids).encode(), capture_output=True).stdout
    blobs, at = {}, 0
    for oid in oids:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        blobs[oid] = batch[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
    return blobs


def on_top(repo, branch, commits, count):
    rng = random.Random(count * 7919 + commits)
    words = Words(rng)
    candidates = text_files(repo, branch)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    contents = read_blobs(repo, [oid for _, oid in chosen])
    tip = subprocess.run(["git", "-C", repo, "rev-parse", branch], check=True,
                         capture_output=True).stdout.decode().strip()
    s = Stream(sys.stdout.buffer)
    s.time = 1_900_000_000
    per_commit = max(1, len(chosen) // commits)
    for n in range(commits):
        batch = chosen[n * per_commit:(n + 1) * per_commit] if n < commits - 1 else chosen[n * per_commit:]
        changed = {}
        for path, oid in batch:
            lines = contents[oid].split(b"\n")
            at = rng.randrange(len(lines))
            lines[at:at + 2] = [line.encode() for line in words.lines(3)]
            changed[path] = s.blob(b"\n".join(lines))
        s.mark += 1
        s.time += 600
        s.write(f"commit refs/heads/bench-next\nmark :{s.mark}\n")
        s.write(f"author Bench <bench@example.org> {s.time} +0000\n")
        s.write(f"committer Bench <bench@example.org> {s.time} +0000\n")
        s.data(words.message().encode())
        if n == 0:
            s.write(f"from {tip}\n")
        for path in sorted(changed):
            s.write(f"M 100644 :{changed[path]} {path}\n")
        s.write("\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "history":
        history(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    elif len(sys.argv) == 6 and sys.argv[1] == "on-top":
        on_top(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit(__doc__)
