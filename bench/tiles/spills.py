"""Spill check of a C2-compiled SGEMM micro-kernel without hsdis: takes the machine code HotSpot prints as hex for
-XX:CompileCommand=print (no disassembler plugin needed), disassembles it with binutils' objdump, finds the
innermost loop that holds the FMAs, and counts its vector loads/stores through the stack pointer (spills and
fills). Usage: python3 bench/tiles/spills.py JMH-LOG OUT.s  (see spills.sh)"""
import re
import subprocess
import sys


def machine_code(log):
    lines = open(log, errors='replace').read().split('\n')
    starts = [i for i, l in enumerate(lines) if l.startswith('Compiled method (c2)') and ' % ' not in l]
    if not starts:
        sys.exit('no C2 (non-OSR) compilation of the method in ' + log)
    i = starts[-1]
    code, base, started = bytearray(), None, False
    for l in lines[i + 1:]:
        if l.startswith('Compiled method') or l.startswith('[Exception Handler]') or l.startswith('[Stub Code]'):
            break
        if '[Verified Entry Point]' in l or '[Entry Point]' in l:
            started = True
        m = re.match(r'\s*(0x[0-9a-f]+): ([0-9a-f| ]+)$', l)
        if m and started:
            if base is None:
                base = int(m.group(1), 16)
            for tok in m.group(2).replace('|', ' ').split():
                code += bytes.fromhex(tok)
    return base, bytes(code)


def main(log, out):
    base, code = machine_code(log)
    with open(out + '.bin', 'wb') as f:
        f.write(code)
    asm = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '--adjust-vma=%d' % base, out + '.bin'],
                         capture_output=True, text=True, check=True).stdout
    ins = []
    for l in asm.split('\n'):
        parts = l.split('\t')
        if len(parts) >= 3:
            ins.append((int(parts[0].strip().rstrip(':'), 16), re.sub(r'\s+', ' ', parts[2].strip())))
    best = None
    for a, text in ins:
        m = re.match(r'j\w+ 0x([0-9a-f]+)', text)
        if m and int(m.group(1), 16) < a:
            body = [x for x in ins if int(m.group(1), 16) <= x[0] <= a]
            n = sum('vfmadd' in x[1] for x in body)
            if n and (best is None or n > best[0]):
                best = (n, body)
    if best is None:
        sys.exit('no loop with FMAs found')
    n, body = best
    spills = [x[1] for x in body if '(%rsp)' in x[1] and re.search(r'[xyz]mm', x[1])]
    with open(out, 'w') as f:
        f.write('\n'.join(x[1] for x in body) + '\n')
    print(f'{len(body)} instructions, {n} FMAs, {len(spills)} vector stack accesses in the K loop')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
