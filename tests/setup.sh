# setup.sh - sourced by the shell tests: strict mode, C locale, a scratch
# directory removed on exit, and small assertion helpers.
set -eu
LC_ALL=C
export LC_ALL
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BIN:=$top_srcdir/src}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zhclean-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

pass() {
	checks=$((checks + 1))
}

# expect_status WANT DESCRIPTION COMMAND...: run COMMAND, compare its status.
expect_status() {
	want=$1; what=$2; shift 2
	set +e
	"$@"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit status $got, expected $want"
	else
		pass
	fi
}

# expect_same FILE1 FILE2 DESCRIPTION
expect_same() {
	if cmp -s "$1" "$2"; then
		pass
	else
		fail "$3: $1 and $2 differ"
		cmp "$1" "$2" >&2 || true
	fi
}

# expect_empty FILE DESCRIPTION
expect_empty() {
	if [ -s "$1" ]; then
		fail "$2: $1 is not empty:"
		head -c 500 "$1" >&2
	else
		pass
	fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
	if grep -q -e "$1" "$2"; then
		pass
	else
		fail "$3: no '$1' in $2"
	fi
}

finish() {
	echo "$checks checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}
