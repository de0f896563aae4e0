package main

import "github.com/spf13/cobra"

// oauthCmd is not written yet.
func (a *app) oauthCmd() *cobra.Command { return &cobra.Command{Use: "oauth", Hidden: true} }
