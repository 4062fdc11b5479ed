#!/bin/sh
# Fuzz corpus replay: every tests/fuzz/fuzz-NAME.c target, linked with
# tests/fuzz/replay.c (no fuzzer needed), runs once over each input of
# tests/fuzz/corpus/NAME/ — seeds, what `make fuzz` found interesting and
# the inputs of crashes it found (regressions).  Under `make asan` the
# replay runs with the sanitizers.
#   tests/run-fuzz.sh BIN      (the build directory comes from
#                               VFIO_READY_BUILD, set by tests/run.sh)
set -u
O=${VFIO_READY_BUILD:-build}
passed=0; failed=0; skipped=0
for src in tests/fuzz/fuzz-*.c; do
	name=$(basename "$src" .c); name=${name#fuzz-}
	bin=$O/fuzz/replay-$name
	corpus=tests/fuzz/corpus/$name
	if [ ! -x "$bin" ]; then
		echo "not ok - replay $name: $bin was not built"
		failed=$((failed + 1)); continue
	fi
	if [ -z "$(ls "$corpus" 2>/dev/null)" ]; then
		echo "not ok - replay $name: no corpus in $corpus"
		failed=$((failed + 1)); continue
	fi
	if out=$("$bin" "$corpus" 2>&1); then
		echo "ok - replay $name (${out##*: })"
		passed=$((passed + 1))
	else
		echo "not ok - replay $name"
		echo "$out" | tail -n 30 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
