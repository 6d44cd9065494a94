#!/usr/bin/env python3
"""The compact tables of docs/persistent.md, read from the targeting study's reports
(standard library only).

  jobs/study-summary.py OUT [SCENARIO...]
  jobs/study-summary.py --against-previous OUT [SCENARIO...]

OUT is a folder of jobs/study-targeting.sh (one OUT/<scenario>-<gps>-s<seed>/acc/accuracy.md per
zone); with SCENARIO names (local, mild-over, ...) only their zones. The persistent rule shown
is the campaign's (the row whose name says "(the campaign's)"). Prints, one line per zone: the
fit (shock correlation, sigma2_s), the published rule, the persistent rule, the two bounds (the
persistent ratio and the true multiplier, each cut at 90 % precision on the truth) and the 95 %
interval's coverage; then the issue's goals per zone for the persistent rule; then, for each
probability of the reports' sweep, the same goals over all zones (what the campaign's
probability is chosen on). Each rule's cell: targeted, recall planted, precision planted,
targeted truly < 1.5x (year / persistent), innocent replaced titulars, newly installed / small
list.

With --against-previous, after a rescore (jobs/study-targeting.sh --rescore keeps the former
report as acc/accuracy.previous.md): per zone, each rule whose targeted GPs, recall or harm
cells differ between the two reports, before -> after; then the zones where a harm cell moved.
"""
import os
import re
import statistics
import sys

FIT = re.compile(r"Fit: mu (\S+), tau2_p (\S+), sigma2_s (\S+), noise scale (\S+), "
                 r"shock correlation (\S+) \((\d+) GPs\)")


