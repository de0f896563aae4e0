package main

import "github.com/spf13/cobra"

// secretsCmd is not written yet.
func (a *app) secretsCmd() *cobra.Command { return &cobra.Command{Use: "secrets", Hidden: true} }

// varsCmd is not written yet.
func (a *app) varsCmd() *cobra.Command { return &cobra.Command{Use: "vars", Hidden: true} }

// ownerCmd is not written yet.
func (a *app) ownerCmd() *cobra.Command { return &cobra.Command{Use: "owner", Hidden: true} }
