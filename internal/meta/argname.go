package meta

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// argName returns the name under which exiftool can safely be given path,
// and a function that cleans up after the request.
//
// exiftool reads its arguments one per line (-@), strips leading white
// space and trailing CR/LF, and treats any argument starting with "-" as
// an option. An absolute path never starts with "-" or white space. A name
// with a line break, another control character or bytes that are not UTF-8
// (exiftool's JSON could not name it back) is passed instead through a
// symbolic link with a plain name in a private temporary folder.
func argName(path string) (string, func(), error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", nil, err
	}
	if plainArg(abs) {
		return abs, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "imagier-meta-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary name for an awkward file name: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(dir) } // best effort: the folder is private
	// exiftool chooses its parser partly from the extension: keep it.
	link := filepath.Join(dir, "file"+safeExt(abs))
	if err := os.Symlink(abs, link); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("temporary name for an awkward file name: %w", err)
	}
	return link, cleanup, nil
}

// plainArg reports whether s survives exiftool's argument file unchanged.
func plainArg(s string) bool {
	if !utf8.ValidString(s) || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "#") ||
		strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// safeExt returns path's extension if it is short and alphanumeric.
func safeExt(path string) string {
	ext := filepath.Ext(path)
	if len(ext) < 2 || len(ext) > 9 {
		return ""
	}
	for _, r := range ext[1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return ext
}
