#!/bin/sh
# contrib/ansible/playbook.yml against this machine: the audit runs (as root
# through `become`), the report comes back, `fleet` merges it.  Run from
# the project root:
#   tests/run-ansible.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "ansible: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-ansible.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. tests/tier.sh
finish() {
	echo "ansible: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! command -v ansible-playbook > /dev/null 2>&1; then
	skip "playbook against localhost" "ansible-playbook (Debian: ansible-core) not installed"
	finish
fi
if ! command -v python3 > /dev/null 2>&1; then
	skip "playbook against localhost" "python3 is not installed"
	finish
fi

# Ansible's own state in $T, no colour, no retry files
export ANSIBLE_LOCAL_TEMP="$T/ansible-local" ANSIBLE_REMOTE_TEMP="$T/ansible-remote"
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_HOME="$T/ansible-home"
# become: sudo when there is one, else su (root needs no password for
# either; a non-root run without sudo cannot become root)
method=su
command -v sudo > /dev/null 2>&1 && method=sudo
if [ "$(id -u)" != 0 ] && [ "$method" = su ]; then
	skip "playbook against localhost" "not root and no sudo to become root"
	finish
fi

playbook() {
	ansible-playbook -i 'localhost,' -c local contrib/ansible/playbook.yml \
		-e ansible_python_interpreter=/usr/bin/python3 \
		-e "ansible_become_method=$method" \
		-e "vfio_ready_binary=$BIN" "$@" > "$T/log" 2>&1
	rc=$?
}

# the play's private directory on the host: ansible's tempfile, under
# TMPDIR, named vfio-ready.*
tmpdirs() { ls -d "${TMPDIR:-/tmp}"/vfio-ready.* 2>/dev/null; }
tmpdirs > "$T/tmp-before"
O=$T/out
playbook -e "vfio_ready_out=$O"
tail -n 30 "$T/log" > "$T/why"
check "ansible-playbook against localhost succeeds" test "$rc" -eq 0
tmpdirs > "$T/tmp-after"

# the report is this machine's, from a live audit as root
check_report() {
	python3 - "$O" > "$T/why" 2>&1 <<'EOF'
import csv, json, sys
out = sys.argv[1]
r = json.load(open(out + "/reports/localhost.json"))
assert r["schema"] == "vfio-ready/report/1"
assert r["source"] == "live", r["source"]
assert r["as_root"] is True, "not run as root: %r" % r["as_root"]
f = json.load(open(out + "/fleet.json"))
assert f["reports"]["hosts"] == 1 and f["reports"]["unreadable"] == 0, f["reports"]
h = f["hosts"][0]
assert h["host"] == "localhost", h
assert (h["status"], h["score"]) == (r["verdict"]["status"], r["verdict"]["score"]), h
rows = list(csv.reader(open(out + "/fleet.csv", newline="")))
assert rows[1][:3] == ["localhost", h["status"], str(h["score"])], rows
txt = open(out + "/fleet.txt").read()
assert txt.startswith("vfio-ready fleet: 1 report, 1 host, 0 unreadable"), txt[:80]
assert txt.rstrip().endswith("localhost"), txt[-200:]
html = open(out + "/fleet.html").read()
assert html.startswith("<!DOCTYPE html>") and "<td>localhost</td>" in html
EOF
}
check "report fetched (live, as root) and merged: txt, html, csv, json agree" \
	check_report
diff "$T/tmp-before" "$T/tmp-after" > "$T/why"
same=$?
check "the host's temporary directory is removed" \
	test "$same" -eq 0 -a -n "$(grep 'TASK \[Remove the directory\]' "$T/log")"

# exit 2 of the audit is a failure: a snapshot that does not exist
playbook -e "vfio_ready_out=$T/out2" -e '{"vfio_ready_args": ["--root", "/nonexistent"]}'
tail -n 20 "$T/log" > "$T/why"
check "an audit that exits 2 fails the play, nothing is merged" \
	test "$rc" -ne 0 -a ! -e "$T/out2/fleet.txt" \
	-a -n "$(grep 'cannot open /nonexistent' "$T/log")"

# a snapshot instead of the live machine: the summary is its verdict
playbook -e "vfio_ready_out=$T/out3" \
	-e "{\"vfio_ready_args\": [\"--root\", \"$(pwd)/fixtures/real/qemu-intel.tar.gz\"]}"
# (its host is then named by the report's source, the snapshot)
check "the audit's arguments pass through (--root a snapshot)" \
	test "$rc" -eq 0 -a -n "$(grep '^  warnings .*/qemu-intel.tar.gz$' "$T/out3/fleet.txt")"

finish
