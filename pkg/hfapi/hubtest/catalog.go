package hubtest

import (
	"math"
	"strings"
)

// accelerator is the wire shape of a hardware flavor's accelerator (reference §15).
type accelerator struct {
	Type         string `json:"type"`
	Model        string `json:"model"`
	Quantity     int    `json:"quantity"`
	VRAM         string `json:"vram"`
	Manufacturer string `json:"manufacturer"`
}

// hardwareFlavor is one item of GET /api/spaces/hardware (reference §15).
type hardwareFlavor struct {
	Name             string       `json:"name"`
	PrettyName       string       `json:"prettyName"`
	CPU              string       `json:"cpu"`
	RAM              string       `json:"ram"`
	Accelerator      *accelerator `json:"accelerator"`
	UnitCostMicroUSD int64        `json:"unitCostMicroUSD"`
	UnitCostUSD      float64      `json:"unitCostUSD"`
	UnitLabel        string       `json:"unitLabel"`
}

func nvidia(model string, n int, vram string) *accelerator {
	return &accelerator{Type: "gpu", Model: model, Quantity: n, VRAM: vram, Manufacturer: "Nvidia"}
}

// flavor builds a list item from the hourly price of reference §15; the list is priced per minute,
// like the example the reference quotes (unitLabel "minute").
func flavor(name, pretty, cpu, ram string, acc *accelerator, usdPerHour float64) hardwareFlavor {
	perMinute := usdPerHour / 60
	micro := int64(math.Round(perMinute * 1e6))
	return hardwareFlavor{Name: name, PrettyName: pretty, CPU: cpu, RAM: ram, Accelerator: acc,
		UnitCostMicroUSD: micro, UnitCostUSD: float64(micro) / 1e6, UnitLabel: "minute"}
}

// publicHardware is the public Spaces flavor list: the 17 names of reference §15 with the table's specs.
// Values the reference does not give (zero-a10g's specs) are illustrative.
var publicHardware = []hardwareFlavor{
	flavor("cpu-basic", "CPU basic", "2 vCPU", "16 GB", nil, 0),
	flavor("cpu-upgrade", "CPU upgrade", "8 vCPU", "32 GB", nil, 0.03),
	flavor("zero-a10g", "ZeroGPU", "2 vCPU", "16 GB", nil, 0),
	flavor("t4-small", "Nvidia T4 - small", "4 vCPU", "15 GB", nvidia("T4", 1, "16 GB"), 0.40),
	flavor("t4-medium", "Nvidia T4 - medium", "8 vCPU", "30 GB", nvidia("T4", 1, "16 GB"), 0.60),
	flavor("l4x1", "1x Nvidia L4", "8 vCPU", "30 GB", nvidia("L4", 1, "24 GB"), 0.80),
	flavor("l4x4", "4x Nvidia L4", "48 vCPU", "186 GB", nvidia("L4", 4, "96 GB"), 3.80),
	flavor("l40sx1", "1x Nvidia L40S", "8 vCPU", "62 GB", nvidia("L40S", 1, "48 GB"), 1.80),
	flavor("l40sx4", "4x Nvidia L40S", "48 vCPU", "382 GB", nvidia("L40S", 4, "192 GB"), 8.30),
	flavor("l40sx8", "8x Nvidia L40S", "192 vCPU", "1534 GB", nvidia("L40S", 8, "384 GB"), 23.50),
	flavor("a10g-small", "Nvidia A10G - small", "4 vCPU", "15 GB", nvidia("A10G", 1, "24 GB"), 1.00),
	flavor("a10g-large", "Nvidia A10G - large", "12 vCPU", "46 GB", nvidia("A10G", 1, "24 GB"), 1.50),
	flavor("a10g-largex2", "2x Nvidia A10G - large", "24 vCPU", "92 GB", nvidia("A10G", 2, "48 GB"), 3.00),
	flavor("a10g-largex4", "4x Nvidia A10G - large", "48 vCPU", "184 GB", nvidia("A10G", 4, "96 GB"), 5.00),
	flavor("a100-large", "Nvidia A100 - large", "12 vCPU", "142 GB", nvidia("A100", 1, "80 GB"), 2.50),
	flavor("a100x4", "4x Nvidia A100", "48 vCPU", "568 GB", nvidia("A100", 4, "320 GB"), 10.00),
	flavor("a100x8", "8x Nvidia A100", "96 vCPU", "1136 GB", nvidia("A100", 8, "640 GB"), 20.00),
}

// schemaOnlyHardware are flavors the server's create/duplicate schema accepts without listing them
// publicly (reference §15).
var schemaOnlyHardware = []string{"cpu-performance", "cpu-xl", "sprx8", "h200", "h200x2", "h200x4", "h200x8",
	"rtx-pro-6000", "rtx-pro-6000x2", "rtx-pro-6000x4", "rtx-pro-6000x8", "inf2x6", "zerogpu"}

// knownHardware reports whether flavor is accepted by create, duplicate and POST .../hardware.
func knownHardware(flavor string) bool {
	for _, f := range publicHardware {
		if f.Name == flavor {
			return true
		}
	}
	for _, f := range schemaOnlyHardware {
		if f == flavor {
			return true
		}
	}
	return false
}

// needsGradio reports the flavors reserved to gradio Spaces (reference §2: zero-a10g/zerogpu).
func needsGradio(flavor string) bool { return flavor == "zero-a10g" || flavor == "zerogpu" }

// template is one entry of GET /api/spaces/templates plus the files its Space holds.
type template struct {
	Name             string
	RepoID           string
	SDK              string
	PreferredPrivate bool
	Files            map[string]string
}

