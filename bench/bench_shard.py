"""One JSONL shard, `textfix clean -j 2` against datatrove's Reader -> FTFY -> Writer on 2 workers.

    python3 bench/bench_shard.py                      # a 200 MB shard, best of 1
    python3 bench/bench_shard.py --mb 50 --repeat 2   # smaller, best of 2

Writes a shard of `--mb` MB (records `{"id", "url", "text"}` from `datagen.py` in
bench_scale.py's mix: 60 % clean English, 30 % typographic, 10 % with mojibake; every
document different) and times,
`--repeat` times each, alternated (the best wall and the best CPU time count):

- **textfix**: `textfix clean -j 2 --no-progress SHARD -o OUT.jsonl`, the way a user cleans a
  shard (the default pipeline: repairs and boilerplate).
- **datatrove FTFY**: `LocalPipelineExecutor([JsonlReader, FTFYFormatter(), JsonlWriter],
  tasks=2, workers=2)`. datatrove gives each task whole files, so with one file one worker
  would do everything; it reads the same records split into two files of half the shard each
  (cut at a record boundary), its best case. The writer writes uncompressed JSONL (its default
  is gzip), as textfix does; the pool starts with `fork` (the cheapest start; datatrove's
  default is forkserver), so that every process is a waited-for child and counted in the CPU
  time. Its logging folder (stats, logs) is part of its run, as for a user.
- **datatrove FTFY + C4**: the same with `C4QualityFilter(min_num_sentences=-1)` after the
  formatter, as `datatrove_chain.py` configures it: the boilerplate step a datatrove user adds,
  so the like-for-like comparison with textfix's default pipeline.

Prints each run, then the ratios textfix wall / datatrove wall (the issue 15 target: <= 0.4
against Reader -> FTFY -> Writer). Checks the outputs: textfix and datatrove FTFY give as many
records as the shard, ids in the shard's order; the C4 chain gives ids in order (a subset: C4
drops pages). Wall times and CPU times are from `wait4` of one subprocess per run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_scale  # noqa: E402
import datagen  # noqa: E402

ENGINES = ("textfix", "datatrove FTFY", "datatrove FTFY+C4")


def write_distinct_shard(path: str, size: int, pool_mb: float) -> None:
    """A shard of `size` bytes whose documents are all different: one pool of `pool_mb` MB
    after another, each from its own seed (a pool cycled again would repeat lines that
    textfix's gate memoizes and datatrove's steps do not)."""
    part, n, written = 0, 0, 0
    with open(path, "wb") as f:
        while written < size:
            docs = bench_scale.document_pool(min(pool_mb, (size - written) / 1e6 + 0.1), seed=datagen.DEFAULT_SEED + 10 * part)
            for doc in docs:
                line = bench_scale.record(n, doc).encode("utf-8")
                f.write(line)
                written += len(line)
                n += 1
                if written >= size:
                    break
            part += 1


def split_shard(shard: str, folder: str, parts: int = 2) -> list:
    """Cut `shard` into `parts` files of about equal bytes at record boundaries, in order."""
    os.makedirs(folder, exist_ok=True)
    size = os.path.getsize(shard)
    paths = [os.path.join(folder, f"part-{i}.jsonl") for i in range(parts)]
    with open(shard, "rb") as src:
        for i, path in enumerate(paths):
            limit = size * (i + 1) // parts
            with open(path, "wb") as out:
                while src.tell() < limit or i == parts - 1:
                    line = src.readline()
                    if not line:
                        break
                    out.write(line)
    return paths


def run_datatrove(src: str, out: str, logs: str, c4: bool) -> None:
    """Run datatrove's pipeline over the files of `src` with 2 tasks on 2 workers (in this
    process: called by `--datatrove-run`, so the bench times it as a subprocess)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import C4QualityFilter
    from datatrove.pipeline.formatters import FTFYFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    steps = [JsonlReader(src), FTFYFormatter()]
    if c4:
        steps.append(C4QualityFilter(min_num_sentences=-1))
    steps.append(JsonlWriter(out, compression=None))
    LocalPipelineExecutor(steps, tasks=2, workers=2, logging_dir=logs, start_method="fork").run()


def ids_of(paths: list) -> list:
    """The ids of the records of `paths`, in order (files in the order given)."""
    ids = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            ids += [json.loads(line)["id"] for line in f]
    return ids


