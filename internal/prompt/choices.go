package prompt

import (
	"maps"
	"slices"

	"charm.land/huh/v2"
)

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

// storageOptions lists the storage kinds the Hub still offers, with what each
// one costs and risks. The legacy tiers (small, medium, large) are not
// offered: the Hub retired them, so choosing one could only be refused.
func storageOptions() []huh.Option[string] {
	return []huh.Option[string]{
		huh.NewOption("bucket: persistent: a Storage Bucket mounted at /data; survives restarts (recommended)", "bucket"),
		huh.NewOption("ephemeral: free, but EVERY restart, settings change or 48h sleep WIPES all users, datasets and annotations", "ephemeral"),
	}
}

// ownerOptions lists the possible owners, the first being the user, each
// followed by its plan note when there is one; then the namespaces where a
// Space cannot be created, sorted, each with its reason (choosing one is
// refused by ownerAllowed).
func ownerOptions(q CreateQuestions) []huh.Option[string] {
	opts := make([]huh.Option[string], 0, len(q.Owners)+len(q.Unavailable))
	for i, o := range q.Owners {
		label := o
		if o == q.Self || q.Self == "" && i == 0 {
			label += " (you)"
		}
		if n := q.PlanNote[o]; n != "" {
			label += ": " + n
		}
		opts = append(opts, huh.NewOption(label, o))
	}
	for _, o := range slices.Sorted(maps.Keys(q.Unavailable)) {
		if slices.Contains(q.Owners, o) {
			continue
		}
		label := o
		if o == q.Self {
			label += " (you)"
		}
		opts = append(opts, huh.NewOption(label+": cannot create here: "+q.Unavailable[o], o))
	}
	return opts
}
