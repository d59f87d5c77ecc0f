package web

import (
	"fmt"
	"strings"
)

// violation is what axe-core reports about one rule a page breaks.
type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun loads axe-core into the page unless it is there already, runs
// every rule on the whole document and keeps the violations: rule, impact,
// help, and the CSS selectors of the offending elements.
const axeRun = `(async () => {
	const r = await axe.run(document, {resultTypes: ['violations']});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
			summary: n.failureSummary || '',
		})),
	}));
})()`

// audit runs axe-core on the tab's page and fails the test, naming the page
// as where, with every violation found.
func (b *browser) audit(where string) {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === 'object'`) {
		eval[bool](b, b.axe+"\n;true")
	}
	vs := eval[[]violation](b, axeRun)
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "\n  %s (%s): %s — %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    %s", n.Target)
			if s := strings.ReplaceAll(n.Summary, "\n", " "); s != "" {
				fmt.Fprintf(&sb, "\n      %s", s)
			}
		}
	}
	b.t.Errorf("%s (%s): %d accessibility violations:%s", where, b.path(), len(vs), sb.String())
}