def is_subsequence(part: list, whole: list) -> bool:
    """True when `part` is `whole` with some items left out, the rest in the same order."""
    rest = iter(whole)
    return all(item in rest for item in part)


def output_files(folder: str) -> list:
    """datatrove's output files, one per rank, in rank order."""
    return sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".jsonl"))


def time_engine(engine: str, work: str, shard: str, halves: str) -> tuple:
    """Run one engine once from a clean output; (timing dict, ids it wrote)."""
    out = os.path.join(work, "out-" + engine.replace(" ", "-").replace("+", "-"))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    if engine == "textfix":
        target = os.path.join(out, "shard.jsonl")
        r = bench_scale.run_textfix(["clean", "-j", "2", "--no-progress", shard, "-o", target], work)
        written = [target] if os.path.exists(target) else []
    else:
        logs = out + "-logs"
        shutil.rmtree(logs, ignore_errors=True)
        r = bench_scale.run_python([os.path.abspath(__file__), "--datatrove-run", halves, out, logs,
                                    *(["--c4"] if "C4" in engine else [])], work)
        written = output_files(out)
    return r, ids_of(written) if r["code"] == 0 else []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of the shard (MB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine, alternated; the best counts")
    parser.add_argument("--pool-mb", type=float, default=4.0, help="documents generated at a time (MB; all distinct)")
    parser.add_argument("--dir", help="work in this folder (default: a temporary folder, removed at the end)")
    parser.add_argument("--datatrove-run", nargs=3, metavar=("SRC", "OUT", "LOGS"), help=argparse.SUPPRESS)
    parser.add_argument("--c4", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.datatrove_run:
        run_datatrove(*args.datatrove_run, c4=args.c4)
        return 0
    try:
        import datatrove  # noqa: F401
    except ImportError:
        print("datatrove is not installed (pip install -e '.[test]')", file=sys.stderr)
        return 2
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}", flush=True)
    work = args.dir or tempfile.mkdtemp(prefix="textfix-shard-")
    os.makedirs(work, exist_ok=True)
    try:
        return compare(work, args.mb, args.repeat, args.pool_mb)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


def compare(work: str, mb: float, repeat: int, pool_mb: float) -> int:
    """Write the shard, time the engines alternated, check their outputs, print the ratios."""
    shard = os.path.join(work, "shard.jsonl")
    write_distinct_shard(shard, int(mb * 1e6), pool_mb)
    halves = os.path.join(work, "halves")
    split_shard(shard, halves)
    size = os.path.getsize(shard)
    expected = ids_of([shard])
    print(f"shard: {size / 1e6:.1f} MB, {len(expected)} records; datatrove reads it as 2 files of "
          f"{', '.join(f'{os.path.getsize(p) / 1e6:.1f}' for p in output_files(halves))} MB", flush=True)
    runs = {engine: [] for engine in ENGINES}
    ok = True
    for attempt in range(repeat):
        for engine in ENGINES:  # alternated, so a burst of load elsewhere hits all alike
            r, ids = time_engine(engine, work, shard, halves)
            runs[engine].append(r)
            sane = ids == expected if "C4" not in engine else bool(ids) and is_subsequence(ids, expected)
            ok &= r["code"] == 0 and sane
            print(f"{engine:18} run {attempt + 1}: exit {r['code']}, {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, "
                  f"{size / 1e6 / r['wall']:.2f} MB/s, peak {r['tree_peak'] / 1e6:.0f} MB (all processes), "
                  f"{len(ids)} records, ids in order: {sane}, load {os.getloadavg()[0]:.1f}", flush=True)
            if r["code"] != 0:
                print(r["stderr"][-2000:])
    wall = {e: min(r["wall"] for r in runs[e]) for e in ENGINES}
    cpu = {e: min(r["cpu"] for r in runs[e]) for e in ENGINES}
    for engine in ENGINES[1:]:
        print(f"textfix / {engine}: wall {wall['textfix'] / wall[engine]:.2f} "
              f"({wall['textfix']:.1f} s vs {wall[engine]:.1f} s), CPU {cpu['textfix'] / cpu[engine]:.2f} "
              f"({cpu['textfix']:.1f} s vs {cpu[engine]:.1f} s); best of {repeat}"
              + ("; target <= 0.4" if engine == "datatrove FTFY" else ""), flush=True)
    print(f"outputs sane: {ok}; load average at the end: {os.getloadavg()[0]:.2f}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
