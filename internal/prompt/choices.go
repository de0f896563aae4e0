package prompt

import "charm.land/huh/v2"

// The explanations live in the option labels, not in a description: huh's
// accessible mode prints only the title and the labels, so a screen-reader
// user would otherwise never hear what a choice costs or risks.

// visibilityOptions lists the Space visibilities with what each one means.
func visibilityOptions() []huh.Option[string] {
	return []huh.Option[string]{
		huh.NewOption("public: anyone can see the Space and sign in as an annotator", "public"),
		huh.NewOption("private: only you or your org can see it; the app needs an HF token", "private"),
		huh.NewOption("protected: private code, public app; needs PRO or Team/Enterprise", "protected"),
	}
}

// storageOptions lists the storage kinds with what each one costs and risks.
func storageOptions() []huh.Option[string] {
	const legacy = ": legacy paid tier, retired by the Hub in 2026; will likely be refused"
	return []huh.Option[string]{
		huh.NewOption("bucket: persistent: a Storage Bucket mounted at /data; survives restarts (recommended)", "bucket"),
		huh.NewOption("ephemeral: free, but EVERY restart, settings change or 48h sleep WIPES all users, datasets and annotations", "ephemeral"),
		huh.NewOption("small"+legacy, "small"),
		huh.NewOption("medium"+legacy, "medium"),
		huh.NewOption("large"+legacy, "large"),
	}
}

// ownerOptions lists the possible owners, the first being the user, each
// followed by its plan note when there is one.
func ownerOptions(owners []string, notes map[string]string) []huh.Option[string] {
	opts := make([]huh.Option[string], 0, len(owners))
	for i, o := range owners {
		label := o
		if i == 0 {
			label += " (you)"
		}
		if n := notes[o]; n != "" {
			label += ": " + n
		}
		opts = append(opts, huh.NewOption(label, o))
	}
	return opts
}
