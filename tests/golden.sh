# golden.sh - sourced after setup.sh: run_golden FILTER runs every case
# tests/cli/FILTER/NAME.in through $BIN/FILTER (extra arguments from
# NAME.args, expected exit status from NAME.status, default 0) and compares
# stdout with NAME.out byte for byte.
run_golden() {
	filter=$1
	dir=$top_srcdir/tests/cli/$filter
	for input in "$dir"/*.in; do
		[ -e "$input" ] || continue
		name=${input%.in}
		args=
		[ -f "$name.args" ] && args=$(cat "$name.args")
		want=0
		[ -f "$name.status" ] && want=$(cat "$name.status")
		set +e
		# shellcheck disable=SC2086 # args are split on purpose
		"$BIN/$filter" $args < "$input" > "$tmp/golden.out" 2> "$tmp/golden.err"
		got=$?
		set -e
		if [ "$got" -ne "$want" ]; then
			fail "$filter golden $(basename "$name"): exit $got, expected $want"
			cat "$tmp/golden.err" >&2
		else
			expect_same "$tmp/golden.out" "$name.out" "$filter golden $(basename "$name")"
		fi
	done
}
