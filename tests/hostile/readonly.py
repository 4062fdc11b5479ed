#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Read-only proof: the live audit under strace.

    tests/hostile/readonly.py BIN

Runs BIN on this machine (as root when we are root, and as uid 65534) in
several forms and fails on any system call that could change the machine:
an exec beyond BIN's own, an open for writing or creating anything but the
report file named with -o, a write to any descriptor but stdout, stderr
and that report, and any unlink, rename, mkdir, rmdir, link, symlink,
chmod, chown, truncate, mknod, mount or module call.

Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" and ends with
"readonly: N passed, N failed, N skipped".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
STRACE = shutil.which('strace')
CHANGING = ('creat', 'unlink', 'unlinkat', 'rename', 'renameat', 'renameat2',
            'mkdir', 'mkdirat', 'rmdir', 'link', 'linkat', 'symlink',
            'symlinkat', 'chmod', 'fchmod', 'fchmodat', 'chown', 'fchown',
            'fchownat', 'lchown', 'truncate', 'ftruncate', 'mknod', 'mknodat',
            'mount', 'umount2', 'init_module', 'finit_module',
            'delete_module', 'setxattr', 'lsetxattr', 'fsetxattr',
            'removexattr', 'utimensat', 'swapon', 'reboot', 'kexec_load')
OPENS = ('open', 'openat', 'openat2')
WRITES = ('write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendfile',
          'splice', 'copy_file_range')
EXECS = ('execve', 'execveat')
TRACE = ','.join(CHANGING + OPENS + WRITES + EXECS + ('dup', 'dup2', 'dup3',
                                                        'fcntl'))
WRITE_FLAGS = ('O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND')
LINE = re.compile(r'^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?)')

passed = failed = skipped = 0


def result(name, problems):
    global passed, failed
    if problems:
        failed += 1
        print('not ok - ' + name)
        for p in problems[:20]:
            print('#   ' + p)
    else:
        passed += 1
        print('ok - ' + name)


def audit(name, args, user=None, out=None):
    work = tempfile.mkdtemp(prefix='vfio-ro.')
    os.chmod(work, 0o777)
    log = os.path.join(work, 'trace')
    cmd = [BIN] + args
    if user is not None:
        cmd = ['setpriv', '--reuid=%d' % user, '--regid=%d' % user,
               '--clear-groups'] + cmd
    # setpriv's own exec of BIN is the one allowed beyond strace's
    p = subprocess.run([STRACE, '-f', '-qq', '-s', '512', '-e',
                        'trace=' + TRACE, '-o', log] + cmd,
                       capture_output=True, timeout=120)
    problems = []
    if p.returncode not in (0, 1):
        problems.append('exit %d: %s' % (p.returncode,
                                         p.stderr.decode(errors='replace')[-300:]))
    allowed_fds = {'1', '2'}
    execs = 0
    with open(log, errors='replace') as f:
        for raw in f:
            m = LINE.match(raw)
            if not m:
                continue
            call, argstr, ret = m.group(2), m.group(3), m.group(4)
            if call in EXECS:
                execs += 1
                # strace execs the command; setpriv then execs BIN
                if execs > (2 if user is not None else 1):
                    problems.append('exec: ' + raw.strip())
            elif call in OPENS:
                if any(flag in argstr for flag in WRITE_FLAGS):
                    if out and ('"%s"' % out) in argstr and ret != '-1':
                        allowed_fds.add(ret)
                    else:
                        problems.append('open for writing: ' + raw.strip())
            elif call in WRITES:
                fd = argstr.split(',', 1)[0].strip()
                if fd not in allowed_fds:
                    problems.append('write to fd %s: %s' % (fd, raw.strip()[:160]))
            elif call in ('dup', 'dup2', 'dup3') or \
                    (call == 'fcntl' and 'F_DUPFD' in argstr):
                if argstr.split(',', 1)[0].strip() in allowed_fds and ret != '-1':
                    allowed_fds.add(ret)
            elif call in CHANGING:
                # fchmod/ftruncate on the report itself would still be a
                # change we do not make: none is allowed
                problems.append(call + ': ' + raw.strip())
    if execs == 0:
        problems.append('strace saw no exec: the trace is not of BIN')
    if out and not os.path.exists(out):
        problems.append('the report %s was not written' % out)
    result(name, problems)
    shutil.rmtree(work, ignore_errors=True)


if not STRACE:
    skipped += 1
    print('skip - live audit under strace (strace is missing)')
else:
    outdir = tempfile.mkdtemp(prefix='vfio-ro-out.')
    os.chmod(outdir, 0o777)
    audit('live audit, text to stdout, changes nothing', [])
    report = os.path.join(outdir, 'report.json')
    audit('live audit, JSON to -o FILE, writes only FILE',
          ['--format', 'json', '-o', report], out=report)
    audit('live groups listing changes nothing', ['groups'])
    if os.geteuid() == 0 and shutil.which('setpriv'):
        report = os.path.join(outdir, 'nonroot.json')
        audit('live audit as uid 65534 changes nothing',
              ['--format', 'json', '-o', report], user=65534, out=report)
    else:
        skipped += 1
        print('skip - live audit as uid 65534 (needs root and setpriv)')
    shutil.rmtree(outdir, ignore_errors=True)

print('readonly: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed else 0)
