#!/usr/bin/env bash
# The GitHub Action's run step (action.yml): runs one argilla-space command with `-o json --no-input`,
# prints its JSON, and sets the step outputs space, url, api-url, stage, persistent and json from it.
# Tested by .github/action/test.sh.
#
# Environment: ARGILLA_SPACE_BIN (the binary the install step put in place), INPUT_ARGS (the command
# line), INPUT_TOKEN (the token input: it goes to argilla-space in HF_TOKEN, never on argv),
# GITHUB_OUTPUT (set by the runner).
set -euo pipefail

die() { echo "::error title=argilla-space::$*" >&2; exit 2; }

bin=${ARGILLA_SPACE_BIN:?the install step did not say where argilla-space is}

# Split the command line into words as a shell would, quotes honoured, but without running anything:
# xargs expands no variable, glob or command substitution. (read -d '' works in macOS's bash 3.2.)
case "${INPUT_ARGS:-}" in
  *[![:space:]]*) ;;
  *) die "the args input is empty: give the command, e.g. create acme/argilla --private --exist-ok" ;;
esac
words=$(mktemp)
out=$(mktemp)
trap 'rm -f "$words" "$out"' EXIT
printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' >"$words" || die "the args input is not a command line (unbalanced quotes?)"
args=()
while IFS= read -r -d '' word; do
  args+=("$word")
done <"$words"
for word in "${args[@]}"; do
  case "$word" in
    --token | --token=*) die "do not put the token in args (argv is visible to other processes and in logs): pass it with the token input, which argilla-space reads from HF_TOKEN" ;;
  esac
done

if [ -n "${INPUT_TOKEN:-}" ]; then
  export HF_TOKEN="$INPUT_TOKEN"
fi
unset INPUT_TOKEN

code=0
"$bin" "${args[@]}" -o json --no-input >"$out" || code=$?
cat "$out"

# Outputs from argilla-space's own JSON (2-space indented by encoding/json, one key a line), read with
# awk because jq is not on every runner (self-hosted, some containers). A key at the top level wins;
# else the one Space of a one-Space `apply`/`plan` ({"spaces": [{...}]}) answers. Strings are unquoted;
# true, false and numbers are kept; the rest is empty.
fields() {
  awk '
    function value(s) {
      sub(/,$/, "", s)
      if (s ~ /^".*"$/) {
        s = substr(s, 2, length(s) - 2)
        gsub(/\\u0026/, "\\&", s); gsub(/\\u003c/, "<", s); gsub(/\\u003e/, ">", s)
        gsub(/\\"/, "\"", s); gsub(/\\\//, "/", s); gsub(/\\\\/, "\\", s)
        return s
      }
      return (s ~ /^(true|false|-?[0-9.eE+-]+)$/) ? s : ""
    }
    /^  "spaces": \[/ { inSpaces = 1; next }
    inSpaces && /^  \]/ { inSpaces = 0 }
    inSpaces && /^    \{/ { n++ }
    match($0, /^  "[A-Za-z]+": /) { k = substr($0, 4, RLENGTH - 6); top[k] = value(substr($0, RLENGTH + 1)) }
    inSpaces && match($0, /^      "[A-Za-z]+": /) { k = substr($0, 8, RLENGTH - 10); one[k] = value(substr($0, RLENGTH + 1)) }
    END {
      split("space url apiUrl stage persistent", keys, " ")
      split("space url api-url stage persistent", names, " ")
      for (i = 1; i <= 5; i++) {
        v = ""
        if (keys[i] in top) v = top[keys[i]]
        else if (n == 1 && keys[i] in one) v = one[keys[i]]
        print names[i] "=" v
      }
    }' "$out"
}

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  delim="ARGILLA_SPACE_JSON_$RANDOM$RANDOM"
  {
    fields
    echo "exit-code=$code"
    echo "json<<$delim"
    cat "$out"
    echo "$delim"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
