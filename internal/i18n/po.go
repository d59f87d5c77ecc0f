package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ContextSeparator joins a msgctxt to its msgid in the keys that IDs returns
// and Missing accepts. It is the byte gettext itself uses in compiled MO
// files, so no real msgid contains it.
const ContextSeparator = "\x04"

// key is how an entry is found: its msgid, prefixed by its msgctxt when it
// has one. An empty msgctxt counts as none, so that TC("", id) equals T(id).
func key(ctxt, id string) string {
	if ctxt == "" {
		return id
	}
	return ctxt + ContextSeparator + id
}

// entry is one message of a PO file.
type entry struct {
	ctxt      string
	id        string
	plural    string   // msgid_plural
	hasPlural bool     // plural can be "" in a malformed file, so it is not the flag
	strs      []string // msgstr, or msgstr[0], msgstr[1]…
	fuzzy     bool
	line      int // where the entry starts, for error messages
}

// poFile is a parsed PO file: its header entry apart, then every other entry
// by key.
type poFile struct {
	header     string // msgstr of the entry whose msgid is ""
	headerLine int
	entries    map[string]*entry
}

// poError reports where a PO file is malformed, in the file:line form that
// editors and translators' tools jump to.
type poError struct {
	file string
	line int
	msg  string
}

func (e *poError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

// The parser walks an entry through these states; each keyword is accepted
// only in the states listed in poParser.keyword.
const (
	stNone   = iota // between entries, possibly after comments
	stCtxt          // after msgctxt
	stID            // after msgid
	stPlural        // after msgid_plural
	stStr           // after msgstr or a msgstr[N]: the entry may end here
)

type poParser struct {
	file  string
	line  int
	state int
	cur   *entry
	last  *string // the string that a "…" continuation line extends
	out   *poFile
}

// parsePO reads a PO file strictly: anything that Poedit or Weblate would not
// write is an error naming its line, because a silently skipped entry would
// show up as an untranslated string in the UI and nowhere else.
func parsePO(file string, data []byte) (*poFile, error) {
	p := &poParser{file: file, cur: &entry{}, out: &poFile{entries: map[string]*entry{}}}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	for i, raw := range strings.Split(text, "\n") {
		p.line = i + 1
		if err := p.parseLine(strings.TrimSuffix(raw, "\r")); err != nil {
			return nil, err
		}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.out, nil
}

func (p *poParser) errorf(format string, args ...any) error {
	return &poError{file: p.file, line: p.line, msg: fmt.Sprintf(format, args...)}
}

func (p *poParser) parseLine(line string) error {
	if !utf8.ValidString(line) {
		return p.errorf("invalid UTF-8")
	}
	line = strings.TrimLeft(line, " \t")
	switch {
	case strings.TrimSpace(line) == "":
		return p.finish()
	case line[0] == '#':
		return p.comment(line)
	case line[0] == '"':
		if p.last == nil {
			return p.errorf("string continuation outside an entry")
		}
		s, err := p.unquote(line)
		if err != nil {
			return err
		}
		*p.last += s
		return nil
	}
	kw, rest := line, ""
	if i := strings.IndexAny(line, " \t\""); i >= 0 {
		kw, rest = line[:i], strings.TrimLeft(line[i:], " \t")
	}
	s, err := p.unquote(rest)
	if err != nil {
		return err
	}
	return p.keyword(kw, s)
}

// comment handles every "#" line. Only the "#," flags matter: a fuzzy entry
// is a translator's guess, kept but not shown.
func (p *poParser) comment(line string) error {
	switch p.state {
	case stCtxt, stID, stPlural:
		return p.errorf("comment inside an entry")
	case stStr:
		if err := p.finish(); err != nil {
			return err
		}
	}
	if flags, ok := strings.CutPrefix(line, "#,"); ok {
		for f := range strings.SplitSeq(flags, ",") {
			if strings.TrimSpace(f) == "fuzzy" {
				p.cur.fuzzy = true
			}
		}
	}
	return nil
}

func (p *poParser) keyword(kw, s string) error {
	switch {
	case kw == "msgctxt" && (p.state == stNone || p.state == stStr):
		if err := p.finish(); err != nil {
			return err
		}
		p.cur.ctxt, p.cur.line, p.last = s, p.line, &p.cur.ctxt
		p.state = stCtxt
	case kw == "msgid" && (p.state == stNone || p.state == stStr || p.state == stCtxt):
		if p.state != stCtxt {
			if err := p.finish(); err != nil {
				return err
			}
			p.cur.line = p.line
		}
		p.cur.id, p.last, p.state = s, &p.cur.id, stID
	case kw == "msgid_plural" && p.state == stID:
		p.cur.plural, p.cur.hasPlural, p.last, p.state = s, true, &p.cur.plural, stPlural
	case kw == "msgstr" && p.state == stID:
		p.cur.strs = []string{s}
		p.last, p.state = &p.cur.strs[0], stStr
	case strings.HasPrefix(kw, "msgstr[") && (p.state == stPlural || (p.state == stStr && p.cur.hasPlural)):
		n, err := pluralIndex(kw)
		if err != nil || n != len(p.cur.strs) {
			return p.errorf("%s where msgstr[%d] is expected", kw, len(p.cur.strs))
		}
		p.cur.strs = append(p.cur.strs, s)
		p.last, p.state = &p.cur.strs[n], stStr
	case !isKeyword(kw):
		return p.errorf("unknown keyword %q", kw)
	default:
		return p.errorf("unexpected %s %s", kw, p.where())
	}
	return nil
}

func isKeyword(kw string) bool {
	switch kw {
	case "msgctxt", "msgid", "msgid_plural", "msgstr":
		return true
	}
	return strings.HasPrefix(kw, "msgstr[")
}

// where describes the parser's state for an error message.
func (p *poParser) where() string {
	switch p.state {
	case stCtxt:
		return "after msgctxt"
	case stID:
		return "after msgid"
	case stPlural:
		return "after msgid_plural"
	case stStr:
		return "after msgstr"
	}
	return "outside an entry"
}

// pluralIndex reads N from "msgstr[N]"; strconv alone would accept "+1".
func pluralIndex(kw string) (int, error) {
	digits, ok := strings.CutSuffix(strings.TrimPrefix(kw, "msgstr["), "]")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, fmt.Errorf("bad index in %q", kw)
	}
	return strconv.Atoi(digits)
}

// finish ends the current entry, if any, and records it.
func (p *poParser) finish() error {
	switch p.state {
	case stNone:
		return nil
	case stCtxt, stID, stPlural:
		return &poError{p.file, p.cur.line, "entry has no msgstr"}
	}
	e := p.cur
	p.cur, p.last, p.state = &entry{}, nil, stNone
	if e.id == "" && e.ctxt == "" {
		// A fuzzy header is still read: msginit marks a new file's header
		// fuzzy, and its Language and Plural-Forms are needed regardless.
		if p.out.headerLine != 0 {
			return &poError{p.file, e.line, fmt.Sprintf("second header entry (first at line %d)", p.out.headerLine)}
		}
		if e.hasPlural {
			return &poError{p.file, e.line, "header entry has msgid_plural"}
		}
		p.out.header, p.out.headerLine = e.strs[0], e.line
		return nil
	}
	k := key(e.ctxt, e.id)
	if prev, ok := p.out.entries[k]; ok {
		return &poError{p.file, e.line, fmt.Sprintf("duplicate message %q (first at line %d)", e.id, prev.line)}
	}
	p.out.entries[k] = e
	return nil
}

// unquote decodes one PO string literal. gettext accepts every C escape; we
// accept the four that translators' tools write, so that anything else is
// reported rather than guessed at.
func (p *poParser) unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' {
		return "", p.errorf("want a quoted string, got %q", s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			if rest := strings.TrimSpace(s[i+1:]); rest != "" {
				return "", p.errorf("unexpected %q after the closing quote", rest)
			}
			return b.String(), nil
		case '\\':
			i++
			if i == len(s) {
				return "", p.errorf("string ends with a backslash")
			}
			r, ok := unescape(s[i])
			if !ok {
				c, _ := utf8.DecodeRuneInString(s[i:])
				return "", p.errorf("unknown escape \\%c", c)
			}
			b.WriteByte(r)
		default:
			b.WriteByte(c)
		}
	}
	return "", p.errorf("missing closing quote")
}

func unescape(c byte) (byte, bool) {
	switch c {
	case 'n':
		return '\n', true
	case 't':
		return '\t', true
	case '"', '\\':
		return c, true
	}
	return 0, false
}

// headerFields reads the "Name: value" lines of the header entry. Names are
// matched without regard to case, as gettext does.
func (f *poFile) headerFields(file string) (map[string]string, error) {
	fields := map[string]string{}
	for line := range strings.SplitSeq(f.header, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, &poError{file, f.headerLine, fmt.Sprintf("header line %q has no colon", line)}
		}
		fields[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
	return fields, nil
}
