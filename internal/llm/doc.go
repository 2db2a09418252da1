// Package llm is how perfcon talks to models. A Model answers a chat
// Request; every kind of model (the built-in identity and oracle, and
// OpenAI-compatible endpoints) sits behind the same interface, so the
// stages run one code path whatever answers them.
package llm
