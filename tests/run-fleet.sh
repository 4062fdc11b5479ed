#!/bin/sh
# `vfio-ready fleet`: merging the golden reports, hostile files, and a
# 10,000-report scale run.  Run from the project root:
#   tests/run-fleet.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "fleet: N passed, N failed, N skipped".
#
# Every expected number is computed here from the reports themselves
# (python3 json), never copied from the tool's output.
set -u
BIN=${1:?usage: tests/run-fleet.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. tests/tier.sh
finish() {
	echo "fleet: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! command -v python3 > /dev/null 2>&1; then
	skip "fleet tier" "python3 is not installed"
	finish
fi

# expect_summary SUMMARY.json REPORT.json...: the fleet summary's counts
# are those of the reports, counted independently.
cat > "$T/expect.py" <<'EOF'
import json, sys
CLASSES = ("gpu", "nic", "nvme", "usb", "other")
def bucket(c):
    c = int(c, 16)
    base, sub = c >> 16, (c >> 8) & 0xff
    if base == 0x03: return "gpu"
    if base == 0x02: return "nic"
    if base == 0x01 and sub == 0x08: return "nvme"
    if base == 0x0c and sub == 0x03: return "usb"
    return "other"
summary = json.load(open(sys.argv[1]))
status = {"ready": 0, "warnings": 0, "not_ready": 0}
layers = {}
blockers = {}
devices = dict.fromkeys(CLASSES, 0)
assignable = dict.fromkeys(CLASSES, 0)
hosts_with = dict.fromkeys(CLASSES, 0)
for path in sys.argv[2:]:
    r = json.load(open(path))
    v = r["verdict"]
    status[v["status"]] += 1
    if v["first_failing_layer"]:
        layers[v["first_failing_layer"]] = layers.get(v["first_failing_layer"], 0) + 1
    for code in {f["code"] for f in r["findings"] if f["verdict"] == "fail"}:
        blockers[code] = blockers.get(code, 0) + 1
    mine = dict.fromkeys(CLASSES, 0)
    for d in r["devices"]:
        b = bucket(d["class"])
        devices[b] += 1
        if v["status"] != "not_ready" and d["assignability"] in ("alone", "with_group"):
            assignable[b] += 1
            mine[b] += 1
    for b in CLASSES:
        hosts_with[b] += mine[b] > 0
errors = []
def same(what, got, want):
    if got != want:
        errors.append("%s: fleet says %r, the reports %r" % (what, got, want))
same("hosts", summary["reports"]["hosts"], len(sys.argv) - 2)
same("status", summary["status"], status)
same("layers", {k: n for k, n in summary["first_failing_layer"].items() if n}, layers)
same("blockers", {b["code"]: b["hosts"] for b in summary["blockers"]}, blockers)
for b in CLASSES:
    c = summary["classes"][b]
    same(b, (c["devices"], c["assignable"], c["hosts"]),
         (devices[b], assignable[b], hosts_with[b]))
hosts = summary["hosts"]
same("host order", [h["host"] for h in hosts], sorted(h["host"] for h in hosts))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
expect_summary() { python3 "$T/expect.py" "$@" > "$T/why" 2>&1; }

goldens=$(find tests/expected -name '*.json' | sort)
ngoldens=$(echo "$goldens" | wc -l)

# ---- the goldens ----------------------------------------------------------

run "$BIN" fleet --format json tests/expected
cp "$T/out" "$T/goldens.json"
check "fleet over the $ngoldens goldens exits 1 (some host is not ready)" \
	test "$rc" -eq 1
check "fleet counts (verdicts, layers, blockers, classes) match the reports" \
	expect_summary "$T/goldens.json" $goldens

# the same reports named one by one, in another order: the same summary
run "$BIN" fleet --format json $(echo "$goldens" | sort -r)
check "fleet of the files named in reverse order is the same summary" \
	cmp -s "$T/out" "$T/goldens.json"

run "$BIN" fleet tests/expected
check "text summary names every host and the verdict counts" \
	test "$rc" -eq 1 -a "$(grep -c 'fixtures/' "$T/out")" -eq "$ngoldens" \
	-a -n "$(grep "^vfio-ready fleet: $ngoldens reports, $ngoldens hosts, 0 unreadable" "$T/out")"

run "$BIN" fleet --format csv -o "$T/fleet.csv" tests/expected
check_csv() {
	python3 - "$T/fleet.csv" "$T/goldens.json" > "$T/why" 2>&1 <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
summary = json.load(open(sys.argv[2]))
assert rows[0] == ["host", "verdict", "score", "first_failing_layer",
                   "blockers", "gpu", "nic", "nvme", "usb", "file"], rows[0]
assert len(rows) == 1 + len(summary["hosts"]), len(rows)
for row, h in zip(rows[1:], summary["hosts"]):
    want = [h["host"], h["status"], str(h["score"]),
            h["first_failing_layer"] or "", str(h["blockers"])] + \
           [str(h["assignable"][c]) for c in ("gpu", "nic", "nvme", "usb")] + \
           [h["file"]]
    assert row == want, (row, want)
assert open(sys.argv[1], "rb").read().count(b"\r\n") == len(rows)
EOF
}
check "CSV: one row per host, RFC 4180 CRLF, the JSON's values" \
	test "$rc" -eq 1 -a -s "$T/fleet.csv" -a ! -s "$T/out"
check "CSV rows agree with the JSON summary" check_csv

run "$BIN" fleet --format html -o "$T/fleet.html" tests/expected
check_html() {
	python3 - "$T/fleet.html" "$ngoldens" > "$T/why" 2>&1 <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.rows, self.table, self.refs = {}, 0, 0, []
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k in ("src", "href"):
                self.refs.append(v)
text = open(sys.argv[1], encoding="utf-8").read()
p = P()
p.feed(text)
assert text.startswith("<!DOCTYPE html>"), text[:40]
assert p.tags.get("script", 0) == 0, "a script tag"
assert not p.refs, "refers to %r: not self-contained" % p.refs
assert p.tags.get("style") == 1, "no inline style"
assert text.count("<td>fixtures/") == int(sys.argv[2]), "host rows"
EOF
}
check "HTML: self-contained (no script, nothing fetched), one row per host" \
	check_html

# ---- hostile input --------------------------------------------------------

H=$T/hostile
mkdir -p "$H/sub" "$T/outside"
cp tests/expected/real/qemu-intel.json "$H/good.json"
echo 'not json at all' > "$H/not-json.json"
: > "$H/empty.json"
printf '{"schema": "vfio-ready/report/2"}' > "$H/wrong-schema.json"
printf '{"schema": "vfio-ready/fleet/1", "hosts": []}' > "$H/a-fleet.json"
printf '[1, 2, 3]' > "$H/array.json"
printf '\0\1\2\377binary' > "$H/binary.json"
python3 - "$H" <<'EOF'
import json, sys
d = sys.argv[1]
good = json.load(open(d + "/good.json"))
def variant(name, change):
    r = json.loads(json.dumps(good))
    change(r)
    open("%s/%s.json" % (d, name), "w").write(json.dumps(r))
variant("score-string", lambda r: r["verdict"].update(score="89"))
variant("findings-object", lambda r: r.update(findings={}))
variant("device-class-number", lambda r: r["devices"][0].update({"class": 196608}))
variant("status-unknown", lambda r: r["verdict"].update(status="maybe"))
variant("code-hostile", lambda r: r["findings"][0].update(code="<script>\n"))
variant("findings-missing", lambda r: r.pop("findings"))
# numbers out of any range: cJSON reads 1e999 as infinity
text = json.dumps(good).replace('"score": 89', '"score": 1e999', 1)
open(d + "/score-huge.json", "w").write(text)
open(d + "/deep.json", "w").write("[" * 200000 + "]" * 200000)
# a valid report with junk after it
open(d + "/trailing.json", "w").write(json.dumps(good) + " {}")
# 2 million values: refused before parsing
open(d + "/many-values.json", "w").write("[" + "0," * 2000000 + "0]")
EOF
truncate -s 100M "$H/huge.json"
cp "$H/good.json" "$H/sub/good-too.json"
cp "$H/good.json" "$T/outside/secret.json"
ln -s "$T/outside/secret.json" "$H/link.json"      # not followed
ln -s "$T/outside" "$H/linkdir"                     # not followed
mkfifo "$H/fifo.json" 2>/dev/null                   # not read
cp "$H/good.json" "$H/.hidden.json"                 # hidden: skipped
echo '{' > "$H/notes.txt"                           # not *.json
nbad=17
d=$H/d1/d2/d3/d4/d5/d6/d7/d8/d9
mkdir -p "$d"
cp "$H/good.json" "$d/deep-good.json"

run "$BIN" fleet --format json "$H"
cp "$T/out" "$T/hostile-out.json"
check_hostile() {
	python3 - "$T/hostile-out.json" "$nbad" > "$T/why" 2>&1 <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
bad = {u["file"].split("/hostile/", 1)[1]: u["reason"] for u in s["unreadable"]}
print("\n".join("%s: %s" % kv for kv in sorted(bad.items())))
assert s["reports"]["hosts"] == 2, s["reports"]
assert len(bad) == int(sys.argv[2]) + 1, len(bad)
assert "huge.json" in bad and "64 MiB" in bad["huge.json"]
assert "many-values.json" in bad and "values" in bad["many-values.json"]
assert "schema" in bad["wrong-schema.json"]
assert "vfio-ready/fleet/1" in bad["a-fleet.json"]
assert "score" in bad["score-huge.json"]
assert "findings" in bad["findings-missing.json"]
assert any(k.startswith("d1/") and "deep" in v for k, v in bad.items())
for name in ("link.json", "fifo.json", ".hidden.json", "notes.txt"):
    assert name not in bad, name
for h in s["hosts"]:
    assert "outside" not in h["file"] and "linkdir" not in h["file"], h
EOF
}
check "hostile files: no crash, exit 0, the unreadable counted on stderr" \
	test "$rc" -eq 0 -a -n "$(grep "$((nbad + 1)) of $((nbad + 3)) files unreadable" "$T/err")"
check "hostile files: 2 hosts; symlinks, FIFO, hidden, deep dirs not read" \
	check_hostile

run "$BIN" fleet "$H/fifo.json"
check "a FIFO named on the command line is refused, not waited on" \
	test "$rc" -eq 2 -a -n "$(grep 'not a regular file' "$T/err")"

run "$BIN" fleet "$H/wrong-schema.json" "$H/not-json.json" /nonexistent
check "nothing readable: exit 2 and every reason on stderr" \
	test "$rc" -eq 2 -a -z "$(cat "$T/out")" \
	-a "$(grep -c '^  ' "$T/err")" -eq 3

# a hostile host name: escaped in HTML, quoted in CSV, inert in text
python3 - "$T/named" <<'EOF'
import json, os, sys
os.makedirs(sys.argv[1])
r = json.load(open("tests/expected/synthetic/host-intel-ready.json"))
r["hostname"] = '<script>alert(1)</script>,"x"\n\033[31mred'
open(sys.argv[1] + "/evil.json", "w").write(json.dumps(r))
EOF
run "$BIN" fleet "$T/named"
check "text: a control character in a host name prints as '?'" \
	test "$rc" -eq 0 -a -z "$(grep "$(printf '\033')" "$T/out")" \
	-a -n "$(grep -F '?[31mred' "$T/out")"
run "$BIN" fleet --format html "$T/named"
check "HTML: a host name cannot open a tag" \
	test -z "$(grep -i '<script' "$T/out")" \
	-a -n "$(grep -F '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/out")"
run "$BIN" fleet --format csv "$T/named"
csv_name() {
	python3 - "$T/out" > "$T/why" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[1][0] == '<script>alert(1)</script>,"x"\n\033[31mred', rows[1]
assert len(rows) == 2
EOF
}
check "CSV: a name with a comma, quotes and a newline reads back whole" \
	csv_name

run "$BIN" fleet --format yaml tests/expected
check "fleet --format yaml exits 2" test "$rc" -eq 2
run "$BIN" fleet
check "fleet without a file exits 2" test "$rc" -eq 2

# ---- scale ----------------------------------------------------------------

# N copies of the goldens, each with its own source, in DIR
make_reports() {
	python3 - "$1" "$2" <<'EOF'
import glob, os, re, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
texts = [open(p).read() for p in sorted(glob.glob("tests/expected/**/*.json", recursive=True))]
src = re.compile(r'^\t"source":\t"[^"]*"', re.M)
for i in range(n):
    t = src.sub('\t"source":\t"host-%05d"' % i, texts[i % len(texts)], 1)
    with open("%s/host-%05d.json" % (out, i), "w") as f:
        f.write(t)
EOF
}

# peak RSS in KiB and wall time of a fleet run over DIR, CSV into
# $T/scale.csv (a streamed format: what is measured is the merge itself)
measure() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v "$BIN" fleet --format csv -o "$T/scale.csv" \
			"$1" > /dev/null 2> "$T/time"
		rc=$?
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time")
		return
	fi
	python3 - "$BIN" "$1" "$T/scale.csv" > "$T/time" 2>&1 <<'EOF'
import resource, subprocess, sys, time
t = time.time()
p = subprocess.run([sys.argv[1], "fleet", "--format", "csv", "-o",
                    sys.argv[3], sys.argv[2]], stderr=subprocess.PIPE)
sys.stdout.write(p.stderr.decode())
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      "%.2fs" % (time.time() - t))
EOF
	set -- $(tail -n 1 "$T/time")
	rc=$1 rss=$2 wall=$3
}

