"""Logs in one structured line each (decision 0027): JSON with the time, the level, the logger, the
message, the request id of the request or task being served, and any fields the caller gave.

The request log (`portal.requests`) writes one such line per request from
`leep.middleware.RequestLogMiddleware`; a task's lines carry the id of the request that queued it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from leep.request_id import current_request_id


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            line["request_id"] = request_id
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """For a person reading a terminal: the usual line, with the request id where there is one."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        request_id = getattr(record, "request_id", None) or current_request_id()
        fields = getattr(record, "fields", None)
        if fields:
            text += " " + " ".join(f"{key}={value}" for key, value in fields.items())
        return f"{text} [{request_id}]" if request_id else text
