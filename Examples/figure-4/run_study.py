#!/usr/bin/env python3
"""Run the Figure 4 study: every init of make_inits.py, trained by full-batch
gradient descent (fixed step ETA, STEPS steps) and by relutopo's flow
(dopri5) to the same time t = STEPS·ETA, on two 80/20 splits.

    python3 run_study.py RELUTOPO OUTDIR [--eta 0.05] [--steps 1000]
        [--splits 0,1] [--flow-splits 0,1] [--jobs 2]

Reads OUTDIR/inits/ and OUTDIR/inits.csv (make_inits.py), writes one JSON
Lines file per (method, split) to OUTDIR/runs/ (the `flow --json` object of
each run plus "init": the file name) and the compact table OUTDIR/runs.csv.

Two ways to run, chosen by `relutopo flow --help`: with `--batch DIR` (many
inits in one process over both cores, JSON Lines out) one process per
(method, split); without it one process per run, `--jobs` at a time. The
loss at t = 0 and the train loss at the early-stopping point
(`best_test_time`) come from the run's JSON (`initial_loss`,
`initial_test_loss`, `train_loss_at_best_test`) on both paths.
The per-process path resumes: runs already in a JSON Lines file are skipped."""
import argparse, csv, json, os, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

FIELDS = ["l", "l_plus", "seed", "split", "method", "eta", "t_max", "verdict", "prediction", "t_final",
          "loss0", "test_loss0", "final_loss", "test_loss", "best_test_loss", "best_test_time", "train_at_best",
          "loss_floor", "rhs_evaluations", "switches", "sliding_entries", "max_relative_drift",
          "invariant_sign_flips", "locked_sign_changes", "wall_seconds"]


def flow_arguments(data, method, split, eta, t_max):
    """The `relutopo flow` options of one run (shared by both paths)."""
    args = ["--data", data, "--target", "target", "--standardise", "--loss", "bce", "--method", method,
            "--t-max", repr(t_max), "--run-to-t-max", "--test-fraction", "0.2", "--split-seed", str(split), "--json"]
    if method == "gd":
        args += ["--lr", repr(eta)]
    return args


def supports_batch(relutopo):
    """Whether this relutopo has `flow --batch DIR`."""
    help_text = subprocess.run([relutopo, "flow", "--help"], capture_output=True, text=True).stdout
    return "--batch" in help_text


def early_stopping_numbers(doc):
    """The run's (loss at t = 0, test loss at t = 0, train loss at best_test_time) from its JSON."""
    if "train_loss_at_best_test" not in doc:
        raise RuntimeError("this relutopo's flow --json has no train_loss_at_best_test (built before 2026-12-02)")
    doc["loss0"], doc["test_loss0"], doc["train_at_best"] = \
        doc.pop("initial_loss"), doc.pop("initial_test_loss"), doc.pop("train_loss_at_best_test")
    return doc


def read_runs(path):
    """The runs of a JSON Lines file, by init: complete, parseable lines only (a
    line cut by a kill, or anything else, is left out and counted)."""
    docs, bad = {}, 0
    if os.path.exists(path):
        with open(path) as fh:
            for line in fh:
                if not line.endswith("\n"):   # the last line of a cut write, even if it parses
                    bad += 1
                    continue
                try:
                    doc = json.loads(line)
                    docs[doc["init"]] = doc
                except (ValueError, KeyError, TypeError):
                    bad += 1
    return docs, bad


def done_inits(path):
    """The inits already in a JSON Lines file; a file with bad lines (a cut last
    line) is first rewritten with its good lines only, so that appending to it
    cannot glue a new run onto a cut one."""
    docs, bad = read_runs(path)
    if bad:
        print(f"{path}: {bad} incomplete line(s) dropped", file=sys.stderr)
        with open(path + ".part", "w") as out:
            for doc in docs.values():
                out.write(json.dumps(doc) + "\n")
        os.replace(path + ".part", path)
    return set(docs)


def check_settings(runs_dir, settings):
    """OUTDIR/runs/settings.json records how the runs there were made; runs made
    otherwise are never resumed under these settings (their rows would carry
    the wrong eta and t_max)."""
    path = os.path.join(runs_dir, "settings.json")
    if os.path.exists(path):
        with open(path) as fh:
            recorded = json.load(fh)
        if recorded != settings:
            sys.exit(f"{runs_dir} holds runs made with other settings ({recorded}, now {settings}): "
                     f"remove it (run.sh without RESUME=1) or use another OUTDIR")
    elif any(name.endswith(".jsonl") for name in os.listdir(runs_dir)):
        sys.exit(f"{runs_dir} holds runs but no settings.json saying how they were made: remove it or use another OUTDIR")
    with open(path + ".part", "w") as fh:
        json.dump(settings, fh)
    os.replace(path + ".part", path)


