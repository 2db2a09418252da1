package prompt

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	const code = "```python\ndef f(xs):\n    return sorted(xs)\n```"
	for _, tc := range []struct {
		name, content, field string
		want                 Answer
	}{
		{"no reasoning", "The answer.\n", "", Answer{Text: "The answer."}},
		{"think first", "<think>\nIt sorts twice.\n</think>\n\nSort once.", "",
			Answer{Text: "Sort once.", Reasoning: "It sorts twice."}},
		{"any case", "<THINK>hm</Think>\nSort once.", "", Answer{Text: "Sort once.", Reasoning: "hm"}},
		{"thinking", "<thinking>\nLet me look.\n</thinking>\nSort once.", "",
			Answer{Text: "Sort once.", Reasoning: "Let me look."}},
		{"reasoning", "<reasoning>Look.</reasoning>\nSort once.", "", Answer{Text: "Sort once.", Reasoning: "Look."}},
		{"an empty block", "<think>\n\n</think>\n\nSort once.", "", Answer{Text: "Sort once."}},
		{"closing tag mid-line", "<think>First, the loop.\nSo sort once.</think>Sort once.", "",
			Answer{Text: "Sort once.", Reasoning: "First, the loop.\nSo sort once."}},
		{"several blocks", "<think>one</think>\nPart one.\n<think>two</think>\nPart two.", "",
			Answer{Text: "Part one.\n\nPart two.", Reasoning: "one\n\ntwo"}},
		{"a block after text", "Intro.\n  <think>\nwait\n</think>\nRest.", "",
			Answer{Text: "Intro.\n  \nRest.", Reasoning: "wait"}},
		{"never closed", "<think>\nThe loop copies, so", "", Answer{Reasoning: "The loop copies, so", Unclosed: true}},
		{"never closed after text", "Intro.\n<think>\nhm", "", Answer{Text: "Intro.", Reasoning: "hm", Unclosed: true}},
		{"a closing tag of another name does not close", "<think>a</thinking>b", "",
			Answer{Reasoning: "a</thinking>b", Unclosed: true}},
		{"stray closing tag", "The template opened it.\nSo sort once.\n</think>\n\nSort once.", "",
			Answer{Text: "Sort once.", Reasoning: "The template opened it.\nSo sort once."}},
		{"stray closing tag mid-line", "Okay, sort once.</think>\n\nSort once.", "",
			Answer{Text: "Sort once.", Reasoning: "Okay, sort once."}},
		{"stray closing tag after a draft", "Draft:\n" + code + "\nGood.\n</think>\n" + code, "",
			Answer{Text: code, Reasoning: "Draft:\n" + code + "\nGood."}},
		{"stray closing tag after an unclosed fence", "Draft:\n```python\ndef f(): ...\n</think>\nSort once.", "",
			Answer{Text: "Sort once.", Reasoning: "Draft:\n```python\ndef f(): ..."}},
		{"a closing tag line in code after a block", "<think>a</think>\n```\n</think>\n```", "",
			Answer{Text: "```\n</think>\n```", Reasoning: "a"}},
		{"a block's draft code stays in the reasoning", "<think>\n" + code + "\n</think>\n" + code, "",
			Answer{Text: code, Reasoning: code}},
		{"the field comes first", "<think>inline</think>\nAnswer.", " field\n",
			Answer{Text: "Answer.", Reasoning: "field\n\ninline"}},
		{"the field alone", "Answer.", "field", Answer{Text: "Answer.", Reasoning: "field"}},
		{"tags in a fenced block are code", "```python\ns = \"<think>\"\nt = \"</think>\"\n```", "",
			Answer{Text: "```python\ns = \"<think>\"\nt = \"</think>\"\n```"}},
		{"a tag in a line is text", "Models write <think> first.", "", Answer{Text: "Models write <think> first."}},
		{"a closing tag after a block is text", "<think>a</think>\nUse </think> to close.", "",
			Answer{Text: "Use </think> to close.", Reasoning: "a"}},
		{"not a tag", "<thinker>\nx", "", Answer{Text: "<thinker>\nx"}},
		{"a tag at the very end", "Answer.\n<think>", "", Answer{Text: "Answer.", Unclosed: true}},
		{"empty", "", "", Answer{}},
		// Line ends and chat templates' special tokens.
		{"crlf", "<think>\r\nIt sorts twice.\r\nSo once.\r\n</think>\r\n\r\nSort once.\r\nDone.\r\n", "",
			Answer{Text: "Sort once.\nDone.", Reasoning: "It sorts twice.\nSo once."}},
		{"crlf in the field", "Sort once.", "It sorts\r\ntwice.", Answer{Text: "Sort once.", Reasoning: "It sorts\ntwice."}},
		{"a lone carriage return stays", "a\rb", "", Answer{Text: "a\rb"}},
		{"im_end", "Sort once.<|im_end|>", "", Answer{Text: "Sort once."}},
		{"a token glued to a value", "Category: inefficient_algorithm<|end|>", "", Answer{Text: "Category: inefficient_algorithm"}},
		{"tokens and newlines at the end", "Sort once.\n<|eot_id|>\n<|endoftext|>\n", "", Answer{Text: "Sort once."}},
		{"</s>", "Sort once.</s>", "", Answer{Text: "Sort once."}},
		{"DeepSeek's token", "Sort once.<\uff5cend\u2581of\u2581sentence\uff5c>", "", Answer{Text: "Sort once."}},
		{"a role at the start", "<|assistant|>\nSort once.<|end|>", "", Answer{Text: "Sort once."}},
		{"im_start and the role", "<|im_start|>assistant\n<think>\nhm\n</think>\nSort once.<|im_end|>", "",
			Answer{Text: "Sort once.", Reasoning: "hm"}},
		{"a Llama 3 header", "<|start_header_id|>assistant<|end_header_id|>\n\nSort once.<|eot_id|>", "", Answer{Text: "Sort once."}},
		{"a token after unclosed reasoning", "<think>\nThe loop copies<|im_end|>", "", Answer{Reasoning: "The loop copies", Unclosed: true}},
		{"a token after a fence", "```python\ndef f(): pass\n```<|im_end|>", "", Answer{Text: "```python\ndef f(): pass\n```"}},
		{"a token at the end of the field", "Sort once.", "hm<|im_end|>", Answer{Text: "Sort once.", Reasoning: "hm"}},
		{"a token in the middle stays", "Use <|im_end|> to end a turn.", "", Answer{Text: "Use <|im_end|> to end a turn."}},
		{"a bracket with spaces is no token", "Sort once. <| not a token |>", "", Answer{Text: "Sort once. <| not a token |>"}},
		{"a tag at the end is no token", "Use x<y> and </b>", "", Answer{Text: "Use x<y> and </b>"}},
		// A model that runs on past the end of its turn.
		{"a turn after the end of the answer", "Sort once.<|im_end|>\n<|im_start|>user\nThanks!<|im_end|>", "", Answer{Text: "Sort once."}},
		{"a token glued to a closing fence", code + "<|im_end|>\n<|im_start|>user\nThanks!<|im_end|>", "", Answer{Text: code}},
		{"a Llama 3 turn after", "Sort once.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nMore?<|eot_id|>", "", Answer{Text: "Sort once."}},
		{"</s> then an instruction", "Sort once.</s>\n[INST] And now? [/INST] Sort twice.</s>", "", Answer{Text: "Sort once."}},
		{"DeepSeek Coder's EOT on its own line", code + "\n<|EOT|>\n### Instruction:\nAdd a test.", "", Answer{Text: code}},
		{"DeepSeek's token then text", "Sort once.<\uff5cend\u2581of\u2581sentence\uff5c>\nUser: thanks", "", Answer{Text: "Sort once."}},
		{"endoftext then text", "Sort once.<|endoftext|>\nHuman: and then?", "", Answer{Text: "Sort once."}},
		{"<|end|> then text", "Sort once.<|end|>\n<|user|>\nok", "", Answer{Text: "Sort once."}},
		{"the first token ends it", "Sort once.<|im_end|>\nMore.<|im_end|>\nEven more.", "", Answer{Text: "Sort once."}},
		{"a token alone on its line in an open fence", "```python\ndef f(): pass\n<|im_end|>\n<|im_start|>user\nok", "",
			Answer{Text: "```python\ndef f(): pass"}},
		{"a token after a line of code, then a turn", "```python\ndef f(): pass<|im_end|>\n<|im_start|>user\nok", "",
			Answer{Text: "```python\ndef f(): pass"}},
		{"a token ending a line of code stays", "```python\nEOS = \"x\"  # like </s>\n```\nDone.", "",
			Answer{Text: "```python\nEOS = \"x\"  # like </s>\n```\nDone."}},
		{"a token mid-line stays", "End a turn with <|im_end|> and a newline.\nDone.", "",
			Answer{Text: "End a turn with <|im_end|> and a newline.\nDone."}},
		{"an <s> tag closed", "Use <s>old</s>\nnew text", "", Answer{Text: "Use <s>old</s>\nnew text"}},
		{"a turn after reasoning", "<think>hm</think>\nSort once.<|im_end|>\n<|im_start|>user\n<think>no</think>", "",
			Answer{Text: "Sort once.", Reasoning: "hm"}},
		{"a turn after the field's end", "Sort once.", "hm<|im_end|>\n<|im_start|>user\nok", Answer{Text: "Sort once.", Reasoning: "hm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Split(tc.content, tc.field); got != tc.want {
				t.Errorf("Split(%q, %q) =\n%+v\nwant\n%+v", tc.content, tc.field, got, tc.want)
			}
		})
	}
}

func BenchmarkSplit(b *testing.B) {
	answer := "<think>\n" + strings.Repeat("The loop copies the string each time, so the cost is quadratic.\n", 40) +
		"</think>\n\nHere is the file:\n\n```go\n" + strings.Repeat("func f(s []string) string { return strings.Join(s, \"<\") }\n", 30) + "```\n"
	b.SetBytes(int64(len(answer)))
	for b.Loop() {
		Split(answer, "")
	}
}