if make_reports "$T/scale100" 100 && make_reports "$T/scale10k" 10000; then
	echo 'not a report' > "$T/scale10k/zz-broken.json"
	measure "$T/scale100"
	rss100=$rss
	measure "$T/scale10k"
	rss10k=$rss
	echo "# fleet over 10,000 reports ($(du -sh "$T/scale10k" | cut -f1)): wall $wall, peak RSS ${rss10k} KiB (100 reports: ${rss100} KiB)"
	scale_ok() {
		python3 - "$T/scale.csv" > "$T/why" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))[1:]
assert len(rows) == 10000, len(rows)
assert len({r[0] for r in rows}) == 10000, "host names not unique"
assert {r[1] for r in rows} <= {"ready", "warnings", "not_ready"}
EOF
	}
	check "10,000 reports and one broken file merge (exit 1, 1 unreadable)" \
		test "$rc" -eq 1 -a -n "$(grep '1 of 10001 files unreadable' "$T/time")"
	check "10,000 reports: one row each" scale_ok
	# rows are O(hosts) and small; findings are never kept.  ASan keeps
	# freed memory in quarantine, so its peak RSS measures what was ever
	# allocated, not what is live.
	if grep -qa __asan_init "$BIN"; then
		skip "peak RSS for 10,000 reports within 3x that for 100" \
			"an AddressSanitizer build"
	else
		check "peak RSS for 10,000 reports within 3x that for 100" \
			test -n "$rss10k" -a -n "$rss100" \
			-a "$rss10k" -le $((rss100 * 3))
	fi
else
	skip "scale run" "could not write 10,000 reports in $T"
fi

finish
