#!/usr/bin/env python3
"""Summaries behind the fixed-cost figures of docs/benchmarks.md (standard library only).

  jobs/bench-summary.py events EVENT_LOG   Spark event log of one application: number of Spark
                                           jobs, time inside jobs, application wall time, and
                                           jobs and time per job description (the step names the
                                           jobs set) and per call site.
  jobs/bench-summary.py timeline EVENT_LOG the same log's wall time per job description: while
                                           one of its jobs runs, and while no Spark job runs at
                                           all (the driver alone: planning, Delta's log and
                                           commits), counted towards the job that starts next;
                                           when each description's first job started, and
                                           the first job's start and the last one's end.
  jobs/bench-summary.py stages EVENT_LOG   the same log's stages: their executor run time summed
                                           (task seconds), then the ten longest with their
                                           records read and written, to tell the steps apart,
                                           their shortest and longest task (wall time), and the
                                           bytes they spilled (in memory, on disk).
  jobs/bench-summary.py steps EVENT_LOG    the same log's task time summed per step (the job
                                           description each job sets: "ingest ij_claims: read and
                                           check lines", ...), with the shuffle and the output
                                           bytes each step wrote (the scratch copy's size).
  jobs/bench-summary.py joins EVENT_LOG    the same log's joins of two shuffled sides: per join
                                           (strategy, type and keys, as the final plan has them),
                                           the task time of the stages it ran in, and whether
                                           adaptive execution chose a hash join or a sort-merge.
  jobs/bench-summary.py operators EVENT_LOG
                                           the same log's plan operators (aggregations, joins,
                                           sorts, cache scans, exchanges), keys as the final plan
                                           has them: their own timing metrics ("time in
                                           aggregation build", "sort time", ...) and output rows,
                                           summed over the stages that ran them. Spark's
                                           aggregation time includes the operators fused below it
                                           in the same stage, so nested figures overlap.
  jobs/bench-summary.py jfr-window FILE.jfr FROM TO
                                           the executor samples of a time window of the same
                                           recording (seconds after the first executor
                                           sample: one step of a generation), by the method
                                           they ran in, and their share under a few frames
                                           (BigDecimal, StrictMath, date text, the writer).
  jobs/bench-summary.py jfr-steps FILE.jfr EVENT_LOG
                                           the executor samples of a recording by the step
                                           whose tasks ran when each was taken (the same run's
                                           event log: the job descriptions, the tasks' times),
                                           per step by kind of work and by the method they ran in.
  jobs/bench-summary.py jfr FILE.jfr       a JDK Flight Recording of a job (IJ_JAVA_OPTS=
                                           -XX:StartFlightRecording=filename=FILE.jfr,settings=profile):
                                           CPU samples per thread kind, the share whose top frame
                                           ran interpreted (and the methods),
                                           the executors' samples by kind of work (sort, hash
                                           aggregation, hash join, columnar cache, Parquet,
                                           shuffle, row checks, Delta's file statistics) and
                                           by the method they ran in (the fifteen most frequent
                                           top frames), the JIT's failures,
                                           JIT compilation time per compiler tier (compilations
                                           the recording kept: over its threshold), and GC pause
                                           time. Needs the JDK's `jfr`.
"""
import bisect
import collections
import datetime
import json
import re
import subprocess
import sys


