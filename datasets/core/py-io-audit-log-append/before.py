"""Append-only audit trail for secret access events."""

import json


def _format_event(event):
    record = {
        "ts": event["ts"],
        "actor": event["actor"],
        "action": event["action"],
        "path": event["path"],
        "ok": bool(event.get("ok", True)),
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def write_audit_events(path, events):
    """Append one JSON line per event to the audit log at path.

    Returns the number of events written.
    """
    written = 0
    for event in events:
        line = _format_event(event)
        with open(path, "a", encoding="utf-8") as log:
            log.write(line)
        written += 1
    return written
