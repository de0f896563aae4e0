#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): downloads the argilla-space release archive for this
# runner's OS and architecture, checks it against the release's checksums.txt, and puts the binary on
# PATH for the steps after it. Tested by .github/action/test.sh against a local snapshot release.
#
# Environment: INPUT_VERSION (1.2.3, v1.2.3 or latest), INPUT_RELEASES_URL (GitHub's releases URL, or
# a mirror; any URL curl reads, file:// in tests), and what the runner sets: RUNNER_OS, RUNNER_ARCH,
# RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT.
set -euo pipefail

die() { echo "::error title=argilla-space::$*" >&2; exit 1; }

version=${INPUT_VERSION:-latest}
releases=${INPUT_RELEASES_URL%/}
[ -n "$releases" ] || die "the releases-url input is empty"

# The runner's names, else uname's (a self-hosted runner or a local test without them).
case "${RUNNER_OS:-$(uname -s)}" in
  Linux | linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) die "argilla-space has no release for the OS ${RUNNER_OS:-$(uname -s)} (it has Linux, macOS and Windows)" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
  *) die "argilla-space has no release for the architecture ${RUNNER_ARCH:-$(uname -m)} (it has X64 and ARM64)" ;;
esac

# GitHub serves a release's files at RELEASES/download/TAG/FILE, the latest's at RELEASES/latest/download/FILE.
# checksums.txt names the archive (with its version), so "latest" needs no API call.
if [ "$version" = latest ]; then
  url="$releases/latest/download"
else
  url="$releases/download/v${version#v}"
fi

dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/argilla-space-install-$$"
rm -rf "$dir"
mkdir -p "$dir"
fetch() { curl --fail --silent --show-error --location --retry 3 --output "$dir/$1" "$url/$1"; }

fetch checksums.txt || die "could not download $url/checksums.txt: is argilla-space $version released? (the version input takes 1.2.3, v1.2.3 or latest)"

# A line of checksums.txt is "SHA256  argilla-space_VERSION_OS_ARCH.tar.gz" (.zip on Windows).
ext=tar.gz
[ "$os" = windows ] && ext=zip
line=$(grep -E "^[0-9a-f]{64}  argilla-space_[^ /]+_${os}_${arch}\.${ext}\$" "$dir/checksums.txt" || true)
[ -n "$line" ] && [ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] ||
  die "checksums.txt at $url lists no single argilla-space archive for ${os}_${arch}"
want=${line%% *}
archive=${line##* }
installed=${archive#argilla-space_}
installed=${installed%_"${os}"_"${arch}".*}

fetch "$archive" || die "could not download $url/$archive"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$dir/$archive")
else
  got=$(shasum -a 256 "$dir/$archive") # macOS
fi
got=${got%% *}
if [ "$got" != "$want" ]; then
  rm -rf "$dir"
  die "$archive has SHA-256 $got but checksums.txt says $want: the download is corrupt or was tampered with; nothing was installed"
fi

bin=argilla-space
if [ "$ext" = zip ]; then
  bin=argilla-space.exe
  # unzip ships with Git for Windows' bash; GitHub's Windows images also have 7z.
  if command -v unzip >/dev/null; then
    unzip -q -o "$dir/$archive" "$bin" -d "$dir"
  elif command -v 7z >/dev/null; then
    7z x -y -o"$dir" "$dir/$archive" "$bin" >/dev/null
  else
    die "neither unzip nor 7z is on PATH to unpack $archive"
  fi
else
  tar -xzf "$dir/$archive" -C "$dir" "$bin"
fi
rm -f "$dir/$archive" "$dir/checksums.txt"
chmod +x "$dir/$bin"
"$dir/$bin" --version || die "the installed $bin does not run on this runner"

path_dir=$dir
command -v cygpath >/dev/null && path_dir=$(cygpath -w "$dir") # Windows: a path every shell understands
if [ -n "${GITHUB_PATH:-}" ]; then echo "$path_dir" >>"$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "bin=$dir/$bin"
    echo "version=$installed"
  } >>"$GITHUB_OUTPUT"
fi
echo "argilla-space $installed installed in $dir (checksum verified)"
