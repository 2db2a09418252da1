// Package llm is how perfcon talks to models. A Model answers a chat
// Request; every kind of model (the built-in identity and oracle, and
// OpenAI-compatible endpoints) sits behind the same interface, so the
// stages run one code path whatever answers them.
//
// Users' documentation of the models file, retries and the cache is in
// docs/models.md and docs/reasoning-models.md.
//
// # The answer cache
//
// A Cache keeps every answered call on disk, in a folder (.cache/llm by
// default), so that a rerun asks only what was not yet answered, even
// after a stage was killed.
//
// A call is cached under a key: the SHA-256 of the tag "perfcon answer
// v1", the model's identity (Identified: for an endpoint, its address, the
// model id and what the entry adds to every call, not the local name), the
// messages (count, then each role and content), temperature, max tokens,
// sample and chain round (rounds 0 and 1 alike), every string written with
// its length so no two calls run together. A call whose messages come from
// a Prompt is also found by a second key, of the tag "perfcon prompt v2"
// and the prompt's XXH3 digest in place of the messages, so a cached call
// renders no messages.
//
// The folder holds append-only logs, one per process that answered
// anything, named answers-<unix nanoseconds, 20 digits>-<pid>-<n>.log, so
// that their names sort by the time they were made and processes never
// write to each other's. A log is a sequence of records, each written with
// one write(2):
//
//	<key: 64 hex digits> <checksum: 8 hex digits> <payload length, decimal>\n
//	<payload>\n
//
// The checksum is the CRC-32C (Castagnoli) of the hex key followed by the
// payload, so a damaged key can't serve one call's answer for another. A
// payload is one of two things:
//
//   - an answer: a line "<latency_ms> <prompt_tokens> <completion_tokens>
//     <finish_reason, or -> [<reasoning length in bytes>]", then the
//     reasoning and the content as they are, one after the other (the fifth
//     field is there only when the answer has reasoning);
//   - an alias: "alias <key in hex>", written with the answer, under the
//     prompt key, saying which answer that key finds.
//
// The logs are read once, oldest first, on first use, and held in memory.
// A record cut short, or whose checksum fails, is skipped: reading goes on
// from the next line that is the header of an intact record, so a process
// killed at any moment loses at most the answers in flight. When a key is
// answered twice (--refresh), the newer record wins. Deleting the folder
// forgets every answer.
package llm
