package main

import "github.com/spf13/cobra"

// logsCmd is not written yet.
func (a *app) logsCmd() *cobra.Command { return &cobra.Command{Use: "logs", Hidden: true} }
