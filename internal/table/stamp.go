package table

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// Metadata keys every table carries in its Parquet footer (key-value
// metadata), for whoever is handed the file alone:
//
//	perfcon.version         the perfcon that wrote it (module version and
//	                        VCS revision, when the build knows them)
//	perfcon.schema_version  a hash of the table's columns and their types:
//	                        two files with the same one have the same
//	                        schema
//	perfcon.command         the command line that wrote it
//	perfcon.dataset         the task set or commits file it was made from,
//	                        when the command named one
//
// and any other perfcon.* key a command sets with Stamp.
const (
	KeyVersion       = "perfcon.version"
	KeySchemaVersion = "perfcon.schema_version"
	KeyCommand       = "perfcon.command"
	KeyDataset       = "perfcon.dataset"
)

var (
	stampMu sync.Mutex
	stamp   = map[string]string{}
)

// Stamp sets a metadata key for every table this process writes from now
// on; an empty value removes it.
func Stamp(key, value string) {
	stampMu.Lock()
	defer stampMu.Unlock()
	if value == "" {
		delete(stamp, key)
		return
	}
	stamp[key] = value
}

// Version is this build of perfcon: its module version and VCS revision,
// as far as the build recorded them.
var Version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += " " + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			v += "+modified"
		}
	}
	return v
})

// SchemaVersion is the hash perfcon.schema_version holds for rows of T.
func SchemaVersion[T any]() string {
	h := sha256.New()
	for _, c := range Columns(*new(T)) {
		fmt.Fprintf(h, "%s %s\n", c.Name, c.SQLType)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// metadata are the writer options that put the stamp into a table of T.
func metadata[T any]() []parquet.WriterOption {
	stampMu.Lock()
	kv := maps.Clone(stamp)
	stampMu.Unlock()
	kv[KeyVersion] = Version()
	kv[KeySchemaVersion] = SchemaVersion[T]()
	var opts []parquet.WriterOption
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		opts = append(opts, parquet.KeyValueMetadata(k, kv[k]))
	}
	return opts
}

// ReadMetadata returns the key-value metadata of the table at path.
func ReadMetadata(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := openParquet(f, path, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, kv := range pf.Metadata().KeyValueMetadata {
		out[kv.Key] = kv.Value
	}
	return out, nil
}

// filePerm is the mode a new table gets: 0666 less the process's umask,
// as any file the user creates, so a group that shares the folder can
// read it. (A temporary file is created owner-only, and renamed.)
func filePerm() fs.FileMode { return 0o666 &^ umask() }

// umask reads the process's umask from /proc (Linux 4.7 on), without
// setting it: umask(2) would change it for every thread a moment. 022
// when it can't be read.
func umask() fs.FileMode {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0o022
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
				return fs.FileMode(m)
			}
		}
	}
	return 0o022
}
