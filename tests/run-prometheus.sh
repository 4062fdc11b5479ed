#!/bin/sh
# --format prometheus: every fixture's metrics pass a check of the text
# exposition format (written here, and promtool's when it is installed)
# and agree with the fixture's JSON report.  Run from the project root:
#   tests/run-prometheus.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "prometheus: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-prometheus.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

. tests/tier.sh
finish() {
	echo "prometheus: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! command -v python3 > /dev/null 2>&1; then
	skip "prometheus tier" "python3 is not installed"
	finish
fi

# The exposition format, version 0.0.4, as node_exporter's textfile
# collector reads it: validate METRICS, and with REPORT.json check every
# value against the report.  Prints the first problem.
cat > "$T/check.py" <<'EOF'
import json, math, re, sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
SAMPLE = re.compile(r"^(%s)(?:\{(%s(?:,%s)*),?\})? (\S+)$" % (NAME, LABEL, LABEL))
ONE_LABEL = re.compile(LABEL)
FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Inf|NaN)$")

def unescape(v):
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), v)

def parse(text):
    """{(name, frozenset(labels)): value}; raises ValueError."""
    if text and not text.endswith("\n"):
        raise ValueError("the last line does not end in a newline")
    help_, type_, series, done, current = {}, {}, {}, set(), None
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = "line %d: %r" % (n, line)
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not re.fullmatch(NAME, name):
                    raise ValueError("bad metric name, " + where)
                table = help_ if parts[1] == "HELP" else type_
                if name in table:
                    raise ValueError("second %s, %s" % (parts[1], where))
                table[name] = True
                if name in done or name == current:
                    raise ValueError("%s after samples, %s" % (parts[1], where))
                if parts[1] == "TYPE" and (len(parts) != 4 or parts[3] not in
                        ("counter", "gauge", "histogram", "summary", "untyped")):
                    raise ValueError("bad TYPE, " + where)
                if parts[1] == "HELP" and len(parts) == 4 and \
                        re.search(r"\\[^\\n]", parts[3]):
                    raise ValueError("bad escape in HELP, " + where)
            continue
        m = SAMPLE.match(line)
        if not m:
            raise ValueError("not a sample (or a timestamp), " + where)
        name = m.group(1)
        if not name.startswith("vfio_ready_"):
            raise ValueError("not prefixed vfio_ready_, " + where)
        if name not in help_ or name not in type_:
            raise ValueError("no HELP and TYPE before, " + where)
        if name != current:
            if name in done:
                raise ValueError("samples of one metric apart, " + where)
            if current:
                done.add(current)
            current = name
        labels = [(k, unescape(v)) for k, v in ONE_LABEL.findall(m.group(2) or "")]
        if len({k for k, _ in labels}) != len(labels):
            raise ValueError("a label twice, " + where)
        key = (name, frozenset(labels))
        if key in series:
            raise ValueError("duplicate series, " + where)
        if not FLOAT.match(m.group(7)):
            raise ValueError("bad value, " + where)
        series[key] = float(m.group(7))
    return series

def bucket(c):
    c = int(c, 16)
    if c >> 16 == 0x03: return "gpu"
    if c >> 16 == 0x02: return "nic"
    if c >> 8 == 0x0108: return "nvme"
    if c >> 8 == 0x0c03: return "usb"
    return "other"

def expected(r):
    v = r["verdict"]
    want = {}
    def put(name, value, **labels):
        want[("vfio_ready_" + name, frozenset(labels.items()))] = float(value)
    put("info", 1, version=r["tool"]["version"],
        kernel=r["facts"]["kernel"]["release"] or "")
    for s in ("ready", "warnings", "not_ready"):
        put("status", v["status"] == s, status=s)
    put("score", v["score"])
    put("first_failing_layer_info", 1, layer=v["first_failing_layer"] or "none")
    for k, n in v["counts"].items():
        put("findings", n, verdict=k)
    for source in ("kernel", "predicted"):
        if isinstance(r["groups"][source], list):
            put("iommu_groups", len(r["groups"][source]), source=source)
    if isinstance(r["groups"]["agreement"], bool):
        put("groups_agreement", r["groups"]["agreement"])
    classes = ("gpu", "nic", "nvme", "usb", "other")
    n, can = dict.fromkeys(classes, 0), dict.fromkeys(classes, 0)
    for d in r["devices"]:
        n[bucket(d["class"])] += 1
        can[bucket(d["class"])] += v["status"] != "not_ready" and \
            d["assignability"] in ("alone", "with_group")
    for c in classes:
        put("devices", n[c], **{"class": c})
        put("devices_assignable", can[c], **{"class": c})
    ir = r["facts"]["iommu"]["interrupt_remapping"]
    if ir in ("yes", "no"):
        put("interrupt_remapping_enabled", ir == "yes")
    return want

