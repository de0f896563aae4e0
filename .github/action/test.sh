#!/usr/bin/env bash
# Tests the GitHub Action's steps (install.sh, run.sh) as the runner would run them, against a
# snapshot release laid out like GitHub's in a local directory (releases-url = file://...), since
# GitHub cannot be reached from CI. The commands run against argilla-space's built-in Hub emulator.
#
#   .github/action/test.sh [DIST]     (DIST: a goreleaser snapshot with linux_amd64, default dist)
#
# It ends with "N passed, N failed" and exits 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/.github/action
dist=$(cd "${1:-dist}" && pwd)

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...: the command succeeds; else the step's stderr is shown
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; sed 's/^/     | /' "$r/stderr" | tail -5; fi
}
has() { grep -Eq -- "$2" "$1"; }

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$dist/metadata.json")
linux=argilla-space_${version}_linux_amd64.tar.gz
[ -f "$dist/$linux" ] || { echo "no $linux in $dist: build a snapshot first"; exit 1; }

# The fake release: download/vVERSION/ and latest/download/ hold the archives and checksums.txt.
# A Windows zip is made from the Linux binary, so the .exe path can run here too.
rel=$tmp/releases
mkdir -p "$rel/download/v$version" "$tmp/win"
cp "$dist/$linux" "$rel/download/v$version/"
tar -xzf "$dist/$linux" -C "$tmp/win" argilla-space
mv "$tmp/win/argilla-space" "$tmp/win/argilla-space.exe"
win=argilla-space_${version}_windows_amd64.zip
(cd "$tmp/win" && zip -q "$rel/download/v$version/$win" argilla-space.exe)
(cd "$rel/download/v$version" && sha256sum "$linux" "$win" >checksums.txt)
mkdir -p "$rel/latest"
ln -s "../download/v$version" "$rel/latest/download"

# install ENV...: runs the install step as the runner would, in a fresh runner directory $r.
install() {
  r=$(mktemp -d -p "$tmp")
  : >"$r/path" >"$r/output"
  env RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$r" GITHUB_PATH="$r/path" GITHUB_OUTPUT="$r/output" \
    INPUT_VERSION=latest INPUT_RELEASES_URL="file://$rel" "$@" bash "$here/install.sh" >"$r/stdout" 2>"$r/stderr"
}
# run ENV...: runs the run step with the binary the last install put in place.
run() {
  : >"$r/output"
  env HOME="$r/home" ARGILLA_SPACE_STATE_DIR="$r/home/state" ARGILLA_SPACE_CONFIG_DIR="$r/home/config" \
    GITHUB_OUTPUT="$r/output" ARGILLA_SPACE_BIN="$(sed -n 's/^bin=//p' "$r/install-output")" "$@" \
    bash "$here/run.sh" >"$r/stdout" 2>"$r/stderr"
}
output() { sed -n "s/^$1=//p" "$r/output"; }

echo "--- install"
check "latest installs the Linux binary" install
check "  and puts it on PATH" test -x "$(cat "$r/path")/argilla-space"
check "  and names the version" test "$(output version)" = "$version"
check "  and says the checksum was verified" has "$r/stdout" "argilla-space $version installed in .*checksum verified"
check "v$version installs" install INPUT_VERSION="v$version"
check "$version (without v) installs" install INPUT_VERSION="$version"
check "  the binary runs" has "$r/stdout" "^argilla-space $version"

install INPUT_VERSION=9.9.9
check "an unreleased version fails" test $? -ne 0
check "  saying which URL and what the input takes" has "$r/stderr" "download/v9\.9\.9/checksums\.txt: is argilla-space 9\.9\.9 released\?"
check "  with nothing on PATH" test ! -s "$r/path"

install RUNNER_ARCH=X86
check "a 32-bit runner fails" test $? -ne 0
check "  naming what exists" has "$r/stderr" "no release for the architecture X86 \(it has X64 and ARM64\)"

install RUNNER_OS=Windows
check "Windows installs the .exe from the zip" test $? -eq 0
check "  on PATH" test -x "$(cat "$r/path")/argilla-space.exe"

