"""Table of bench/tiles/run.sh results: GemmBench.Vector GFLOP/s per configuration and the percent of the FMA loop
(CeilingBench.fmaPeak) measured in the same JMH invocation. Usage: python3 bench/tiles/table.py OUT"""
import json
import os
import re
import sys


def flops(shape, op):
    if ':' in shape:
        batch, n_in, n_out = map(int, shape.split(':'))
        m, n, k = {'NT': (batch, n_out, n_in), 'NN': (batch, n_in, n_out), 'TN': (n_out, n_in, batch)}[op]
    else:
        m = n = k = int(shape)
    return 2.0 * m * n * k


def main(out):
    labels = sorted(f[:-5] for f in os.listdir(out) if f.endswith('.json'))
    labels.sort(key=lambda l: (l != 'native', l))
    cpu = open(os.path.join(out, 'cpu.txt')).read().strip().splitlines()
    facts = {x.split(':', 1)[0].strip(): x.split(':', 1)[1].strip() for x in cpu if ':' in x}
    print(f"CPU: {facts.get('Model name', '?')}, {facts.get('CPU(s)', '?')} CPUs, {facts.get('Flags', '?')}; "
          f"{next((x for x in cpu if 'Runtime Environment' in x), 'JDK ?').strip()}. JMH " +
          'average time, GFLOP/s = 2mnk / time; +- is the 99.9 % interval in percent; "% FMA" is the share of the FMA '
          'loop (CeilingBench.fmaPeak, 2 x lanes flops per vector FMA) measured in the same invocation.')
    print()
    for label in labels:
        b = os.path.join(out, label + '.backend')
        if os.path.exists(b):
            line = open(b).read().strip()
            line = line[line.find('simdnn backend'):] if 'simdnn backend' in line else line
            print(f'- `{label}`: {line}')
    print()
    preferred = {}
    for label in labels:
        b = os.path.join(out, label + '.backend')
        m = re.search(r'\((\d+) float lanes', open(b).read()) if os.path.exists(b) else None
        if m and 'vectorBits' not in open(b).read():
            preferred[label] = int(m.group(1))
    rows = {}
    fma = {}
    for label in labels:
        data = json.load(open(os.path.join(out, label + '.json')))
        for r in data:
            pm = r['primaryMetric']
            if r['benchmark'].endswith('fmaPeak'):
                fma[label] = pm['score']
                continue
            p = r['params']
            key = (p['shape'], p['op'], p.get('threads', '1'))
            g = flops(p['shape'], p['op']) / pm['score']
            rows.setdefault(key, {})[label] = (g, 100.0 * pm['scoreError'] / pm['score'])
    head = '| shape | op | threads | ' + ' | '.join(f'{l} GFLOP/s | {l} % FMA' for l in labels) + ' |'
    print(head)
    print('|' + '---|' * (3 + 2 * len(labels)))
    peak = {}
    for label in labels:
        if label in fma and label in preferred:
            # the FMA loop runs on SPECIES_PREFERRED, which is the backend's width when vectorBits is not forced
            peak[label] = 2 * preferred[label] / fma[label]
    for key in sorted(rows, key=lambda k: (':' in k[0], k[0], k[1])):
        cells = []
        for label in labels:
            if label in rows[key]:
                g, e = rows[key][label]
                pct = f'{100 * g / peak[label]:.0f} %' if label in peak else 'n/a'
                cells.append(f'{g:.1f} +- {e:.0f} %')
                cells.append(pct)
            else:
                cells += ['', '']
        print(f'| {key[0]} | {key[1]} | {key[2]} | ' + ' | '.join(cells) + ' |')
    print()
    print('| FMA loop | ' + ' | '.join(f'{l}: {peak[l]:.1f} GFLOP/s' for l in labels if l in peak) + ' |')


if __name__ == '__main__':
    main(sys.argv[1])
