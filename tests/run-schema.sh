#!/bin/sh
# The JSON Schema of the report, doc/report-1.schema.json, run from the
# project root:
#   tests/run-schema.sh BIN
# The schema is a valid draft 2020-12 schema with a description on every
# field; every golden report (tests/expected) and this machine's report
# validate; and it is not vacuous: a golden with a wrong type, a missing
# required key, an unknown verdict or an undocumented key must not.
# Needs python3 with the jsonschema module (Debian: python3-jsonschema);
# skips without it.  Prints "ok - NAME" / "not ok - NAME" /
# "skip - NAME (why)" and ends with "schema: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-schema.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
SCHEMA=doc/report-1.schema.json

. tests/tier.sh

# The first python3 that has jsonschema (a pyenv one may shadow Debian's).
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" > /dev/null 2>&1 &&
	   "$p" -c 'import jsonschema' > /dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	skip "JSON Schema tier" "no python3 jsonschema module (python3-jsonschema)"
	echo "schema: $passed passed, $failed failed, $skipped skipped"
	exit 0
fi

# tool.py ACTION ARGS: one check; prints the problems, exits 1 on any.
cat > "$T/tool.py" <<'EOF'
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[2]))
V = jsonschema.Draft202012Validator

def errors(doc):
    return sorted(V(schema).iter_errors(doc), key=lambda e: list(e.path))

def show(e):
    return "%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)",
                       e.message[:160])

def documented(node, where):
    """Every property of every object schema says what it is."""
    bad = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            target = sub
            if "$ref" in sub and "description" not in sub:
                target = schema["$defs"][sub["$ref"].split("/")[-1]]
            if "description" not in target:
                bad.append("%s/%s has no description" % (where, name))
        for k, v in node.items():
            if k != "if":       # a condition, not a field
                bad += documented(v, where + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            bad += documented(v, "%s/%d" % (where, i))
    return bad

action = sys.argv[1]
if action == "meta":
    V.check_schema(schema)
    problems = documented(schema, "")
elif action == "valid":
    problems = []
    for path in sys.argv[3:]:
        problems += ["%s: %s" % (path, show(e)) for e in
                     errors(json.load(open(path)))[:5]]
elif action == "mutant":
    # mutant SCHEMA GOLDEN WHAT: the golden changed as WHAT says must
    # fail, and at the place changed
    doc = json.load(open(sys.argv[3]))
    what = sys.argv[4]
    bad = copy.deepcopy(doc)
    path = {
        "type": ["verdict", "score"],
        "missing": ["findings", 0],
        "verdict": ["findings", 0, "verdict"],
        "key": [],
        "layer": ["verdict", "first_failing_layer"],
        "assignability": ["devices", 0, "assignability"],
        "facts": ["facts", "cpu"],
        "nested": ["facts", "firmware"],
    }[what]
    if what == "type":
        bad["verdict"]["score"] = str(bad["verdict"]["score"])
    elif what == "missing":
        del bad["findings"][0]["code"]
    elif what == "verdict":
        bad["findings"][0]["verdict"] = "maybe"
    elif what == "key":
        bad["surprise"] = True
    elif what == "layer":
        bad["verdict"]["first_failing_layer"] = "gpu"
    elif what == "assignability":
        bad["devices"][0]["assignability"] = "sometimes"
    elif what == "facts":
        del bad["facts"]["cpu"]["kvm"]
    elif what == "nested":
        bad["facts"]["firmware"]["tables_listed"] = None
    found = errors(bad)
    problems = []
    if errors(doc):
        problems.append("the golden itself does not validate")
    if not found:
        problems.append("the mutant %s validates" % what)
    elif not any(list(e.absolute_path)[:len(path)] == path for e in found):
        problems.append("the mutant %s fails elsewhere: %s" %
                        (what, show(found[0])))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
meta() { "$py" "$T/tool.py" meta "$SCHEMA" > "$T/why" 2>&1; }
valid() { "$py" "$T/tool.py" valid "$SCHEMA" "$@" > "$T/why" 2>&1; }
mutant() { "$py" "$T/tool.py" mutant "$SCHEMA" "$1" "$2" > "$T/why" 2>&1; }

check "the schema is valid draft 2020-12 and documents every field" meta

goldens=$(find tests/expected -name '*.json' | sort)
check "every golden report validates ($(echo "$goldens" | wc -l) files)" \
	valid $goldens

"$BIN" --format json > "$T/live.json" 2> "$T/why"
rc=$?
if [ "$rc" -le 1 ]; then
	check "this machine's report validates" valid "$T/live.json"
else
	not_ok "this machine's report (exit $rc)"
fi

# A golden with findings, facts of every area and devices.
G=tests/expected/synthetic/pci-switch.json
for what in type missing verdict key layer assignability facts nested; do
	case $what in
	type) desc="a string for the numeric score" ;;
	missing) desc="a finding without its code" ;;
	verdict) desc="an unknown verdict value" ;;
	key) desc="an undocumented top-level key" ;;
	layer) desc="an unknown first failing layer" ;;
	assignability) desc="an unknown assignability" ;;
	facts) desc="facts.cpu without kvm" ;;
	nested) desc="null for a boolean fact" ;;
	esac
	check "not vacuous: $desc fails validation" mutant "$G" "$what"
done

echo "schema: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
