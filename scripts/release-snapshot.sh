#!/usr/bin/env bash
# Builds a snapshot release into dist/ with the pinned goreleaser, as a real release would be built
# but publishing and signing nothing, then checks what it holds (scripts/check-release.sh).
#
#   scripts/release-snapshot.sh                 every target of .goreleaser.yaml
#   scripts/release-snapshot.sh linux_amd64     one target (CI): .goreleaser.yaml narrowed to it
set -euo pipefail
cd "$(dirname "$0")/.."
# Pinned: goreleaser v2.15.1 is the newest v2 that builds with our Go and the module proxy's modules.
goreleaser=(go run github.com/goreleaser/goreleaser/v2@v2.15.1)

config=.goreleaser.yaml
if [ $# -gt 0 ]; then
  [ $# -eq 1 ] && [[ $1 =~ ^(linux|darwin|windows)_(amd64|arm64)$ ]] || {
    echo "usage: $0 [OS_ARCH]   (OS linux|darwin|windows, ARCH amd64|arm64)" >&2
    exit 2
  }
  # The same configuration with one build target; the sed must change exactly those two lines.
  config=$(mktemp --suffix=.yaml)
  trap 'rm -f "$config"' EXIT
  sed -e "s/^    goos: \[.*\]\$/    goos: [${1%_*}]/" -e "s/^    goarch: \[.*\]\$/    goarch: [${1#*_}]/" .goreleaser.yaml >"$config"
  [ "$(diff .goreleaser.yaml "$config" | grep -c '^>')" -eq 2 ] || {
    echo "$0: could not narrow the builds' goos and goarch in .goreleaser.yaml" >&2
    exit 1
  }
fi

# goreleaser takes the commit and its date from git only when the repository has a remote; a clone
# has one, a local repository may not: then name one for this run alone (git reads GIT_CONFIG_*).
if [ -z "$(git remote)" ]; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url
  export GIT_CONFIG_VALUE_0=https://github.com/argilla-space/argilla-space.git
fi

"${goreleaser[@]}" check --config "$config"
"${goreleaser[@]}" release --snapshot --clean --skip=publish,sign --config "$config"
scripts/check-release.sh dist "$@"
