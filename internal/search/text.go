package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// Text is matched by stems: a word is folded (case and accents removed),
// then reduced by the French and the English Snowball stemmers, and an item
// matches a word when it has a word with either stem. A library mixes both
// languages, and a word's two stems rarely meet a third word by accident:
// "églises" and "Église" share "eglis", "fetes" and "Fêtes" share "fet",
// "churches" and "church" share "church".

// maxWordBytes bounds a word: longer runs (hashes, base64) are not words.
const maxWordBytes = 40

// maxDocWords bounds the words indexed from one text.
const maxDocWords = 2000

// foldFast is Fold with a fast path for ASCII text, by far the most
// common in file names and cameras.
func foldFast(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return Fold(s)
		}
	}
	return strings.ToLower(s)
}

// eachWord calls fn with each folded word of s: runs of letters and
// digits. Single letters are skipped (the l' and d' of French elisions).
func eachWord(s string, fn func(w string)) {
	s = foldFast(s)
	n := 0
	start := -1
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if alnum && start < 0 {
			start = i
		}
		if !alnum && start >= 0 {
			if emitWord(s[start:i], fn) {
				if n++; n >= maxDocWords {
					return
				}
			}
			start = -1
		}
	}
	if start >= 0 {
		emitWord(s[start:], fn)
	}
}

func emitWord(w string, fn func(string)) bool {
	if len(w) > maxWordBytes || utf8.RuneCountInString(w) < 2 && !isDigits(w) {
		return false
	}
	fn(w)
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// folded words of s, in order.
func wordsOf(s string) []string {
	var out []string
	eachWord(s, func(w string) { out = append(out, w) })
	return out
}

// stemmer stems folded words, remembering the words it has seen: a
// library's vocabulary is small next to its number of words.
// Searches share it, hence the lock.
type stemmer struct {
	mu    sync.Mutex
	cache map[string][2]string
}

func newStemmer() *stemmer { return &stemmer{cache: map[string][2]string{}} }

// stems returns the French and English stems of a folded word (equal
// when the two stemmers agree). Numbers are their own stem.
func (s *stemmer) stems(w string) [2]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.cache[w]; ok {
		return st
	}
	st := stemsOf(w)
	if len(s.cache) > 200_000 {
		clear(s.cache) // bounded: a hostile text of unique words costs time, not memory
	}
	s.cache[w] = st
	return st
}

func stemsOf(w string) [2]string {
	if isDigits(w) || !isASCII(w) {
		// The stemmers expect Latin letters; other scripts are kept whole.
		return [2]string{w, w}
	}
	return [2]string{french.Stem(w, true), english.Stem(w, true)}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stopWord reports a word too common to restrict a search of several
// words ("de", "la", "the"); it is still indexed, for a search of it alone.
func stopWord(w string) bool { return french.IsStopWord(w) || english.IsStopWord(w) }

// nameKey is a name's identity for operators such as tag: and place: —
// its stemmed words, so that `tag:fete` finds the tag "Fêtes".
func nameKey(st *stemmer, name string) string {
	var b strings.Builder
	eachWord(name, func(w string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(st.stems(w)[0])
	})
	return b.String()
}