# A tampered archive: the checksum check refuses it and installs nothing.
bad=$tmp/bad/download/v$version
mkdir -p "$bad"
cp "$rel/download/v$version/checksums.txt" "$bad/"
{ cat "$dist/$linux"; echo tampered; } >"$bad/$linux"
install INPUT_VERSION="$version" INPUT_RELEASES_URL="file://$tmp/bad"
check "a tampered archive fails" test $? -ne 0
check "  saying the checksum differs" has "$r/stderr" "checksums\.txt says [0-9a-f]{64}: the download is corrupt or was tampered with; nothing was installed"
check "  with nothing installed" test ! -s "$r/path" -a ! -e "$r/argilla-space-install-"*/argilla-space

echo "--- run (against the emulator)"
install
cp "$r/output" "$r/install-output"
token=hf_alice # the emulator's demo token
run INPUT_ARGS="--endpoint emulator create demo --org acme --private --allow-workspace 'team_a'" INPUT_TOKEN="$token"
check "create succeeds" test $? -eq 0
check "  output space" test "$(output space)" = acme/demo
check "  output url" has "$r/output" '^url=http://127\.0\.0\.1:[0-9]+/spaces/acme/demo$'
check "  output api-url" has "$r/output" '^api-url=http://acme-demo\.localhost:[0-9]+$'
check "  output stage" test "$(output stage)" = RUNNING
check "  output persistent" test "$(output persistent)" = true
check "  output exit-code" test "$(output exit-code)" = 0
check "  output json is the JSON printed" has "$r/output" '^  "visibility": "private",$'
check "  the JSON is in the log" has "$r/stdout" '"space": "acme/demo"'
check "  the token is in no output or log" bash -c "! grep -q '$token' '$r/output' '$r/stdout' '$r/stderr'"

run INPUT_ARGS="--endpoint emulator status --space acme/demo" INPUT_TOKEN="$token"
check "status succeeds, same outputs" test "$(output space) $(output stage) $(output persistent)" = "acme/demo RUNNING true"

printf 'space: acme/demo\nvisibility: private\n' >"$r/spec.yaml"
run INPUT_ARGS="--endpoint emulator apply -f $r/spec.yaml" INPUT_TOKEN="$token"
check "apply of one Space: outputs from its entry" test "$(output space) $(output stage)" = "acme/demo RUNNING"

run INPUT_ARGS="--endpoint emulator create" INPUT_TOKEN="$token"
code=$?
check "a usage error exits 2" test "$code" -eq 2
check "  and says so in output exit-code" test "$(output exit-code)" = 2
check "  with argilla-space's message on stderr" has "$r/stderr" "error: "

run INPUT_ARGS="--endpoint emulator status --space acme/demo --token $token"
check "a token in args is refused" test $? -eq 2
check "  pointing at the token input" has "$r/stderr" "pass it with the token input"
run INPUT_ARGS="create 'unbalanced"
check "unbalanced quotes are refused" has "$r/stderr" "unbalanced quotes"
run INPUT_ARGS="  "
check "empty args are refused" has "$r/stderr" "args input is empty"

echo "--- run (argv and environment, with a stand-in binary)"
cat >"$r/stand-in" <<'STANDIN'
#!/usr/bin/env bash
printf 'argv:%s\n' "$@"
echo "token:${HF_TOKEN:+set}"
env | grep -c '^INPUT_TOKEN=' | sed 's/^/input_token_vars:/'
STANDIN
chmod +x "$r/stand-in"
echo "bin=$r/stand-in" >"$r/install-output"
run INPUT_ARGS="create \"my demo\" --org acme \$HOME '*' \`id\`" INPUT_TOKEN=hf_secret_value
check "words are split as a shell would, nothing expanded or run" test "$(grep '^argv:' "$r/stdout" | tr '\n' '|')" = \
  'argv:create|argv:my demo|argv:--org|argv:acme|argv:$HOME|argv:*|argv:`id`|argv:-o|argv:json|argv:--no-input|'
check "the token travels in HF_TOKEN" has "$r/stdout" '^token:set$'
check "  and not in argv or INPUT_TOKEN" bash -c "! grep -q hf_secret_value '$r/stdout' && grep -q '^input_token_vars:0$' '$r/stdout'"
run INPUT_ARGS="status" HF_TOKEN=from_the_job
check "without the token input, the job's HF_TOKEN is kept" has "$r/stdout" '^token:set$'

echo "action: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