def last_section(text, heading):
    """The last report section whose heading starts with `heading` (accuracy appends)."""
    start = text.rfind("\n### " + heading)
    if start < 0:
        raise ValueError("no section '%s'" % heading)
    end = text.find("\n### ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def table_rows(section, header=False):
    """The section's first table's rows as lists of cells, the rule line left out (the header
    too unless asked for); a later table of the section (the harmed GPs' list) is not read."""
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows and not line.startswith("|---"):
            break
    return rows if header else rows[1:]


def by_header(section):
    """The section's table as {first cell: {column header: cell}} (reports before the mean
    distance was added have no such column)."""
    rows = table_rows(section, header=True)
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


def cell(row):
    # rule | targeted | recall planted | precision planted | recall year | precision year |
    # recall persistent | precision persistent | <1.5 year | <1.5 persistent | innocent | new | small
    return "%s, %s, %s, %s / %s, %s, %s / %s" % (row[1], row[2], row[3], row[8], row[9], row[10],
                                                 row[11], row[12])


def percent(fraction):
    m = re.search(r"= (\d+) %", fraction)
    return m.group(1) + " %" if m else fraction


def zone_key(name):
    """(scenario, GPs, seed) of a zone folder named <scenario>-<gps>-s<seed>."""
    m = re.match(r"(.*)-(\d+)-s(\d+)$", name)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else (name, 0, 0)


def against_previous(out, zones):
    """Each zone's rules before and after its rescore, the rows that differ."""
    moved = []
    for z in zones:
        previous = os.path.join(out, z, "acc", "accuracy.previous.md")
        if not os.path.isfile(previous):
            continue
        rows = []
        for path in (previous, os.path.join(out, z, "acc", "accuracy.md")):
            with open(path, encoding="utf-8") as f:
                section = last_section(f.read(), "Published and persistent rules")
            rows.append({r[0].replace(" (the campaign's)", ""): r for r in table_rows(section)})
        before, after = rows
        print("%s:" % z)
        for rule, r in after.items():
            b = before.get(rule)
            if b is None or b[1:4] + b[8:13] != r[1:4] + r[8:13]:
                print("  %s: %s -> %s" % (rule, cell(b) if b else "-", cell(r)))
                if b is not None and b[8:13] != r[8:13]:
                    moved.append("%s, %s" % (z, rule))
    print("harm cells moved: %s" % ("; ".join(moved) if moved else "none"))
    return 0


def main(argv):
    compare = len(argv) > 1 and argv[1] == "--against-previous"
    if compare:
        argv = argv[:1] + argv[2:]
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out, only, wanted = argv[1], set(argv[2:]), "(the campaign's)"
    zones = sorted((d for d in os.listdir(out)
                    if os.path.isfile(os.path.join(out, d, "acc", "accuracy.md"))
                    and (not only or zone_key(d)[0] in only)), key=zone_key)
    if not zones:
        print("no zone report under %s" % out, file=sys.stderr)
        return 2
    if compare:
        return against_previous(out, zones)
    print("| zone | ρ fitted | σ²_s fitted | published rule | persistent rule | bound: "
          "persistent_ratio cut on the truth | bound: true multiplier cut | 95 % interval "
          "holds the persistent truth (not planted, planted) | mean distance of the estimate "
          "from the truth (not planted, planted) |")
    print("|---|---:|---:|---|---|---|---|---|---|")
    goals = []
    sweep = {}
    for z in zones:
        with open(os.path.join(out, z, "acc", "accuracy.md"), encoding="utf-8") as f:
            text = f.read()
        rules = last_section(text, "Published and persistent rules")
        rows = table_rows(rules)
        by = lambda p: next(r for r in rows if p(r[0]))
        published = by(lambda n: n.startswith("published"))
        persistent = by(lambda n: wanted in n)
        on_ratio = by(lambda n: n.startswith("bound: persistent_ratio"))
        on_truth = by(lambda n: n.startswith("bound: the true multiplier"))
        fit = FIT.search(rules)
        estimate = by_header(last_section(text, "The estimate against"))
        got = lambda group, column: estimate.get(group, {}).get(column, "?")
        scenario, gps, seed = zone_key(z)
        name = "%s, %s GPs, seed %d" % (scenario, format(gps, ","), seed)
        print("| %s | %s | %s | %s | %s | %s | %s | %s, %s | %s, %s |" % (
            name, fit.group(5) if fit else "?", fit.group(3) if fit else "?", cell(published),
            cell(persistent), cell(on_ratio), cell(on_truth),
            got("not planted", "95 % interval coverage"), got("planted", "95 % interval coverage"),
            got("not planted", "mean distance"), got("planted", "mean distance")))
        goals.append((name, persistent, on_ratio, on_truth))
        for r in rows:
            m = re.match(r"persistent, P ≥ ([0-9.]+)", r[0])
            if m:
                sweep.setdefault(float(m.group(1)), []).append(r)
    print()
    print("| zone | recall planted ≥ 85 % | precision ≥ 90 % | none truly < 1.5× (year / "
          "persistent) | no innocent titular | no new / small list | recall, precision against "
          "truly ≥ 2× persistently | recall of the bounds (persistent_ratio, true multiplier) |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for name, r, b1, b2 in goals:
        print("| %s | %s | %s | %s / %s | %s | %s / %s | %s, %s | %s, %s |" % (
            name, percent(r[2]), percent(r[3]), r[8], r[9], r[10], r[11], r[12], percent(r[6]),
            percent(r[7]), percent(b1[2]), percent(b2[2])))
    print()
    print("| P ≥ | zones | recall planted: min, median, max | precision planted: min | zones "
          "targeting a GP truly < 1.5× (year / persistent) | innocent titulars | new / small "
          "list |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for p in sorted(sweep):
        rs = sweep[p]
        rec = [fraction(r[2]) for r in rs]
        prec = [f for f in (fraction(r[3]) for r in rs) if f is not None]
        print("| %s | %d | %.0f %%, %.0f %%, %.0f %% | %s | %d / %d | %d | %d / %d |" % (
            p, len(rs), 100 * min(rec), 100 * statistics.median(rec), 100 * max(rec),
            ("%.0f %%" % (100 * min(prec))) if prec else "-",
            sum(int(r[8]) > 0 for r in rs), sum(int(r[9]) > 0 for r in rs),
            sum(int(r[10]) for r in rs), sum(int(r[11]) for r in rs), sum(int(r[12]) for r in rs)))
    return 0


def fraction(text):
    """'18 / 32 = 56 %' as 18/32; None without a denominator (nobody targeted)."""
    m = re.match(r"(\d+) / (\d+)", text)
    return int(m.group(1)) / int(m.group(2)) if m and int(m.group(2)) else None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
