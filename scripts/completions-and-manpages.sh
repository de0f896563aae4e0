#!/usr/bin/env bash
# Writes shell completions and man pages for the release archives (called by .goreleaser.yaml).
set -euo pipefail
rm -rf completions manpages
mkdir -p completions manpages
for sh in bash zsh fish; do
  go run ./cmd/argilla-space completion "$sh" > "completions/argilla-space.$sh"
done
go run -tags man ./cmd/argilla-space man manpages
gzip -9 -n manpages/*.1
