// Package gallery holds Imagier's domain types — media, metadata, albums,
// users, derivative sizes — and the error kinds every layer shares. It
// imports nothing internal so that storage, protocols and the import
// pipeline can all depend on it.
package gallery
