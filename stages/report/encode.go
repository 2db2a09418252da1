package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/perfcon/perfcon/internal/duck"
)

// WriteCSV writes a result as CSV: a header row, then one record per row,
// NULL as an empty field and every value in full (see Exact).
func WriteCSV(w io.Writer, r *duck.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	rec := make([]string, len(r.Columns))
	for _, row := range r.Rows {
		for i, v := range row {
			rec[i] = Exact(v, typeOf(r, i))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes a result as one JSON array with an object per row, keys
// the column names in column order. Numbers are JSON numbers (decimals
// exact), NULL, NaN and infinities are null, times and UUIDs are strings
// as Exact writes them, BLOBs base64, lists arrays, structs and maps
// objects.
func WriteJSON(w io.Writer, r *duck.Result) error {
	bw := bufio.NewWriter(w)
	keys := make([][]byte, len(r.Columns))
	for i, c := range r.Columns {
		k, err := marshal(c)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	bw.WriteString("[")
	for n, row := range r.Rows {
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n{")
		for i, v := range row {
			b, err := marshal(jsonValue(v, typeOf(r, i)))
			if err != nil {
				return fmt.Errorf("column %s: %w", r.Columns[i], err)
			}
			if i > 0 {
				bw.WriteString(",")
			}
			bw.Write(keys[i])
			bw.WriteString(":")
			bw.Write(b)
		}
		bw.WriteString("}")
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

func typeOf(r *duck.Result, i int) string {
	if i < len(r.Types) {
		return r.Types[i]
	}
	return ""
}

// Exact renders one SQL value of a DuckDB type in full, for export: NULL
// as empty, floats as the shortest text that reads back the same, dates
// as 2006-01-02, times of day as 15:04:05.999999999, timestamps as UTC
// RFC 3339 with nanoseconds, UUIDs in their usual form, and lists,
// structs and maps as JSON.
func Exact(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case time.Time:
		switch typ {
		case "DATE":
			return x.Format(time.DateOnly)
		case "TIME":
			return x.Format("15:04:05.999999999")
		}
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		if typ == "UUID" && len(x) == 16 {
			return uuid(x)
		}
		return string(x)
	case []any, map[string]any, duckdb.OrderedMap, duckdb.Interval:
		b, err := marshal(jsonValue(v, typ))
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}

// jsonValue converts a SQL value to one encoding/json writes as WriteJSON
// documents.
func jsonValue(v any, typ string) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
	case time.Time:
		return Exact(x, typ)
	case []byte:
		if typ == "UUID" {
			return Exact(x, typ)
		}
	case duckdb.Decimal:
		return json.Number(x.String())
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e, "")
		}
		return out
	case duckdb.OrderedMap:
		out := make(map[string]any, x.Len())
		vals := x.Values()
		for i, k := range x.Keys() {
			out[fmt.Sprint(k)] = jsonValue(vals[i], "")
		}
		return out
	}
	return v
}

// marshal is json.Marshal leaving <, > and & as they are.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func uuid(b []byte) string {
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
