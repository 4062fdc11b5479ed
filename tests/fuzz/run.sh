#!/bin/sh
# Runs the libFuzzer targets (make fuzz).
#   tests/fuzz/run.sh --setup            install clang and its fuzzer runtime
#                                        (apt, as root) when missing
#   tests/fuzz/run.sh BUILD SECONDS NAME...
# Each target runs SECONDS on tests/fuzz/corpus/NAME (new inputs are added
# there) plus seeds made from fixtures/ (BUILD/seeds/NAME).  A crash, leak,
# sanitizer report, timeout (10 s an input) or out-of-memory (2 GiB) stops
# the target and lands in BUILD/crashes/NAME/; it then belongs in the
# corpus as a regression input once fixed.  Prints one line a target:
# executions, execs/s, edge coverage, features, corpus size.
set -u
if [ "${1:-}" = "--setup" ]; then
	printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' \
		> /tmp/vfio-fuzz-probe.c
	if clang -fsanitize=fuzzer,address -o /tmp/vfio-fuzz-probe \
	      /tmp/vfio-fuzz-probe.c >/dev/null 2>&1; then
		rm -f /tmp/vfio-fuzz-probe /tmp/vfio-fuzz-probe.c
		exit 0
	fi
	rm -f /tmp/vfio-fuzz-probe.c
	if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		echo "make fuzz: installing clang and libclang-rt-dev"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends clang libclang-rt-dev >/dev/null || exit 1
		exit 0
	fi
	echo "make fuzz needs clang with libFuzzer:" \
	     "sudo apt-get install clang libclang-rt-dev" >&2
	exit 1
fi

B=${1:?usage: tests/fuzz/run.sh BUILD SECONDS NAME...}
secs=${2:?seconds}
shift 2
python3 tests/fuzz/seeds.py "$B/seeds" >/dev/null || exit 1
rc=0
for name in "$@"; do
	bin=$B/fuzz/fuzz-$name
	corpus=tests/fuzz/corpus/$name
	mkdir -p "$corpus" "$B/crashes/$name" "$B/seeds/$name" "$B/logs"
	log=$B/logs/$name.log
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$B/crashes/$name/" \
		"$corpus" "$B/seeds/$name" > "$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -a -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	n=$(ls "$corpus" | wc -l)
	if [ "$status" -ne 0 ]; then
		rc=1
		echo "fuzz-$name: FAILED after ${execs:-?} executions (exit $status);" \
		     "see $log and $B/crashes/$name/"
	else
		echo "fuzz-$name: ${secs} s, ${execs:-?} executions" \
		     "(${speed:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus $n"
	fi
done
exit $rc
