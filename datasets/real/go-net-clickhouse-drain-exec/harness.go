// perfcon harness for go-clickhouse's conn.exec (one statement over the
// ClickHouse HTTP interface). usage: prog ITERATIONS SCALE SEED [inputs]
//
// A small stand-in for the ClickHouse HTTP interface runs in this process
// on 127.0.0.1: it reads each statement, answers a malformed one with
// status 500 and a DB::Exception text, and every other one with status
// 200 and an empty chunked body, as ClickHouse answers an INSERT. Each
// iteration runs SCALE INSERT statements, with values drawn from SEED+i,
// through database/sql on one connection; every statement's error (or
// none) and a hash of the statements the server received go into the
// digest.
//
// (Written in the Go of the module's go.mod, 1.11.)
package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash"
	"io/ioutil"
	"math/rand"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	_ "github.com/mailru/go-clickhouse"
)

type server struct {
	mu       sync.Mutex
	received hash.Hash
	count    uint64
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := ioutil.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := string(body)
	s.mu.Lock()
	s.received.Write(body)
	s.received.Write([]byte{0})
	s.count++
	s.mu.Unlock()
	if strings.Contains(q, "'#") {
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position %d: %s (version 20.8.12.2)\n", strings.Index(q, "'#"), q[strings.Index(q, "'#"):])
		return
	}
	w.Header().Set("Content-Type", "text/tab-separated-values; charset=UTF-8")
	w.Header().Set("X-ClickHouse-Summary", `{"read_rows":"0","read_bytes":"0","written_rows":"1","written_bytes":"`+strconv.Itoa(len(body))+`","total_rows_to_read":"0"}`)
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
}

var tags = []string{"checkout", "search", "login", "logout", "view", "cart", "refund", "signup"}

type row struct {
	id     int64
	user   string
	amount float64
	tag    string
}

func makeInput(scale int, rng *rand.Rand, rows []row) []row {
	rows = rows[:0]
	for j := 0; j < scale; j++ {
		tag := tags[rng.Intn(len(tags))]
		if rng.Intn(40) == 0 {
			tag = "#" + tag // the server rejects this statement
		}
		rows = append(rows, row{
			id:     rng.Int63n(1 << 40),
			user:   "u" + strconv.Itoa(rng.Intn(100000)),
			amount: float64(rng.Intn(1000000)) / 100,
			tag:    tag,
		})
	}
	return rows
}

func putU64(h hash.Hash, v uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	h.Write(buf[:])
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]")
	os.Exit(2)
}

func main() {
	if len(os.Args) != 4 && !(len(os.Args) == 5 && os.Args[4] == "inputs") {
		usage()
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	scale, err2 := strconv.Atoi(os.Args[2])
	seed, err3 := strconv.ParseInt(os.Args[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || iters < 0 || scale < 1 {
		usage()
	}
	onlyInputs := len(os.Args) == 5

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &server{received: sha256.New()}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)

	db, err := sql.Open("clickhouse", "http://"+ln.Addr().String()+"/default")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	const stmt = "INSERT INTO events (id, user, amount, tag) VALUES (?, ?, ?, ?)"

	h := sha256.New()
	rows := make([]row, 0, scale)
	for i := 0; i < iters; i++ {
		rng := rand.New(rand.NewSource(seed + int64(i)))
		rows = makeInput(scale, rng, rows)
		if onlyInputs {
			putU64(h, uint64(rows[len(rows)-1].id))
			h.Write([]byte{'|'})
			continue
		}
		for _, r := range rows {
			_, err := db.Exec(stmt, r.id, r.user, r.amount, r.tag)
			if err != nil {
				h.Write([]byte(err.Error()))
			} else {
				h.Write([]byte{'+'})
			}
		}
		srv.mu.Lock()
		h.Write(srv.received.Sum(nil))
		putU64(h, srv.count)
		srv.mu.Unlock()
		h.Write([]byte{'|'})
	}
	db.Close()
	hs.Close()
	fmt.Printf("%x\n", h.Sum(nil))
}