def run_many(relutopo, init_dir, names, flow_args, out_jsonl, jobs, progress, use_batch):
    """Run `relutopo flow` on every init in `names` (files in init_dir) with flow_args,
    appending one JSON object per init (with "init": the file name) to out_jsonl."""
    if use_batch:
        if set(names) <= done_inits(out_jsonl):
            progress(len(names))
            return
        # All of init_dir in one process; --threads spreads the inits over the cores.
        with tempfile.TemporaryDirectory() as scratch:
            raw = os.path.join(scratch, "batch.jsonl")
            subprocess.run([relutopo, "flow", "--batch", init_dir, "--out", raw, "--threads", str(jobs)] + flow_args,
                           check=True)
            converted = out_jsonl + ".part"   # beside it, so that the rename is atomic
            with open(raw) as fh, open(converted, "w") as out:
                for line in fh:
                    doc = json.loads(line)
                    if "init" in doc:   # a run (the batch's shard header has no "init")
                        out.write(json.dumps(early_stopping_numbers(doc)) + "\n")
            os.replace(converted, out_jsonl)   # whole, or the old file stays
        progress(len(names))
        return
    done = done_inits(out_jsonl)
    lock = threading.Lock()
    with open(out_jsonl, "a") as out:
        def one(name):
            result = subprocess.run([relutopo, "flow", "--init", os.path.join(init_dir, name)] + flow_args,
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"{name}: exit {result.returncode}: {result.stderr.strip()}")
            doc = early_stopping_numbers(json.loads(result.stdout))
            doc["init"] = name
            with lock:
                out.write(json.dumps(doc) + "\n")
                out.flush()
                progress(1)
        with ThreadPoolExecutor(jobs) as pool:
            for future in [pool.submit(one, n) for n in names if n not in done]:
                future.result()


def write_table(outdir, plan, inits, eta, t_max):
    """The compact table OUTDIR/runs.csv: one row per run, in the order of the design;
    (method, split) pairs whose JSON Lines file is missing or incomplete are left out."""
    rows = []
    for method, split in plan:
        path = os.path.join(outdir, "runs", f"{method}_split{split}.jsonl")
        if not os.path.exists(path):
            continue
        docs, _ = read_runs(path)
        if any(r["file"] not in docs for r in inits):
            print(f"{path}: {len(docs)} of {len(inits)} runs, left out of runs.csv", file=sys.stderr)
            continue
        for r in sorted(inits, key=lambda r: (int(r["l"]), int(r["l_plus"]), int(r["seed"]))):
            d = docs[r["file"]]
            row = {"l": r["l"], "l_plus": r["l_plus"], "seed": r["seed"], "split": split, "method": method,
                   "eta": eta if method == "gd" else "", "t_max": t_max}
            for key in FIELDS[7:]:
                value = d.get(key)
                row[key] = "" if value is None else (f"{value:.7g}" if isinstance(value, float) else value)
            rows.append(row)
    with open(os.path.join(outdir, "runs.csv"), "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {os.path.join(outdir, 'runs.csv')} ({len(rows)} runs)", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("relutopo")
    parser.add_argument("outdir")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "..", "..", "shared", "data", "breast_cancer.csv"))
    parser.add_argument("--eta", type=float, default=0.05)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--splits", default="0,1")
    parser.add_argument("--flow-splits", default=None, help="splits for dopri5 (default: --splits)")
    parser.add_argument("--methods", default="gd,dopri5")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-batch", action="store_true", help="one process per run even if --batch exists")
    parser.add_argument("--table-only", action="store_true", help="only (re)write runs.csv from the JSON Lines files there are")
    args = parser.parse_args()
    t_max = args.steps * args.eta
    init_dir = os.path.join(args.outdir, "inits")
    with open(os.path.join(args.outdir, "inits.csv")) as fh:
        inits = list(csv.DictReader(fh))
    # Longest first (wide networks), so that both cores stay busy to the end.
    names = [r["file"] for r in sorted(inits, key=lambda r: (-int(r["l"]), int(r["l_plus"]), int(r["seed"])))]
    by_name = {r["file"]: r for r in inits}
    splits = [int(s) for s in args.splits.split(",")]
    flow_splits = [int(s) for s in (args.flow_splits or args.splits).split(",")]
    plan = [(m, s) for m in args.methods.split(",") for s in (flow_splits if m != "gd" else splits)]
    if args.table_only:
        write_table(args.outdir, plan, inits, args.eta, t_max)
        return
    use_batch = supports_batch(args.relutopo) and not args.no_batch
    os.makedirs(os.path.join(args.outdir, "runs"), exist_ok=True)
    check_settings(os.path.join(args.outdir, "runs"), {"eta": args.eta, "steps": args.steps, "data": os.path.abspath(args.data)})
    total = len(plan) * len(names)
    state = {"done": 0, "start": time.time()}

    def progress(count):
        state["done"] += count
        if state["done"] % 50 == 0 or state["done"] == total or count > 1:
            elapsed = time.time() - state["start"]
            print(f"[{time.strftime('%H:%M:%S')}] {state['done']}/{total} runs, {elapsed:.0f} s", file=sys.stderr, flush=True)

    print(f"{total} runs ({', '.join(f'{m} split {s}' for m, s in plan)}), eta {args.eta}, {args.steps} steps, "
          f"t = {t_max:g}, {'flow --batch' if use_batch else f'one process per run, {args.jobs} at a time'}",
          file=sys.stderr, flush=True)
    timings = {}
    for method, split in plan:
        out = os.path.join(args.outdir, "runs", f"{method}_split{split}.jsonl")
        start = time.time()
        run_many(args.relutopo, init_dir, names, flow_arguments(args.data, method, split, args.eta, t_max),
                 out, args.jobs, progress, use_batch)
        timings[(method, split)] = time.time() - start
        print(f"{method} split {split}: {timings[(method, split)]:.1f} s wall", file=sys.stderr, flush=True)
    write_table(args.outdir, plan, inits, args.eta, t_max)
    with open(os.path.join(args.outdir, "timings.csv"), "w") as fh:
        fh.write("method,split,runs,wall_seconds,mode\n")
        for (method, split), seconds in timings.items():
            fh.write(f"{method},{split},{len(names)},{seconds:.1f},{'batch' if use_batch else 'per-process'}\n")


if __name__ == "__main__":
    main()
