package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// tags is what one reader found in one file, in exiftool's "Group:Tag"
// notation and in the order the reader met them. exiftool's JSON output is
// one producer; a pure-Go fast path could fill the same structure, and the
// mapping to gallery.Metadata would not change.
type tags struct {
	// name is the file the tags came from, for warnings and Sources.
	name string
	// sidecar marks tags read from an XMP sidecar rather than the file.
	sidecar bool
	fields  []field
	index   map[string]int // key → position of its first occurrence
}

// field is one tag. Values keep the JSON types exiftool printed:
// string, json.Number, bool, []any or map[string]any.
type field struct {
	key, group, tag string
	val             any
}

func newTags(name string) *tags {
	return &tags{name: name, index: map[string]int{}}
}

// add appends a tag; a repeated key keeps its first value for lookups.
func (t *tags) add(key string, val any) {
	group, tag, ok := strings.Cut(key, ":")
	if !ok {
		group, tag = "", key
	}
	if _, dup := t.index[key]; !dup {
		t.index[key] = len(t.fields)
	}
	t.fields = append(t.fields, field{key: key, group: group, tag: tag, val: val})
}

func (t *tags) get(key string) (any, bool) {
	if t == nil {
		return nil, false
	}
	i, ok := t.index[key]
	if !ok {
		return nil, false
	}
	return t.fields[i].val, true
}

// str returns the tag as cleaned text; for a list, its first item.
func (t *tags) str(key string) string {
	v, _ := t.get(key)
	if list := scalars(v); len(list) > 0 {
		return list[0]
	}
	return ""
}

// strs returns the tag as a list of cleaned, non-empty texts.
func (t *tags) strs(key string) []string {
	v, _ := t.get(key)
	return scalars(v)
}

// num returns the tag as a finite number; for a list, its first item.
func (t *tags) num(key string) (float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	if list, ok := v.([]any); ok && len(list) > 0 {
		v = list[0]
	}
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// scalars flattens a value into cleaned, non-empty texts, skipping
// exiftool's placeholders for binary data. Structures yield nothing.
func scalars(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if s := clean(x); s != "" && !isBinary(s) {
				out = append(out, s)
			}
		case json.Number:
			out = append(out, x.String())
		case bool:
			out = append(out, strconv.FormatBool(x))
		case []any:
			for _, e := range x {
				if len(out) >= maxKeywords {
					return
				}
				if _, nested := e.([]any); !nested {
					walk(e)
				}
			}
		}
	}
	walk(v)
	return out
}

func isBinary(s string) bool {
	return strings.HasPrefix(s, "(Binary data ") && strings.HasSuffix(s, ")")
}

// parseExiftoolJSON reads the array of objects exiftool prints with -j,
// keeping top-level keys in order (and duplicates, which -a can produce).
func parseExiftoolJSON(body []byte) ([]*tags, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, nil // exiftool prints nothing when no file could be read
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := expectDelim(dec, '['); err != nil {
		return nil, err
	}
	var docs []*tags
	for dec.More() {
		if err := expectDelim(dec, '{'); err != nil {
			return docs, err
		}
		t := newTags("")
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return docs, err
			}
			key, ok := tok.(string)
			if !ok {
				return docs, fmt.Errorf("exiftool JSON: key is %T", tok)
			}
			var val any
			if err := dec.Decode(&val); err != nil {
				return docs, fmt.Errorf("exiftool JSON: value of %s: %w", key, err)
			}
			if key == "SourceFile" {
				t.name, _ = val.(string)
				continue
			}
			t.add(key, val)
		}
		if err := expectDelim(dec, '}'); err != nil {
			return docs, err
		}
		docs = append(docs, t)
	}
	if err := expectDelim(dec, ']'); err != nil && !errors.Is(err, io.EOF) {
		return docs, err
	}
	return docs, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("exiftool JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("exiftool JSON: got %v, want %v", tok, want)
	}
	return nil
}
