#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile snapshots: what a stranger's bug-report attachment can hold.

    tests/hostile/hostile.py BIN

Builds each case in a private temporary directory from the project's own
fixtures, runs `BIN --root CASE --format json` on it and asserts:

- it ends by itself (60 s) with an exit status, never a signal;
- exit 2 with a message on stderr where the input is unusable, 0 or 1
  (a report) where it is merely damaged;
- peak RSS within MEM_CAP whatever the input's size (not under ASan,
  whose shadow memory is not ours);
- no read outside the root: every case plants links to a canary file
  outside the snapshot; when strace is present, no open of a name holding
  "canary" may succeed, and the canary's text must never reach the report;
- nothing is written outside: archive members aimed at ../ or / leave no
  file, and no unpacked tree is left in TMPDIR.

Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" and ends with
"hostile: N passed, N failed, N skipped".
"""
import gzip
import io
import os
import resource
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

BIN = os.path.abspath(sys.argv[1])
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
ASAN = 'asan' in os.environ.get('VFIO_READY_BUILD', '')
MEM_CAP_KIB = 128 * 1024
TIMEOUT = 60
STRACE = shutil.which('strace')
CANARY = 'CANARY-0b9f2c-never-read-me'
BASE_FIXTURE = os.path.join(TOP, 'fixtures', 'synthetic', 'host-intel-ready')

passed = failed = skipped = 0
work = tempfile.mkdtemp(prefix='vfio-hostile.')
os.chmod(work, 0o755)
canary_dir = os.path.join(work, 'outside')
os.makedirs(canary_dir)
canary = os.path.join(canary_dir, 'canary-secret')
with open(canary, 'w') as f:
    f.write(CANARY + '\n')


def ok(name):
    global passed
    passed += 1
    print('ok - ' + name)


def not_ok(name, why):
    global failed
    failed += 1
    print('not ok - ' + name)
    for line in why.splitlines()[:30]:
        print('#   ' + line)


def skip(name, why):
    global skipped
    skipped += 1
    print('skip - %s (%s)' % (name, why))


def base_copy(name):
    """A copy of a complete synthetic host to damage."""
    d = os.path.join(work, name)
    shutil.copytree(BASE_FIXTURE, d, symlinks=True)
    return d


def run(args, user=None, tmpdir=None):
    """(rc or -signal, stdout, stderr, maxrss KiB, canary opened?)."""
    env = dict(os.environ)
    env['TMPDIR'] = tmpdir or os.path.join(work, 'tmp')
    os.makedirs(env['TMPDIR'], exist_ok=True)
    os.chmod(env['TMPDIR'], 0o777)
    cmd = [BIN] + args
    trace = None
    if user is not None:
        cmd = ['setpriv', '--reuid=%d' % user, '--regid=%d' % user,
               '--clear-groups'] + cmd
    if STRACE and not ASAN:
        trace = os.path.join(work, 'strace.log')
        cmd = [STRACE, '-f', '-qq', '-e', 'trace=open,openat,openat2',
               '-o', trace] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return None, b'', b'timeout', 0, False
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    opened = False
    if trace:
        with open(trace, errors='replace') as f:
            for line in f:
                if 'canary' in line and '= -1' not in line:
                    opened = True
        os.unlink(trace)
    # ru_maxrss of children is the largest so far: a case reports its own
    # only when it is the largest; that still bounds it by the cap
    return p.returncode, p.stdout, p.stderr, max(rss, 0) if rss > before else 0, opened


def case(name, root, expect, user=None, extra=(), tmpdir=None, stderr_has=None):
    """Run the audit of ROOT; EXPECT is a set of allowed exit codes."""
    rc, out, err, rss, opened = run(['--root', root, '--format', 'json'] +
                                    list(extra), user=user, tmpdir=tmpdir)
    problems = []
    if rc is None:
        problems.append('did not finish in %d s' % TIMEOUT)
    elif rc < 0:
        problems.append('killed by signal %d' % -rc)
    elif rc not in expect:
        problems.append('exit %d, expected %s' % (rc, sorted(expect)))
    if rc == 2 and not err.strip():
        problems.append('exit 2 without a message')
    if stderr_has and stderr_has.encode() not in err:
        problems.append('stderr lacks %r' % stderr_has)
    if CANARY.encode() in out or CANARY.encode() in err:
        problems.append('the canary outside the root reached the output')
    if opened:
        problems.append('a file outside the root (canary) was opened')
    if not ASAN and rss > MEM_CAP_KIB:
        problems.append('peak RSS %d KiB over the cap %d KiB' % (rss, MEM_CAP_KIB))
    if b'AddressSanitizer' in err or b'runtime error' in err:
        problems.append('sanitizer report')
    if problems:
        not_ok(name, '\n'.join(problems) + '\n' + err.decode(errors='replace')[-1500:])
    else:
        ok(name)
    return rc, out, err


def write(path, data, mode='wb'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    with open(path, mode) as f:
        f.write(data)


def replace_with_link(path, target):
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def regular_files(d):
    for dirpath, _, names in os.walk(d):
        for n in names:
            p = os.path.join(dirpath, n)
            if os.path.isfile(p) and not os.path.islink(p):
                yield p


REPORT = {0, 1}
UNUSABLE = {2}

# ---- links that point out of the root -------------------------------------
d = base_copy('links-absolute')
replace_with_link(os.path.join(d, 'proc/cmdline'), canary)
replace_with_link(os.path.join(d, 'proc/cpuinfo'), canary_dir)
replace_with_link(os.path.join(d, 'vfio-ready/kernel-log.txt'), canary)
replace_with_link(os.path.join(d, 'sys/firmware/acpi/tables/DMAR'), canary)
case('absolute symlinks to a file outside stay inside the root', d, REPORT)

d = base_copy('links-dotdot')
depth = '../' * 30
rel = os.path.relpath(canary, os.path.join(d, 'proc'))
replace_with_link(os.path.join(d, 'proc/cmdline'), rel)
replace_with_link(os.path.join(d, 'proc/cpuinfo'), depth + 'outside/canary-secret')
replace_with_link(os.path.join(d, 'etc/default/grub'), '../../../outside/canary-secret')
dev = os.listdir(os.path.join(d, 'sys/bus/pci/devices'))[0]
replace_with_link(os.path.join(d, 'sys/bus/pci/devices', dev),
                  depth + 'outside')
case('.. links cannot climb above the root', d, REPORT)

d = base_copy('links-loops')
replace_with_link(os.path.join(d, 'proc/cmdline'), 'loop-a')
replace_with_link(os.path.join(d, 'proc/loop-a'), 'loop-b')
replace_with_link(os.path.join(d, 'proc/loop-b'), 'cmdline')
replace_with_link(os.path.join(d, 'sys/kernel/iommu_groups'), '../kernel')
replace_with_link(os.path.join(d, 'sys/bus/pci/devices', dev), '.')
replace_with_link(os.path.join(d, 'proc/cpuinfo'), '/proc/cpuinfo/../cpuinfo')
case('symlink loops and self-links end with an error, not a hang', d, REPORT)

# ---- what is in place of a file -------------------------------------------
d = base_copy('dirs-for-files')
for rel in ('proc/cmdline', 'proc/cpuinfo', 'SNAPSHOT',
            'vfio-ready/kernel-log.txt', 'sys/firmware/acpi/tables/DMAR'):
    p = os.path.join(d, rel)
    if os.path.lexists(p):
        os.unlink(p)
    os.makedirs(p)
case('a directory where a file should be', d, REPORT | UNUSABLE)

if os.geteuid() == 0:
    d = base_copy('special-files')
    for rel in ('proc/cmdline', 'vfio-ready/kernel-log.txt'):
        p = os.path.join(d, rel)
        os.unlink(p)
        os.mkfifo(p)
    p = os.path.join(d, 'proc/cpuinfo')
    os.unlink(p)
    os.mknod(p, 0o644 | stat.S_IFCHR, os.makedev(1, 5))      # /dev/zero
    p = os.path.join(d, 'sys/firmware/acpi/tables/DMAR')
    os.unlink(p)
    os.mknod(p, 0o644 | stat.S_IFCHR, os.makedev(1, 8))      # /dev/random
    case('FIFOs and device nodes planted in a snapshot are not read', d, REPORT)
else:
    skip('FIFOs and device nodes planted in a snapshot are not read',
         'needs root for mknod')

# ---- sizes that lie ----------------------------------------------------------
d = base_copy('empty-files')
for p in regular_files(d):
    open(p, 'wb').close()
case('every file zero bytes long', d, REPORT | UNUSABLE)

d = base_copy('truncated-files')
for p in regular_files(d):
    size = os.path.getsize(p)
    with open(p, 'r+b') as f:
        f.truncate(size // 2)
case('every file cut in half', d, REPORT)

with open(os.path.join(BASE_FIXTURE, 'sys/firmware/acpi/tables/DMAR'), 'rb') as f:
    dmar = f.read()


def lying_table(name, data):
    dd = base_copy('table-' + name)
    write(os.path.join(dd, 'sys/firmware/acpi/tables/DMAR'), data)
    case('DMAR table whose lengths lie: ' + name, dd, REPORT)


lying_table('header-length-4GiB', dmar[:4] + b'\xff\xff\xff\xff' + dmar[8:])
lying_table('header-length-10', dmar[:4] + b'\x0a\x00\x00\x00' + dmar[8:])
lying_table('header-only', dmar[:36])
lying_table('structure-length-0', dmar[:48] + dmar[48:50] + b'\x00\x00' + dmar[52:])
lying_table('structure-length-past-end', dmar[:48] + dmar[48:50] + b'\xff\xff' + dmar[52:])
lying_table('scope-length-0', bytes(b if i != 64 + 1 else 0 for i, b in enumerate(dmar)))

ivrs_fixture = os.path.join(TOP, 'fixtures/synthetic/firmware-ivrs-ok')
ivrs_path = os.path.join(ivrs_fixture, 'sys/firmware/acpi/tables/IVRS')
if os.path.exists(ivrs_path):
    with open(ivrs_path, 'rb') as f:
        ivrs = f.read()
    for tag, data in (('ivhd-length-0', ivrs[:48] + ivrs[48:50] + b'\x00\x00' + ivrs[52:]),
                      ('ivhd-length-past-end', ivrs[:48] + ivrs[48:50] + b'\xff\xff' + ivrs[52:]),
                      ('header-length-4GiB', ivrs[:4] + b'\xff\xff\xff\xff' + ivrs[8:])):
        dd = os.path.join(work, 'ivrs-' + tag)
        shutil.copytree(ivrs_fixture, dd, symlinks=True)
        write(os.path.join(dd, 'sys/firmware/acpi/tables/IVRS'), data)
        case('IVRS table whose lengths lie: ' + tag, dd, REPORT)

# a 1 GiB kernel log: sparse past a real beginning, so it costs no disk
d = base_copy('klog-1GiB')
p = os.path.join(d, 'vfio-ready/kernel-log.txt')
with open(p, 'r+b') as f:
    f.seek(0, 2)
    f.write(b'\n')
    f.truncate(1 << 30)
rc, out, err = case('a 1 GiB kernel log is read up to its cap', d, REPORT)
if rc in REPORT and b'truncated' not in out and b'cap' not in out:
    not_ok('the capped kernel log says it was cut', 'no "truncated" in the report')
elif rc in REPORT:
    ok('the capped kernel log says it was cut')

# ---- garbage --------------------------------------------------------------
rng = bytes((i * 2654435761 >> 13) & 0xff for i in range(256 * 1024))
d = base_copy('binary-garbage')
for rel in ('proc/cmdline', 'proc/cpuinfo', 'vfio-ready/kernel-log.txt',
            'SNAPSHOT', 'proc/modules', 'proc/interrupts', 'etc/default/grub',
            'sys/firmware/acpi/tables/DMAR'):
    write(os.path.join(d, rel), rng[:(len(rel) * 977) % len(rng) + 1])
for p in regular_files(os.path.join(d, 'boot')):
    write(p, rng)
for p in regular_files(os.path.join(d, 'sys')):
    write(p, rng[:4096])
case('binary garbage in every text file', d, REPORT | UNUSABLE)

d = base_copy('manifest-newer')
write(os.path.join(d, 'SNAPSHOT'), b'format=999\ntool=vfio-ready\n')
case('a snapshot format from the future is refused', d, UNUSABLE,
     stderr_has='newer')

# ---- unreadable files (as an unprivileged user: root reads anything) -------
if os.geteuid() == 0 and shutil.which('setpriv'):
    d = base_copy('unreadable')
    for dirpath, dirs, names in os.walk(d):
        os.chmod(dirpath, 0o755)
        for n in names:
            p = os.path.join(dirpath, n)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    for rel in ('proc/cmdline', 'proc/cpuinfo', 'vfio-ready/kernel-log.txt',
                'sys/firmware/acpi/tables/DMAR'):
        os.chmod(os.path.join(d, rel), 0)
    os.chmod(os.path.join(d, 'sys/kernel'), 0)
    for p in (work, canary_dir):
        os.chmod(p, 0o755)
    os.chmod(canary, 0o644)
    rc, out, err = case('unreadable files and directories (uid 65534)', d,
                        REPORT, user=65534)
    if rc in REPORT and b'"unknown"' not in out:
        not_ok('unreadable facts are reported unknown', 'no unknown verdict')
    elif rc in REPORT:
        ok('unreadable facts are reported unknown')
else:
    skip('unreadable files and directories (uid 65534)', 'needs root and setpriv')

# ---- archives ---------------------------------------------------------------


def archive(name, members, gz=True):
    """A .tar.gz whose members are (TarInfo, bytes or None)."""
    path = os.path.join(work, name + '.tar.gz')
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.GNU_FORMAT) as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    with open(path, 'wb') as f:
        f.write(gzip.compress(buf.getvalue()) if gz else buf.getvalue())
    return path


def member(name, data=b'x', kind=tarfile.REGTYPE, link=''):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.mode = 0o644
    return info, data if kind == tarfile.REGTYPE else None


def archive_case(title, members, stem, expect=UNUSABLE):
    tmp = os.path.join(work, 'tmp-' + stem)
    os.makedirs(tmp, exist_ok=True)
    path = archive(stem, members)
    evil = [os.path.join(work, 'evil-' + stem), '/tmp/evil-' + stem]
    case(title, path, expect, tmpdir=tmp)
    left = [e for e in evil if os.path.lexists(e)] + \
        [os.path.join(tmp, n) for n in os.listdir(tmp)]
    if left:
        not_ok(title + ': nothing left behind', 'left: %s' % left)
    else:
        ok(title + ': nothing left behind')


archive_case('archive member with ../ in its name',
             [member('SNAPSHOT', b'format=1\n'),
              member('proc/../../evil-dotdot', b'owned')], 'dotdot')
archive_case('archive member with an absolute name',
             [member('SNAPSHOT', b'format=1\n'),
              member('/tmp/evil-abs', b'owned')], 'abs')
archive_case('archive member written through a symlink member',
             [member('SNAPSHOT', b'format=1\n'),
              member('esc', kind=tarfile.SYMTYPE, link=work),
              member('esc/evil-through', b'owned')], 'through')
archive_case('archive hard link member',
             [member('SNAPSHOT', b'format=1\n'),
              member('hl', kind=tarfile.LNKTYPE, link='/etc/passwd')], 'hardlink')
archive_case('archive device member',
             [member('SNAPSHOT', b'format=1\n'),
              member('proc/cmdline', kind=tarfile.CHRTYPE)], 'device')
archive_case('archive member given twice',
             [member('SNAPSHOT', b'format=1\n'),
              member('proc/cmdline', b'a'), member('proc/cmdline', b'b')], 'twice')

# a member over the per-member cap (64 MiB) costs only ~100 KB compressed
big = os.path.join(work, 'big.tar.gz')
with gzip.open(big, 'wb', compresslevel=1) as g:
    with tarfile.open(fileobj=g, mode='w|') as t:
        info = tarfile.TarInfo('vfio-ready/kernel-log.txt')
        info.size = 100 << 20

        class Zeros(io.RawIOBase):
            left = info.size

            def readable(self):
                return True

            def readinto(self, b):
                n = min(len(b), self.left)
                b[:n] = bytes(n)
                self.left -= n
                return n
        t.addfile(info, io.BufferedReader(Zeros()))
tmp = os.path.join(work, 'tmp-big')
os.makedirs(tmp)
case('archive member of 100 MiB (over the 64 MiB cap) is refused', big,
     UNUSABLE, tmpdir=tmp)
if os.listdir(tmp):
    not_ok('refused big archive leaves nothing behind', str(os.listdir(tmp)))
else:
    ok('refused big archive leaves nothing behind')

garbage = os.path.join(work, 'garbage.tar.gz')
write(garbage, rng)
case('an archive that is not gzip', garbage, UNUSABLE)
gzgarbage = os.path.join(work, 'gzgarbage.tar.gz')
write(gzgarbage, gzip.compress(rng))
case('a gzip stream that is not a tar', gzgarbage, UNUSABLE)
write(os.path.join(work, 'half.tar.gz'),
      open(os.path.join(TOP, 'fixtures/real/qemu-intel.tar.gz'), 'rb').read()[:20000])
case('an archive cut short', os.path.join(work, 'half.tar.gz'), UNUSABLE)

# ---- not a snapshot at all ----------------------------------------------------
case('a --root that does not exist', os.path.join(work, 'nope'), UNUSABLE)
write(os.path.join(work, 'plain-file'), b'hello')
case('a --root that is a plain file', os.path.join(work, 'plain-file'), UNUSABLE)

# ---- lspci dumps ----------------------------------------------------------------
write(os.path.join(work, 'dump-garbage.txt'), rng)
case('an lspci dump of binary garbage', BASE_FIXTURE, REPORT | UNUSABLE,
     extra=['--lspci-dump', os.path.join(work, 'dump-garbage.txt')])
case('an lspci dump that is a device node', BASE_FIXTURE, UNUSABLE,
     extra=['--lspci-dump', '/dev/zero'])
bigdump = os.path.join(work, 'dump-big.txt')
with open(bigdump, 'wb') as f:
    f.truncate(80 << 20)
case('an lspci dump over its 64 MiB cap', BASE_FIXTURE, UNUSABLE,
     extra=['--lspci-dump', bigdump])

shutil.rmtree(work, ignore_errors=True)
print('hostile: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed else 0)
