from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.request_log_entry_mode import RequestLogEntryMode

T = TypeVar("T", bound="RequestLogEntry")


@_attrs_define
class RequestLogEntry:
    """
    Attributes:
        request_id (str): X-Request-Id of the request, and meta.requestId of its answer
        mode (RequestLogEntryMode):
        method (str):
        route (None | str): The route the request matched, e.g. /api/v1/payments/:id; null when none did
        path (str): The path as requested, without the query
        query (None | str): The query string, redacted like the bodies
        status (int):
        error_code (None | str): The answer's meta.errorCode, when it was an error
        idempotency_key (None | str):
        duration_ms (int):
        request_body (Any): What the app sent, redacted: secrets, card numbers and the customer's contact details read
            "[redacted]". JSON longer than 4096 characters is kept as text, cut there and ending in "…[truncated: N
            characters in all]"; null when there was none.
        response_body (Any): What the service answered, redacted: secrets, card numbers and the customer's contact
            details read "[redacted]". JSON longer than 4096 characters is kept as text, cut there and ending in
            "…[truncated: N characters in all]"; null when there was none.
        created_at (datetime.datetime): When the request arrived
    """

    request_id: str
    mode: RequestLogEntryMode
    method: str
    route: None | str
    path: str
    query: None | str
    status: int
    error_code: None | str
    idempotency_key: None | str
    duration_ms: int
    request_body: Any
    response_body: Any
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        mode = self.mode.value

        method = self.method

        route: None | str
        route = self.route

        path = self.path

        query: None | str
        query = self.query

        status = self.status

        error_code: None | str
        error_code = self.error_code

        idempotency_key: None | str
        idempotency_key = self.idempotency_key

        duration_ms = self.duration_ms

        request_body = self.request_body

        response_body = self.response_body

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requestId": request_id,
                "mode": mode,
                "method": method,
                "route": route,
                "path": path,
                "query": query,
                "status": status,
                "errorCode": error_code,
                "idempotencyKey": idempotency_key,
                "durationMs": duration_ms,
                "requestBody": request_body,
                "responseBody": response_body,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        request_id = d.pop("requestId")

        mode = RequestLogEntryMode(d.pop("mode"))

        method = d.pop("method")

        def _parse_route(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        route = _parse_route(d.pop("route"))

        path = d.pop("path")

        def _parse_query(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        query = _parse_query(d.pop("query"))

        status = d.pop("status")

        def _parse_error_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_code = _parse_error_code(d.pop("errorCode"))

        def _parse_idempotency_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        idempotency_key = _parse_idempotency_key(d.pop("idempotencyKey"))

        duration_ms = d.pop("durationMs")

        request_body = d.pop("requestBody")

        response_body = d.pop("responseBody")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        request_log_entry = cls(
            request_id=request_id,
            mode=mode,
            method=method,
            route=route,
            path=path,
            query=query,
            status=status,
            error_code=error_code,
            idempotency_key=idempotency_key,
            duration_ms=duration_ms,
            request_body=request_body,
            response_body=response_body,
            created_at=created_at,
        )

        return request_log_entry