try:
    got = parse(open(sys.argv[1], encoding="utf-8").read())
    if len(sys.argv) > 2:
        want = expected(json.load(open(sys.argv[2])))
        for key in sorted(set(got) | set(want), key=str):
            if got.get(key) != want.get(key):
                raise ValueError("%s: metrics say %s, the report %s" %
                                 (key, got.get(key), want.get(key)))
except (ValueError, UnicodeDecodeError) as e:
    print(e)
    sys.exit(1)
EOF
valid() { python3 "$T/check.py" "$@" > "$T/why" 2>&1; }
invalid() { ! valid "$@"; }

# ---- the checker itself rejects what it must ------------------------------

printf '# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x{a="1"} 1\n' > "$T/good.prom"
check "checker: accepts a well-formed family" valid "$T/good.prom"
while IFS='|' read -r what bad; do
	printf "$bad" > "$T/bad.prom"
	check "checker: rejects $what" invalid "$T/bad.prom"
done <<'EOF'
a sample without HELP and TYPE|vfio_ready_x 1\n
a sample without HELP|# TYPE vfio_ready_x gauge\nvfio_ready_x 1\n
an unescaped quote|# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x{a="q"q"} 1\n
an unknown escape|# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x{a="\\q"} 1\n
a duplicate series|# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x{a="1"} 1\nvfio_ready_x{a="1"} 2\n
a timestamp|# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x 1 1700000000\n
no final newline|# HELP vfio_ready_x x\n# TYPE vfio_ready_x gauge\nvfio_ready_x 1
a name without the prefix|# HELP x x\n# TYPE x gauge\nx 1\n
TYPE after the samples|# HELP vfio_ready_x x\nvfio_ready_x 1\n# TYPE vfio_ready_x gauge\n
EOF

# ---- every fixture --------------------------------------------------------

has_promtool=false
command -v promtool > /dev/null 2>&1 && has_promtool=true
bad=""; n=0
for f in fixtures/real/*.tar.gz fixtures/synthetic/*; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	"$BIN" --root "$f" --format prometheus > "$T/m.prom" 2> "$T/m.err"
	rc=$?
	"$BIN" --root "$f" --format json > "$T/r.json" 2> /dev/null
	jrc=$?
	: > "$T/why"
	if [ "$rc" -ne "$jrc" ] || [ "$rc" -ge 2 ]; then
		bad="$bad $f(exit $rc, json $jrc)"
	elif ! valid "$T/m.prom" "$T/r.json"; then
		bad="$bad $f($(cat "$T/why"))"
	elif $has_promtool && ! promtool check metrics < "$T/m.prom" > "$T/p" 2>&1; then
		bad="$bad $f(promtool: $(cat "$T/p"))"
	fi
done
echo "$bad" | tr ' ' '\n' > "$T/why"
check "$n fixtures: valid exposition format, values agree with the JSON" \
	test -z "$bad"
if $has_promtool; then
	ok "promtool check metrics passed on all $n"
else
	skip "promtool check metrics" "promtool (Debian: prometheus) not installed"
fi

# ---- label escaping -------------------------------------------------------

E=$T/evil-release
cp -a fixtures/synthetic/host-intel-ready "$E"
printf '6.1.0-"quoted"\\back\377slash\n' > "$E/proc/sys/kernel/osrelease"
"$BIN" --root "$E" --format prometheus > "$T/e.prom"
check "a kernel release with a quote, a backslash and a bad byte is escaped" \
	test -n "$(grep -F 'kernel="6.1.0-\"quoted\"\\back?slash"' "$T/e.prom")"
check "... and the output is still valid" valid "$T/e.prom"

finish
