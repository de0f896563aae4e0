package main

import "github.com/spf13/cobra"

// storageCmd is not written yet.
func (a *app) storageCmd() *cobra.Command { return &cobra.Command{Use: "storage", Hidden: true} }
