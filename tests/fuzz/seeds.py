#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Seed inputs for the fuzz targets, taken from the project's fixtures.

    tests/fuzz/seeds.py OUTDIR

writes OUTDIR/<target>/<fixture>-<file> for every target of tests/fuzz/:
the DMAR and IVRS tables, kernel logs, command lines, cpuinfo, kernel
configs, manifests, the capture archives themselves, lspci dumps made from
each snapshot's config-space files, those files raw, and the small proc
and sysfs texts (prefixed by the byte that selects their parser in
fuzz-proc-text.c).  Only fixtures/ is read, so seeding needs nothing
outside the project.
"""
import hashlib
import io
import os
import sys
import tarfile

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')

# fuzz-proc-text.c enum parser order
PROC_TEXT = {
    'proc/interrupts': 0, 'reserved_regions': 1, 'modprobe.d': 3,
    'proc/modules': 4, 'dev/kvm': 5, 'etc/group': 6, 'etc/os-release': 7,
    'proc/self/mountinfo': 8, 'proc/net/route': 9, 'uevent': 11,
}


def snapshots():
    """(name, {relative path: bytes}) for every fixture snapshot."""
    for kind in ('synthetic', 'real'):
        base = os.path.join(TOP, 'fixtures', kind)
        for entry in sorted(os.listdir(base)):
            path = os.path.join(base, entry)
            files = {}
            if os.path.isdir(path):
                for d, _, names in os.walk(path):
                    for n in names:
                        p = os.path.join(d, n)
                        if os.path.isfile(p) and not os.path.islink(p):
                            with open(p, 'rb') as f:
                                files[os.path.relpath(p, path)] = f.read()
                yield entry, files, None
            elif entry.endswith('.tar.gz'):
                with open(path, 'rb') as f:
                    raw = f.read()
                with tarfile.open(fileobj=io.BytesIO(raw)) as t:
                    for m in t.getmembers():
                        if m.isfile():
                            rel = m.name.split('/', 1)[1] if '/' in m.name else m.name
                            files[rel] = t.extractfile(m).read()
                yield entry[:-len('.tar.gz')], files, raw


def config_files(files):
    """The config-space files of the PCI functions, in address order."""
    out = []
    for rel, data in files.items():
        parts = rel.split('/')
        if parts[-1] == 'config' and parts[0] == 'sys' and len(parts) > 2 \
                and ':' in parts[-2]:
            out.append((parts[-2], data))
    return sorted(out)


def dump(cfgs):
    lines = []
    for bdf, data in cfgs:
        lines.append('%s Fixture function' % bdf)
        for off in range(0, len(data) - len(data) % 16, 16):
            lines.append('%02x: ' % off + ' '.join('%02x' % b for b in data[off:off + 16]))
        lines.append('')
    return '\n'.join(lines).encode()


def main():
    out = sys.argv[1]
    seeds = {}

    def add(target, name, data):
        if not data:
            return
        key = hashlib.sha1(data).hexdigest()[:12]
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        seeds.setdefault(target, set())
        if key in seeds[target]:
            return
        seeds[target].add(key)
        with open(os.path.join(d, '%s-%s' % (name, key)), 'wb') as f:
            f.write(data)

    for name, files, archive in snapshots():
        if archive is not None and len(archive) <= 256 * 1024:
            add('archive', name, archive)
        for rel, data in files.items():
            base = os.path.basename(rel)
            if rel.endswith('acpi/tables/DMAR'):
                add('dmar', name, data)
            elif rel.endswith('acpi/tables/IVRS'):
                add('ivrs', name, data)
            elif rel == 'vfio-ready/kernel-log.txt':
                add('klog', name, data)
            elif rel == 'proc/cmdline':
                add('cmdline', name, data)
            elif rel in ('proc/cpuinfo', 'vfio-ready/cpuid-hypervisor.txt'):
                add('cpuinfo', name, data)
            elif rel.startswith('boot/config-') or rel == 'proc/config.gz':
                add('kconfig', name, data)
            elif rel == 'SNAPSHOT':
                add('manifest', name, data)
            for key, sel in PROC_TEXT.items():
                if rel == key or base == key or \
                        (key == 'modprobe.d' and '/modprobe.d/' in rel):
                    add('proc-text', name, bytes([sel]) + data[:65536])
            if base == 'vendor' and rel.startswith('sys/'):
                add('proc-text', name, bytes([2]) + data)
        cfgs = config_files(files)
        if cfgs:
            add('lspci-dump', name, dump(cfgs))
            for i in range(0, len(cfgs), 8):
                add('pci-config', name,
                    b''.join(d[:4096].ljust(4096, b'\0') for _, d in cfgs[i:i + 8]))
    for t in sorted(seeds):
        print('%s: %d seeds' % (t, len(seeds[t])))


if __name__ == '__main__':
    main()
