#!/usr/bin/env python3
"""Markdown table of a bench/ab/run.sh study: one row per benchmark and parameters, before and after per round,
their ratio (after / before of the mean score; < 1 is faster for time modes), whether the 99.9 % intervals
overlap, and the allocation per operation. Usage: table.py DIR"""
import glob, json, os, re, sys

d = sys.argv[1]
runs = {}
for f in sorted(glob.glob(os.path.join(d, '*-*.json'))):
    m = re.match(r'(before|after)-(\d+)\.json', os.path.basename(f))
    if not m:
        continue
    with open(f) as fh:
        runs[(m.group(1), int(m.group(2)))] = json.load(fh)
rounds = sorted({r for _, r in runs})

def key(b):
    name = b['benchmark'].replace('org.simdnn.bench.', '')
    params = ','.join(f'{k}={v}' for k, v in sorted((b.get('params') or {}).items()))
    return name + (f' {{{params}}}' if params else '')

def index(rs):
    out = {}
    for b in rs:
        pm = b['primaryMetric']
        alloc = (b.get('secondaryMetrics') or {}).get('gc.alloc.rate.norm', {}).get('score')
        out[key(b)] = (pm['score'], pm['scoreError'], pm['scoreUnit'], alloc)
    return out

tables = {k: index(v) for k, v in runs.items()}
names = []
for t in tables.values():
    for n in t:
        if n not in names:
            names.append(n)
print('| benchmark | unit | ' + ' | '.join(f'before r{r} | after r{r} | after/before r{r}' for r in rounds)
      + ' | B/op before, after |')
print('|---|---|' + '---|---|---|' * len(rounds) + '---|')
def fmt(x):
    return f'{x:,.4g}' if x < 1000 else f'{x:,.0f}'
for n in names:
    cells = []
    unit = ''
    allocs = []
    for r in rounds:
        b = tables.get(('before', r), {}).get(n)
        a = tables.get(('after', r), {}).get(n)
        if not b or not a:
            cells += ['', '', '']
            continue
        unit = b[2]
        overlap = abs(a[0] - b[0]) <= a[1] + b[1]
        cells += [f'{fmt(b[0])} ± {fmt(b[1])}', f'{fmt(a[0])} ± {fmt(a[1])}',
                  f'{a[0] / b[0]:.2f}' + ('' if overlap else ' *')]
        allocs.append((b[3], a[3]))
    al = ''
    if allocs and allocs[0][0] is not None and allocs[0][1] is not None:
        al = f'{allocs[0][0]:.0f}, {allocs[0][1]:.0f}'
    print(f'| {n} | {unit} | ' + ' | '.join(cells) + f' | {al} |')
print()
print('`*`: the 99.9 % intervals do not overlap.')