// templateJSON is the wire shape of a template (reference addendum "Space templates").
type templateJSON struct {
	Name             string `json:"name"`
	RepoID           string `json:"repoId"`
	SDK              string `json:"sdk"`
	PreferredPrivate bool   `json:"preferredPrivate"`
}

// argillaTemplateID is the official Argilla template Space.
const argillaTemplateID = templateOrg + "/argilla-template-space"

// templates is the catalog. The Argilla one is the real template (reference argilla-on-spaces §1.2);
// the other two are the emulator's own, so that a non-Argilla template can be tried.
func templates() []template {
	return []template{
		{Name: "Argilla", RepoID: argillaTemplateID, SDK: "docker", Files: TemplateFiles()},
		{Name: "Gradio Blank", RepoID: emulatorTemplateOrg + "/gradio-blank", SDK: "gradio", Files: map[string]string{
			".gitattributes": gitattributes,
			"README.md":      "---\ntitle: Gradio Blank\nemoji: 🚀\ncolorFrom: blue\ncolorTo: green\nsdk: gradio\napp_file: app.py\npinned: false\n---\n\nA blank Gradio app.\n",
			"app.py":         "import gradio as gr\n\ngr.Interface(fn=lambda s: s, inputs=\"text\", outputs=\"text\").launch()\n",
		}},
		{Name: "Static HTML", RepoID: emulatorTemplateOrg + "/static-html", SDK: "static", Files: map[string]string{
			".gitattributes": gitattributes,
			"README.md":      "---\ntitle: Static HTML\nemoji: 📄\ncolorFrom: gray\ncolorTo: gray\nsdk: static\npinned: false\n---\n\nA static page.\n",
			"index.html":     "<!doctype html>\n<html><body><h1>Hello</h1></body></html>\n",
		}},
	}
}

// findTemplate accepts a repoId or a case-insensitive name, as huggingface_hub does.
func findTemplate(s string) (template, bool) {
	for _, t := range templates() {
		if t.RepoID == s || strings.EqualFold(t.Name, s) {
			return t, true
		}
	}
	return template{}, false
}

// TemplateFiles returns the files of argilla/argilla-template-space exactly as the emulator serves them
// (reference argilla-on-spaces §1.2), so tests can compare.
func TemplateFiles() map[string]string {
	return map[string]string{
		".gitattributes": gitattributes,
		"README.md":      argillaReadme,
		"Dockerfile":     argillaDockerfile,
		".oauth.yaml":    argillaOAuth,
	}
}

const argillaReadme = `---
title: Argilla Space
emoji: ✍️
colorFrom: pink
colorTo: pink
sdk: docker
app_port: 6900
fullWidth: true
suggested_storage: small
header: mini
hf_oauth: true
tags:
  - argilla
---

This is the Argilla Space template: an Argilla server for collaborative data annotation, ready to run on
Hugging Face Spaces. Sign in with your Hugging Face account to start annotating.
`

const argillaDockerfile = `FROM argilla/argilla-hf-spaces:v2.8.0
COPY .oauth.yaml /home/argilla/
#ENV ARGILLA_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING=false
`

const argillaOAuth = "# Change to `true` to enable HF auth integration\n" +
	"# enabled: false\n" +
	"\n" +
	"providers:\n" +
	"  - name: huggingface\n" +
	"\n" +
	"# Allowed workspaces must exists\n" +
	"allowed_workspaces:\n" +
	"  - name: argilla\n"

// gitattributes is the standard LFS pattern list of a new Hub repo.
const gitattributes = `*.7z filter=lfs diff=lfs merge=lfs -text
*.arrow filter=lfs diff=lfs merge=lfs -text
*.bin filter=lfs diff=lfs merge=lfs -text
*.bz2 filter=lfs diff=lfs merge=lfs -text
*.ckpt filter=lfs diff=lfs merge=lfs -text
*.ftz filter=lfs diff=lfs merge=lfs -text
*.gz filter=lfs diff=lfs merge=lfs -text
*.h5 filter=lfs diff=lfs merge=lfs -text
*.joblib filter=lfs diff=lfs merge=lfs -text
*.lfs.* filter=lfs diff=lfs merge=lfs -text
*.mlmodel filter=lfs diff=lfs merge=lfs -text
*.model filter=lfs diff=lfs merge=lfs -text
*.msgpack filter=lfs diff=lfs merge=lfs -text
*.npy filter=lfs diff=lfs merge=lfs -text
*.npz filter=lfs diff=lfs merge=lfs -text
*.onnx filter=lfs diff=lfs merge=lfs -text
*.ot filter=lfs diff=lfs merge=lfs -text
*.parquet filter=lfs diff=lfs merge=lfs -text
*.pb filter=lfs diff=lfs merge=lfs -text
*.pickle filter=lfs diff=lfs merge=lfs -text
*.pkl filter=lfs diff=lfs merge=lfs -text
*.pt filter=lfs diff=lfs merge=lfs -text
*.pth filter=lfs diff=lfs merge=lfs -text
*.rar filter=lfs diff=lfs merge=lfs -text
*.safetensors filter=lfs diff=lfs merge=lfs -text
saved_model/**/* filter=lfs diff=lfs merge=lfs -text
*.tar.* filter=lfs diff=lfs merge=lfs -text
*.tar filter=lfs diff=lfs merge=lfs -text
*.tflite filter=lfs diff=lfs merge=lfs -text
*.tgz filter=lfs diff=lfs merge=lfs -text
*.wasm filter=lfs diff=lfs merge=lfs -text
*.xz filter=lfs diff=lfs merge=lfs -text
*.zip filter=lfs diff=lfs merge=lfs -text
*.zst filter=lfs diff=lfs merge=lfs -text
*tfevents* filter=lfs diff=lfs merge=lfs -text
`