def log_events(path):
    """The event log's events, one JSON object a line (a torn last line is skipped)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def job_times(path):
    """The log's jobs (start, end, description, call site) and the application's first and
    last timestamps."""
    jobs = {}
    first = last = None
    for e in log_events(path):
        kind = e.get("Event")
        if kind == "SparkListenerApplicationStart":
            first = e["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            last = e["Timestamp"]
        elif kind == "SparkListenerJobStart":
            props = e.get("Properties") or {}
            stages = e.get("Stage Infos") or []
            jobs[e["Job ID"]] = {
                "start": e["Submission Time"], "end": None,
                "description": props.get("spark.job.description") or "(no description)",
                "site": stages[-1]["Stage Name"] if stages else "?"}
        elif kind == "SparkListenerJobEnd" and e["Job ID"] in jobs:
            jobs[e["Job ID"]]["end"] = e["Completion Time"]
            last = max(last or 0, e["Completion Time"])
    return [j for j in jobs.values() if j["end"] is not None], first, last


def events(path):
    done, first, last = job_times(path)
    inside = sum(j["end"] - j["start"] for j in done) / 1000
    wall = ((last or 0) - (first or 0)) / 1000
    print("%d Spark jobs, %.1f s inside jobs, application wall time %.1f s" % (
        len(done), inside, wall))
    for key, title in (("description", "job description"), ("site", "call site")):
        count = collections.Counter()
        seconds = collections.Counter()
        for j in done:
            count[j[key]] += 1
            seconds[j[key]] += (j["end"] - j["start"]) / 1000
        print("\n| %s | jobs | s inside jobs |\n|---|---:|---:|" % title)
        for name, s in seconds.most_common(25):
            print("| %s | %d | %.1f |" % (name[:100].replace("|", "/"), count[name], s))


def timeline(path):
    """The application's wall time per job description: while at least one of its jobs runs
    (busy), and while no job runs at all (driver only: planning, Delta's log and commits, the
    JVM's start), counted towards the job that starts next."""
    done, first, last = job_times(path)
    busy = collections.Counter()
    idle = collections.Counter()
    now = first
    for j in sorted(done, key=lambda j: j["start"]):
        if j["start"] > now:
            idle[j["description"]] += j["start"] - now
        if j["end"] > now:
            busy[j["description"]] += j["end"] - max(j["start"], now)
            now = j["end"]
    idle["(after the last job)"] += max(0, (last or now) - now)
    starts = {}
    for j in done:
        starts[j["description"]] = min(starts.get(j["description"], j["start"]), j["start"])
    print("application wall time %.1f s: %.1f s with a Spark job running, %.1f s without" % (
        ((last or 0) - (first or 0)) / 1000, sum(busy.values()) / 1000,
        sum(idle.values()) / 1000))
    if done:
        print("first job at %.1f s, last job ended at %.1f s" % (
            (min(j["start"] for j in done) - first) / 1000,
            (max(j["end"] for j in done) - first) / 1000))
    print("\n| job description | s with a job running | s before it without one "
          "| its first job at s |\n|---|---:|---:|---:|")
    for name in sorted(set(busy) | set(idle), key=lambda n: -(busy[n] + idle[n]))[:30]:
        print("| %s | %.1f | %.1f | %s |" % (
            name[:100].replace("|", "/"), busy[name] / 1000, idle[name] / 1000,
            "%.1f" % ((starts[name] - first) / 1000) if name in starts else ""))


def stages(path):
    done = []
    durations = collections.defaultdict(list)
    for e in log_events(path):
        if e.get("Event") == "SparkListenerTaskEnd":
            info = e.get("Task Info") or {}
            durations[e["Stage ID"]].append(
                (info.get("Finish Time", 0) - info.get("Launch Time", 0)) / 1000)
        if e.get("Event") != "SparkListenerStageCompleted":
            continue
        s = e["Stage Info"]
        metrics = {a.get("Name"): a.get("Value") for a in s.get("Accumulables", [])}
        done.append((int(metrics.get("internal.metrics.executorRunTime", 0)) / 1000,
                     s["Stage ID"], s["Number of Tasks"],
                     int(metrics.get("internal.metrics.shuffle.read.recordsRead", 0))
                     + int(metrics.get("internal.metrics.input.recordsRead", 0)),
                     int(metrics.get("internal.metrics.shuffle.write.recordsWritten", 0)),
                     s["Stage Name"],
                     int(metrics.get("internal.metrics.memoryBytesSpilled", 0)) / 1e6,
                     int(metrics.get("internal.metrics.diskBytesSpilled", 0)) / 1e6))
    print("%d stages, %.1f s of task time" % (len(done), sum(d[0] for d in done)))
    print("\n| stage | task s | tasks | a task's s (shortest / longest) | records read | "
          "records written | spilled MB (memory / disk) | call site |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for d in sorted(done, reverse=True)[:10]:
        took = durations.get(d[1]) or [0.0]
        print("| %d | %.1f | %d | %.1f / %.1f | %d | %d | %.0f / %.0f | %s |"
              % (d[1], d[0], d[2], min(took), max(took), d[3], d[4], d[6], d[7], d[5][:60]))


def task_ends(path):
    """The log's finished tasks, each with the step (the job description) of its stage."""
    step_of_stage = {}
    for e in log_events(path):
        if e.get("Event") == "SparkListenerJobStart":
            props = e.get("Properties") or {}
            for stage in e.get("Stage IDs", []):
                step_of_stage[stage] = props.get("spark.job.description") or "(no description)"
        elif e.get("Event") == "SparkListenerTaskEnd":
            yield step_of_stage.get(e["Stage ID"], "?"), e


def steps(path):
    per_step = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    cpu = gc = 0.0
    for step, e in task_ends(path):
        m = e.get("Task Metrics") or {}
        t = per_step[step]
        t[0] += m.get("Executor Run Time", 0) / 1000
        t[1] += m.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0) / 1e6
        t[2] += m.get("Output Metrics", {}).get("Bytes Written", 0) / 1e6
        cpu += m.get("Executor CPU Time", 0) / 1e9
        gc += m.get("JVM GC Time", 0) / 1000
    # The tasks' CPU and the collector's pauses inside their time tell a collector's cost apart.
    print("%.1f s of task time in %d steps (%.1f s on CPU, %.1f s in collector pauses)"
          % (sum(t[0] for t in per_step.values()), len(per_step), cpu, gc))
    print("\n| step | task s | shuffle written MB | output written MB |\n|---|---:|---:|---:|")
    for name, t in sorted(per_step.items(), key=lambda kv: -kv[1][0])[:25]:
        print("| %s | %.1f | %.0f | %.0f |" % (name[:100].replace("|", "/"), t[0], t[1], t[2]))


def plan_nodes(path):
    """Every node of every plan the log announces, adaptive execution's re-plans included (one
    can announce the plan a stage ran after that stage ends: callers read stages afterwards)."""
    def walk(node):
        yield node
        for child in node.get("children", []):
            yield from walk(child)

    for e in log_events(path):
        kind = e.get("Event", "")
        if kind.endswith("SQLExecutionStart") or kind.endswith("SQLAdaptiveExecutionUpdate"):
            yield from walk(e["sparkPlanInfo"])


def joins(path):
    # A plan node's metrics are accumulators; a stage that updated one of a join's ran it.
    join_of_accumulator = {}
    for node in plan_nodes(path):
        if node.get("nodeName", "") in ("SortMergeJoin", "ShuffledHashJoin"):
            text = node.get("simpleString", "")
            # "SortMergeJoin [a#1], [b#2], Inner, ...": the keys and type without expression ids.
            text = re.sub(r"#\d+L?", "", text)
            kept = re.match(r"\w+ \[[^\]]*\], \[[^\]]*\], \w+(, Build\w+)?", text)
            label = kept.group(0) if kept else text[:110]
            for m in node.get("metrics", []):
                join_of_accumulator[m["accumulatorId"]] = label
    stage_time = {}
    for e in log_events(path):
        kind = e.get("Event", "")
        if kind == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            metrics = {a.get("Name"): a.get("Value") for a in s.get("Accumulables", [])}
            stage_time[s["Stage ID"]] = (
                int(metrics.get("internal.metrics.executorRunTime", 0)) / 1000,
                {join_of_accumulator[a["ID"]] for a in s.get("Accumulables", [])
                 if a.get("ID") in join_of_accumulator})
    per_join = collections.defaultdict(lambda: [0.0, 0])
    for t, labels in stage_time.values():
        for label in labels:
            per_join[label][0] += t
            per_join[label][1] += 1
    print("\n| join (strategy, keys, type) | stages | task s of those stages |\n|---|---:|---:|")
    for label, (t, n) in sorted(per_join.items(), key=lambda kv: -kv[1][0])[:15]:
        print("| %s | %d | %.1f |" % (label.replace("|", "/"), n, t))


def operators(path):
    kinds = ("HashAggregate", "ObjectHashAggregate", "SortAggregate", "SortMergeJoin",
             "ShuffledHashJoin", "BroadcastHashJoin", "Sort", "Window", "InMemoryTableScan",
             "Exchange")
    metric_of_accumulator = {}
    for node in plan_nodes(path):
        if node.get("nodeName") in kinds:
            label = re.sub(r"#\d+L?|, \[plan_id=\d+\]", "", node.get("simpleString", ""))[:130]
            for m in node.get("metrics", []):
                metric_of_accumulator[m["accumulatorId"]] = (label, m["name"],
                                                             m.get("metricType"))
    time = collections.Counter()
    rows = collections.Counter()
    for e in log_events(path):
        if e.get("Event") != "SparkListenerStageCompleted":
            continue
        for a in e["Stage Info"].get("Accumulables", []):
            known = metric_of_accumulator.get(a.get("ID"))
            if known is None:
                continue
            label, name, kind = known
            if name == "number of output rows":
                rows[label] += int(a.get("Value", 0))
            elif kind in ("timing", "nsTiming") and "time" in name:
                value = int(a.get("Value", 0))
                time[(label, name)] += value / 1e9 if kind == "nsTiming" else value / 1e3
    print("\n| operator (keys as planned) | metric | s | its output rows |\n|---|---|---:|---:|")
    for (label, name), s in time.most_common(25):
        print("| %s | %s | %.1f | %d |" % (label.replace("|", "/"), name, s, rows[label]))


def seconds(value, unit):
    return float(value) * {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}.get(unit, 1)


# Kinds of executor work, each named by fragments of the class or method names that do it; the
# first frame from the top of a stack that matches one decides.
KINDS = (
    ("sort", ("UnsafeExternalSorter", "UnsafeInMemorySorter", "UnsafeExternalRowSorter",
              "TimSort", "RadixSort")),
    ("columnar cache: build", ("ColumnBuilder", "CachedRDDBuilder",
                               "DefaultCachedBatchSerializer$$anon")),
    ("columnar cache: read", ("ColumnAccessor", "InMemoryTableScan")),
    ("Parquet: write", ("InternalParquetRecordWriter", "ParquetOutputWriter", "ValuesWriter",
                        "ColumnWriterBase", "ColumnWriteStore", "ParquetWriteSupport",
                        "RunLengthBitPackingHybridEncoder")),
    ("Parquet: read", ("VectorizedParquetRecordReader", "VectorizedColumnReader",
                       "VectorizedRleValuesReader", "ValuesReader", "PlainValuesDictionary",
                       "ParquetFileReader")),
    ("shuffle: write", ("ShuffleExternalSorter", "UnsafeShuffleWriter",
                        "BypassMergeSortShuffleWriter", "SortShuffleWriter")),
    ("shuffle: read", ("ShuffleBlockFetcherIterator", "BlockStoreShuffleReader",
                       "UnsafeRowSerializer")),
    ("hash join", ("HashedRelation", "hashJoin", "shj_", "bhj_")),
    # Not BytesToBytesMap: joins' hash relations use it too, and the frame under it says which.
    ("hash aggregation", ("UnsafeFixedWidthAggregationMap", "hashAgg_",
                          "RowBasedKeyValueBatch")),
    ("row checks (ingestion)", ("ijcampaign.ingest.RowChecks", "ijcampaign.ingest.Text")),
    # Delta's own per-row work when it writes: the statistics of each file (its write task's
    # frame sits under every row the task writes, so it cannot stand for Delta as a whole).
    ("Delta: per-file statistics", ("DeltaTaskStatisticsTracker",)),
)


def kind_of_work(frames):
    for frame in frames:
        method = frame["method"]
        name = method["type"]["name"].replace("/", ".") + "." + method["name"]
        for kind, fragments in KINDS:
            if any(f in name for f in fragments):
                return kind
    return "other"


def execution_samples(path):
    """The recording's CPU samples: (thread name, start time, frames from the top). Read one
    event at a time from `jfr print --json`: a national job's recording prints gigabytes of
    JSON, which loaded whole would not fit in memory."""
    proc = subprocess.Popen(["jfr", "print", "--json", "--stack-depth", "80", "--events",
                             "jdk.ExecutionSample", path], stdout=subprocess.PIPE, text=True)
    event = None

    def parsed(lines):
        values = json.loads("".join(lines) + "}")["values"]
        thread = values.get("sampledThread") or {}
        return (thread.get("javaName") or thread.get("osName") or "?",
                datetime.datetime.fromisoformat(values["startTime"][:26]),
                (values.get("stackTrace") or {}).get("frames") or [])

    # The events array's items start at this indentation: '    "events": [{', then
    # '    }, {' between two events and '    }]' after the last.
    for line in proc.stdout:
        if line.startswith('    "events": [{') or line.startswith("    }, {"):
            if event is not None:
                yield parsed(event)
            event = ["{"]
        elif line.startswith("    }]"):
            if event is not None:
                yield parsed(event)
            event = None
        elif event is not None:
            event.append(line)
    if proc.wait() != 0:
        sys.exit("jfr print failed on " + path)


def jfr(path):
    def printed(event):
        return subprocess.run(["jfr", "print", "--events", event, path], check=True,
                              capture_output=True, text=True).stdout

    samples = collections.Counter()
    interpreted = collections.Counter()
    work = collections.Counter()
    own = collections.Counter()
    total = 0
    for name, _, frames in execution_samples(path):
        if "Executor task launch" in name:
            name = "executor tasks"
        elif name != "main":
            name = re.sub(r"[-\d]+", "#", name)
        samples[name] += 1
        if frames and name == "executor tasks":
            work[kind_of_work(frames)] += 1
            method = frames[0]["method"]
            own[method["type"]["name"].split("/")[-1] + "." + method["name"]] += 1
        if frames:
            total += 1
            if frames[0].get("type") == "Interpreted":
                method = frames[0]["method"]
                interpreted[method["type"]["name"].split("/")[-1] + "." + method["name"]] += 1
    print("CPU samples per thread (about 10 ms each with settings=profile):")
    for name, n in samples.most_common(8):
        print("  %6d  %s" % (n, name))
    # A hot method HotSpot failed to compile runs interpreted, several times slower: Spark's
    # generated code can exceed what C1 compiles ("out of virtual registers").
    print("samples whose top frame ran interpreted: %d of %d (%.1f %%); the most frequent:"
          % (sum(interpreted.values()), total, 100.0 * sum(interpreted.values()) / max(total, 1)))
    for name, n in interpreted.most_common(5):
        print("  %6d  %s" % (n, name))
    print("executor samples by kind of work (the first frame from the top that names one; "
          "an operator's own code, the rows it pulls through whole-stage code included, "
          "counts as its kind):")
    for kind, n in work.most_common():
        print("  %5.1f %%  %s" % (100.0 * n / max(sum(work.values()), 1), kind))
    print("executor samples by the method they ran in (the top frame: its own time):")
    for method, n in own.most_common(15):
        print("  %5.1f %%  %s" % (100.0 * n / max(sum(own.values()), 1), method))
    failures = collections.Counter(re.findall(r'failureMessage = "([^"]*)"',
                                              printed("jdk.CompilationFailure")))
    print("JIT compilation failures:")
    for message, n in failures.most_common():
        print("  %6d  %s" % (n, message))
    tiers = collections.Counter()
    counts = collections.Counter()
    for block in printed("jdk.Compilation").split("jdk.Compilation {")[1:]:
        d = re.search(r"duration = ([\d.]+) (\w+)", block)
        level = re.search(r"compileLevel = (\d+)", block)
        if d and level:
            tiers[level.group(1)] += seconds(d.group(1), d.group(2))
            counts[level.group(1)] += 1
    print("JIT compilations kept by the recording (tier 4 = C2):")
    for level in sorted(tiers):
        print("  tier %s: %d compilations, %.1f s" % (level, counts[level], tiers[level]))
    pauses = 0.0
    for m in re.finditer(r"sumOfPauses = ([\d.]+) (\w+)", printed("jdk.GarbageCollection")):
        pauses += seconds(m.group(1), m.group(2))
    print("GC pauses: %.1f s" % pauses)


# Frames whose share of a window's executor samples tells what a generation step spends.
WINDOW_FRAMES = ["java.math.BigDecimal.valueOf", "java.lang.StrictMath.pow",
                 "java.lang.StrictMath.exp", "Iso8601DateFormatter.format",
                 "UTF8String.lpad", "LandingParts.writeLine", "Draws.invertPoisson"]


def jfr_window(path, start, end):
    """Executor samples from START to END seconds after the first executor sample."""
    samples = [(when, [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                       for f in frames])
               for name, when, frames in execution_samples(path)
               if "Executor task launch" in name]
    first = min(w for w, _ in samples)
    chosen = [names for w, names in samples
              if float(start) <= (w - first).total_seconds() < float(end)]
    print("executor samples from %s to %s s after the first: %d" % (start, end, len(chosen)))
    own = collections.Counter(names[0].split(".")[-2] + "." + names[0].split(".")[-1]
                              for names in chosen if names)
    print("by the method they ran in (the top frame):")
    for method, n in own.most_common(15):
        print("  %5.1f %%  %s" % (100.0 * n / max(len(chosen), 1), method))
    print("under these frames (anywhere in the stack):")
    for frame in WINDOW_FRAMES:
        n = sum(1 for names in chosen if any(frame in x for x in names))
        print("  %5.1f %%  %s" % (100.0 * n / max(len(chosen), 1), frame))


def jfr_steps(path, event_log):
    """The executor samples of a recording by the step (job description) whose tasks were
    running when each was taken, from the same run's event log: per step, its samples by kind
    of work and by the method they ran in. A sample taken while tasks of two steps ran (the
    ingestion checks two files at once) is counted apart."""
    tasks = sorted((e["Task Info"]["Launch Time"], e["Task Info"]["Finish Time"], step)
                   for step, e in task_ends(event_log))
    launches = [t[0] for t in tasks]
    # The latest finish among the tasks launched so far: going back from a time, no earlier
    # task can still run once it falls before that time.
    latest = []
    for t in tasks:
        latest.append(max(t[1], latest[-1] if latest else t[1]))
    work = collections.defaultdict(collections.Counter)
    own = collections.defaultdict(collections.Counter)
    several = 0
    for name, when, frames in execution_samples(path):
        if "Executor task launch" not in name or not frames:
            continue
        ms = when.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
        running = set()
        i = bisect.bisect_right(launches, ms) - 1
        while i >= 0 and latest[i] >= ms:
            if tasks[i][1] >= ms:
                running.add(tasks[i][2])
            i -= 1
        if len(running) != 1:
            several += 1
            continue
        step = running.pop()
        work[step][kind_of_work(frames)] += 1
        method = frames[0]["method"]
        own[step][method["type"]["name"].split("/")[-1] + "." + method["name"]] += 1
    total = sum(sum(c.values()) for c in work.values())
    print("executor samples of one step: %d; taken while two steps ran, or none: %d"
          % (total, several))
    for step, kinds in sorted(work.items(), key=lambda kv: -sum(kv[1].values()))[:15]:
        n = sum(kinds.values())
        print("\n%s: %d samples (%.1f %%)" % (step, n, 100.0 * n / max(total, 1)))
        print("  by kind of work: " + ", ".join("%s %.0f %%" % (k, 100.0 * v / n)
                                               for k, v in kinds.most_common(6)))
        print("  by the method they ran in: " + ", ".join(
            "%s %.1f %%" % (m, 100.0 * v / n) for m, v in own[step].most_common(5)))


if __name__ == "__main__":
    # Each command and the number of arguments it takes.
    commands = {"events": (events, 1), "timeline": (timeline, 1), "stages": (stages, 1),
                "steps": (steps, 1), "joins": (joins, 1), "operators": (operators, 1),
                "jfr": (jfr, 1), "jfr-window": (jfr_window, 3), "jfr-steps": (jfr_steps, 2)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands \
            or len(sys.argv) != 2 + commands[sys.argv[1]][1]:
        sys.exit(__doc__)
    commands[sys.argv[1]][0](*sys.argv[2:])
