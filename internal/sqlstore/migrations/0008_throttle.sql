-- Counters of sign-in attempts (and of other guessable requests), shared
-- by every server on the database. bucket is a hash of what is counted
-- (an account and address pair, or an address); attempts are those since
-- first_at (Unix ms), the start of the counter's window. Rows whose window
-- has ended mean nothing and are pruned.
CREATE TABLE throttle_counters (
	bucket TEXT PRIMARY KEY,
	attempts INTEGER NOT NULL,
	first_at BIGINT NOT NULL
);
CREATE INDEX throttle_counters_first ON throttle_counters (first_at);
