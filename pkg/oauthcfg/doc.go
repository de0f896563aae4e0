// Package oauthcfg reads, edits, validates and writes Argilla's OAuth file
// (`.oauth.yaml` in the template Space) without losing its comments.
//
// The server reads the file with PyYAML's safe_load (YAML 1.1) once at startup
// and fails to start on a bad file, which on a Space means "Runtime error" and,
// without persistent storage, lost data. So this package checks the file the way
// that server reads it (YAML 1.1 scalar types, not YAML 1.2), and the CLI must
// call Validate before it pushes.
//
// Edits work on go.yaml.in/yaml/v3 nodes, so comments, key order and keys this
// package does not know survive. The yaml encoder drops blank lines; Bytes puts
// them back by aligning the output with the text that was parsed.
package oauthcfg
