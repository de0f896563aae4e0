#!/usr/bin/env bash
# Checks what a goreleaser build in DIST (default dist) holds: each archive, .deb and .rpm lists the
# files a user gets (tar/unzip, dpkg-deb, and scripts/rpmls since rpm is not installed), checksums.txt
# covers and matches every one, and the linux/amd64 binary reports the version the build stamped.
#
#   scripts/check-release.sh [DIST] [OS_ARCH...]     (default: every target in .goreleaser.yaml)
#
# It ends with "N passed, N failed" and exits 1 when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64)

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# expect NAME LISTING PATTERN...: each pattern (an extended regexp) matches a line of LISTING.
expect() {
  local name=$1 listing=$2; shift 2
  local p
  for p in "$@"; do
    if grep -Eq -- "$p" <<<"$listing"; then ok "$name has $p"; else fail "$name lacks $p"; fi
  done
}
# one GLOB: the single file matching GLOB in $dist, or fail.
one() {
  local m=("$dist"/$1)
  if [ ${#m[@]} -eq 1 ] && [ -f "${m[0]}" ]; then echo "${m[0]}"; else return 1; fi
}

version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$dist/metadata.json")
[ -n "$version" ] && ok "metadata.json names version $version" || fail "no version in $dist/metadata.json"

# Man pages: one for the tool and one per command, as cmd/argilla-space/man.go writes them.
manpages=(argilla-space.1.gz argilla-space-create.1.gz argilla-space-apply.1.gz argilla-space-version.1.gz)

# check_package FILE LISTING ZSHDIR LICENCE: a .deb or .rpm installs the binary, the completions
# where each shell looks for them, the man pages and the licence; LISTING is "MODE /PATH" lines.
check_package() {
  local patterns=('^-rwxr-xr-x /usr/bin/argilla-space$' '^-rw-r--r-- /usr/share/bash-completion/completions/argilla-space$'
    "^-rw-r--r-- $3/_argilla-space\$" '^-rw-r--r-- /usr/share/fish/vendor_completions\.d/argilla-space\.fish$'
    "^-rw-r--r-- $4\$")
  local m
  for m in "${manpages[@]}"; do patterns+=("^-rw-r--r-- /usr/share/man/man1/${m//./\\.}\$"); done
  expect "$(basename "$1")" "$2" "${patterns[@]}"
}

for t in "${targets[@]}"; do
  os=${t%_*}
  ext=tar.gz bin=argilla-space
  [ "$os" = windows ] && ext=zip bin=argilla-space.exe
  if ! archive=$(one "argilla-space_${version}_${t}.${ext}"); then
    fail "no archive argilla-space_${version}_${t}.${ext}"
    continue
  fi
  if [ "$ext" = zip ]; then
    listing=$(unzip -Z1 "$archive")
  else
    listing=$(tar -tzf "$archive")
  fi
  patterns=("^$bin\$" '^README\.md$' '^LICENSE$' '^completions/argilla-space\.bash$' '^completions/argilla-space\.zsh$'
    '^completions/argilla-space\.fish$')
  for m in "${manpages[@]}"; do patterns+=("^manpages/${m//./\\.}\$"); done
  expect "$(basename "$archive")" "$listing" "${patterns[@]}"

  [ "$os" = linux ] || continue
  arch=${t#*_}
  if deb=$(one "argilla-space_${version}_${t}.deb"); then
    # dpkg-deb -c prints "MODE OWNER SIZE DATE TIME ./PATH".
    check_package "$deb" "$(dpkg-deb -c "$deb" | awk '{sub(/^\./, "", $NF); print $1, $NF}')" \
      /usr/share/zsh/vendor-completions /usr/share/doc/argilla-space/copyright
    expect "$(basename "$deb") control" "$(dpkg-deb -f "$deb" Package Architecture)" '^Package: argilla-space$' \
      "^Architecture: $arch\$"
  else
    fail "no .deb for $t"
  fi
  if rpm=$(one "argilla-space_${version}_${t}.rpm"); then
    check_package "$rpm" "$(go run ./scripts/rpmls "$rpm")" /usr/share/zsh/site-functions \
      /usr/share/licenses/argilla-space/LICENSE
  else
    fail "no .rpm for $t"
  fi
done

# checksums.txt names every archive and package, and each sum matches.
sums="$dist/checksums.txt"
if [ -f "$sums" ]; then
  for f in "$dist"/*.tar.gz "$dist"/*.zip "$dist"/*.deb "$dist"/*.rpm; do
    [ -e "$f" ] || continue
    if grep -q "  $(basename "$f")\$" "$sums"; then ok "checksums.txt lists $(basename "$f")"; else fail "checksums.txt lacks $(basename "$f")"; fi
  done
  if (cd "$dist" && sha256sum --quiet -c checksums.txt); then ok "checksums.txt matches"; else fail "checksums.txt does not match"; fi
else
  fail "no $sums"
fi

# The Homebrew cask installs the binary, the completions and the man pages from the macOS archives.
if [[ " ${targets[*]} " == *" darwin_"* ]]; then
  if cask=$(one "homebrew/Casks/argilla-space.rb"); then
    expect "cask" "$(cat "$cask")" '^ *binary "argilla-space"$' '^ *bash_completion "completions/argilla-space\.bash"$' \
      '^ *manpage "manpages/argilla-space\.1\.gz"$' "^ *version \"$version\"\$"
  else
    fail "no Homebrew cask"
  fi
fi

# The binary this machine can run says which build it is (the ldflags in .goreleaser.yaml).
host="$(go env GOOS)_$(go env GOARCH)"
if [[ " ${targets[*]} " == *" $host "* ]] && archive=$(one "argilla-space_${version}_${host}.tar.gz"); then
  tmp=$(mktemp -d)
  tar -xzf "$archive" -C "$tmp" argilla-space
  out=$("$tmp/argilla-space" version -o json)
  rm -rf "$tmp"
  expect "version -o json" "$out" "^  \"version\": \"${version//./\\.}\",\$" '^  "commit": "[0-9a-f]{7,}",$' \
    '^  "date": "[0-9]{4}-[0-9]{2}-[0-9]{2}T' '^  "goVersion": "go1\.' "^  \"platform\": \"${host/_//}\"\$"
fi

echo "check-release: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
