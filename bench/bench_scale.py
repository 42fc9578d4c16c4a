"""Corpus-scale benchmark: constant memory on a 1 GB JSONL shard, and the -j 2 speed-up.

    python3 bench/bench_scale.py                 # both parts, default sizes (about 15 minutes here)
    python3 bench/bench_scale.py --gb 0.05 --mb 10   # a quick run
    python3 bench/bench_scale.py --select mojibake   # only the encoding repairs (faster core)

1. **Memory.** Writes a JSONL shard of `--gb` GB (default 1) in a temporary folder and
   runs `textfix clean -i -j J` on it (J = `--memory-jobs`, default 2). Reports the peak
   resident memory of the `textfix` process (from `wait4`), the peak of all its processes
   together (sampled from /proc every 50 ms) and the throughput. Target: < 200 MB.
2. **Speed-up.** Writes a ~`--mb` MB corpus (default 200: one large shard, cut into blocks
   by `-j`, plus several smaller shards and a folder of .txt articles), copies it twice,
   and runs `textfix clean -i --log` with `-j 1` and `-j 2` (`--repeat N` times each,
   alternated; the best wall time of each counts, as the least disturbed by other work on
   the machine). Checks that every run gives the same bytes (every file and the log) and
   reports wall and CPU time. Target: >= 1.7x.

Documents come from `datagen.py` (seeded, nothing read from disk): 60 % clean English,
30 % typographic, 10 % with mojibake, as records `{"id", "url", "text"}`. Results of a
run are written to docs/scale.md by hand.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import datagen  # noqa: E402

MIX = (("clean", 0.6), ("typographic", 0.3), ("mojibake", 0.1))


def document_pool(pool_mb: float = 4.0, seed: int = datagen.DEFAULT_SEED) -> list:
    """About `pool_mb` MB of documents in the mix above, interleaved."""
    pools = [datagen.make_corpus(kind, int(pool_mb * 1e6 * share), seed=seed + i) for i, (kind, share) in enumerate(MIX)]
    docs = []
    for i in range(max(len(p) for p in pools)):
        for pool in pools:
            if i < len(pool):
                docs.append(pool[i])
    return docs


def record(n: int, doc: str) -> str:
    """Record number `n` of a shard, as one JSON line."""
    return json.dumps({"id": f"doc-{n:09d}", "url": f"https://news.example.com/a/{n}", "text": doc}, ensure_ascii=False) + "\n"


def write_shard(path: str, size: int, docs: list, start: int = 0) -> int:
    """Write records until the file holds `size` bytes; return the next record number."""
    n = start
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            line = record(n, docs[n % len(docs)])
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def write_corpus(folder: str, size: int, docs: list) -> None:
    """About `size` bytes: a shard of 40 %, six shards of 8 % and .txt articles for the rest."""
    os.makedirs(os.path.join(folder, "articles"), exist_ok=True)
    n = write_shard(os.path.join(folder, "big.jsonl"), int(size * 0.4), docs)
    for i in range(6):
        n = write_shard(os.path.join(folder, f"shard-{i:02d}.jsonl"), int(size * 0.08), docs, n)
    written, i = 0, 0
    while written < size * 0.12:
        data = docs[(n + i) % len(docs)].encode("utf-8")
        with open(os.path.join(folder, "articles", f"{i:05d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        i += 1


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, in bytes (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_textfix(args: list, cwd: str) -> dict:
    """Run `python -m textfix ARGS`; wall time, CPU time, exit code and memory peaks."""
    return run_python(["-m", "textfix", *args], cwd)


def run_python(args: list, cwd: str) -> dict:
    """Run `python ARGS` with this checkout first on the path; wall time, CPU time (the
    process and every child it waited for), exit code and memory peaks."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.path.dirname(HERE), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "code": proc.returncode,
        "stderr": err.decode("utf-8", "replace"),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,  # the process and the workers it waited for
        "maxrss": usage.ru_maxrss * 1024,  # the largest single process
        "tree_peak": peak[0],
    }


