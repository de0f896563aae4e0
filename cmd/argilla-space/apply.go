package main

import "github.com/spf13/cobra"

// planCmd is not written yet.
func (a *app) planCmd() *cobra.Command { return &cobra.Command{Use: "plan", Hidden: true} }

// applyCmd is not written yet.
func (a *app) applyCmd() *cobra.Command { return &cobra.Command{Use: "apply", Hidden: true} }

// schemaCmd is not written yet.
func (a *app) schemaCmd() *cobra.Command { return &cobra.Command{Use: "schema", Hidden: true} }
