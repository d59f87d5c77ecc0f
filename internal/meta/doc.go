// Package meta extracts metadata from media files: bytes in, facts out.
//
// Sniff tells a file's kind and format from its first bytes, never from its
// name. An Extractor keeps a small pool of long-running exiftool processes
// (the -stay_open protocol) and maps what they print to gallery.Metadata,
// with a few pure-Go readers beside it where exiftool alone gets the facts
// wrong: IPTC text in JPEG files, whose character set exiftool cannot guess,
// and raw EXIF GPS values, whose NaN exiftool silently turns into 0.
//
// Ordinary JPEG files skip exiftool: a pure-Go fast reader (fastExtract)
// builds the tags exiftool would print for what the mapper reads, from the
// EXIF, XMP, IPTC and frame header, and feeds them through the same mapper.
// It hands a file to exiftool whenever it could disagree with it: maker notes
// or segments it does not check, anything exiftool would warn about, tags it
// would combine. Metadata.Sources["reader"] says which path read a file.
//
// A file is read once: ExtractBytes takes the bytes an importer already
// holds, and one walk over a JPEG file's segments (scanJPEG) serves both
// the IPTC and GPS readers and the fast reader. Only exiftool, when it is
// needed, opens the file again.
//
// Every file is treated as hostile: each request has a time limit, output is
// bounded, strings are cleaned of control characters and capped, and a file
// exiftool cannot read still yields its kind from Sniff plus a warning.
package meta