def same_tree(a: str, b: str) -> bool:
    """True when both folders hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def folder_size(folder: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def memory_part(work: str, gb: float, jobs: int, docs: list, extra: list) -> dict:
    shard = os.path.join(work, "shard-1gb.jsonl")
    t = time.perf_counter()
    write_shard(shard, int(gb * 1e9), docs)
    size = os.path.getsize(shard)
    print(f"memory: wrote {size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s; "
          f"running textfix clean -i -j {jobs} ...", flush=True)
    r = run_textfix(["clean", "-i", "-j", str(jobs), "--no-progress", shard, *extra], work)
    os.unlink(shard)
    r["size"] = size
    print(f"memory: exit {r['code']}, {r['wall']:.0f} s wall, {size / 1e6 / r['wall']:.2f} MB/s, "
          f"peak RSS {r['maxrss'] / 1e6:.0f} MB (largest process), "
          f"{r['tree_peak'] / 1e6:.0f} MB (all processes, sampled); target < 200 MB", flush=True)
    if r["code"] not in (0, 1):
        print(r["stderr"][-2000:])
    return r


def speedup_part(work: str, mb: float, docs: list, extra: list, repeat: int = 1) -> dict:
    pristine = os.path.join(work, "corpus")
    write_corpus(pristine, int(mb * 1e6), docs)
    size = folder_size(pristine)
    runs = {1: [], 2: []}
    files_same = logs_same = True
    reference = os.path.join(work, "reference")
    for attempt in range(repeat):
        for jobs in (1, 2):  # alternated, so a burst of load elsewhere hits both alike
            copy = os.path.join(work, f"j{jobs}")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(pristine, copy)
            log = os.path.join(work, f"log-j{jobs}.jsonl")
            r = run_textfix(["clean", "-i", "-j", str(jobs), "--no-progress", "--log", log, copy, *extra], work)
            runs[jobs].append(r)
            summary = r["stderr"].strip().splitlines()[-1] if r["stderr"].strip() else ""
            print(f"speed-up: {size / 1e6:.0f} MB, -j {jobs} (run {attempt + 1}): exit {r['code']}, {r['wall']:.1f} s wall, "
                  f"{r['cpu']:.1f} s CPU, {size / 1e6 / r['wall']:.2f} MB/s, load {os.getloadavg()[0]:.1f}; {summary}",
                  flush=True)
            with open(log, "rb") as f:
                log_bytes = f.read().replace(copy.encode(), b"CORPUS")
            if not os.path.exists(reference):
                os.rename(copy, reference)
                reference_log = log_bytes
            else:
                files_same &= same_tree(reference, copy)
                logs_same &= log_bytes == reference_log
                shutil.rmtree(copy)
    best = {jobs: min(r["wall"] for r in runs[jobs]) for jobs in runs}
    cpu = {jobs: min(r["cpu"] for r in runs[jobs]) for jobs in runs}
    speedup = best[1] / best[2]
    print(f"speed-up: {speedup:.2f}x with -j 2 (best of {repeat}: {best[1]:.1f} s vs {best[2]:.1f} s; target >= 1.7x); "
          f"CPU {cpu[1]:.1f} s vs {cpu[2]:.1f} s ({(cpu[2] / cpu[1] - 1) * 100:+.0f}% for -j 2); "
          f"identical output files: {files_same}, identical logs: {logs_same}", flush=True)
    return {"size": size, "speedup": speedup, "files_same": files_same, "logs_same": logs_same,
            "j1": runs[1][-1], "j2": runs[2][-1]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0, help="size of the shard for the memory part (GB)")
    parser.add_argument("--mb", type=float, default=200.0, help="size of the corpus for the speed-up part (MB)")
    parser.add_argument("--memory-jobs", type=int, default=2, help="-j for the memory part")
    parser.add_argument("--pool-mb", type=float, default=4.0, help="distinct documents to cycle through (MB)")
    parser.add_argument("--repeat", type=int, default=1, help="speed-up: runs of each -j, alternated; the best counts")
    parser.add_argument("--select", help="pass --select to textfix (e.g. mojibake)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-speedup", action="store_true")
    parser.add_argument("--dir", help="work in this folder (default: a temporary folder, removed at the end)")
    args = parser.parse_args(argv)
    extra = ["--select", args.select] if args.select else []
    docs = document_pool(args.pool_mb)
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}", flush=True)
    work = args.dir or tempfile.mkdtemp(prefix="textfix-scale-")
    os.makedirs(work, exist_ok=True)
    ok = True
    try:
        if not args.skip_memory:
            r = memory_part(work, args.gb, args.memory_jobs, docs, extra)
            ok &= r["code"] == 0
        if not args.skip_speedup:
            r = speedup_part(work, args.mb, docs, extra, args.repeat)
            ok &= r["files_same"] and r["logs_same"] and r["j1"]["code"] == 0 and r["j2"]["code"] == 0
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
