from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.endpoint_attempt_event_type import EndpointAttemptEventType
from ..models.endpoint_attempt_failure_reason_type_1 import (
    EndpointAttemptFailureReasonType1,
)
from ..models.endpoint_attempt_failure_reason_type_2_type_1 import (
    EndpointAttemptFailureReasonType2Type1,
)
from ..models.endpoint_attempt_failure_reason_type_3_type_1 import (
    EndpointAttemptFailureReasonType3Type1,
)

T = TypeVar("T", bound="EndpointAttempt")


@_attrs_define
class EndpointAttempt:
    """
    Attributes:
        id (int):
        event_id (str):
        event_type (EndpointAttemptEventType):
        attempt (int): The step of the retry schedule (or a resend or recover after it)
        status_code (int | None): The endpoint's HTTP status; null when it could not be reached
        ok (bool): The endpoint took the event (2xx)
        failure_reason (EndpointAttemptFailureReasonType1 | EndpointAttemptFailureReasonType2Type1 |
            EndpointAttemptFailureReasonType3Type1 | None): Why the endpoint did not take it: the kind of network failure
            (NO_REACHABLE_ADDRESS, CONNECTION_REFUSED, TIMEOUT, TLS_ERROR, …) or the class of its status (HTTP_4XX,
            HTTP_5XX, …); null when it did. NO_REACHABLE_ADDRESS is a host name that does not resolve and one that resolves
            only to addresses deliveries may not reach (private, loopback, cloud metadata) alike: the two are not told apart
        error (None | str): The failure in words, naming its kind and never the address or the resolver’s or socket’s
            own text; null when the endpoint answered
        response_excerpt (None | str): The first 500 characters of the endpoint's answer
        duration_ms (int):
        created_at (datetime.datetime):
    """

    id: int
    event_id: str
    event_type: EndpointAttemptEventType
    attempt: int
    status_code: int | None
    ok: bool
    failure_reason: (
        EndpointAttemptFailureReasonType1
        | EndpointAttemptFailureReasonType2Type1
        | EndpointAttemptFailureReasonType3Type1
        | None
    )
    error: None | str
    response_excerpt: None | str
    duration_ms: int
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_id = self.event_id

        event_type = self.event_type.value

        attempt = self.attempt

        status_code: int | None
        status_code = self.status_code

        ok = self.ok

        failure_reason: None | str
        if (
            isinstance(self.failure_reason, EndpointAttemptFailureReasonType1)
            or isinstance(self.failure_reason, EndpointAttemptFailureReasonType2Type1)
            or isinstance(self.failure_reason, EndpointAttemptFailureReasonType3Type1)
        ):
            failure_reason = self.failure_reason.value
        else:
            failure_reason = self.failure_reason

        error: None | str
        error = self.error

        response_excerpt: None | str
        response_excerpt = self.response_excerpt

        duration_ms = self.duration_ms

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "eventId": event_id,
                "eventType": event_type,
                "attempt": attempt,
                "statusCode": status_code,
                "ok": ok,
                "failureReason": failure_reason,
                "error": error,
                "responseExcerpt": response_excerpt,
                "durationMs": duration_ms,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        event_id = d.pop("eventId")

        event_type = EndpointAttemptEventType(d.pop("eventType"))

        attempt = d.pop("attempt")

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("statusCode"))

        ok = d.pop("ok")

        def _parse_failure_reason(
            data: object,
        ) -> (
            EndpointAttemptFailureReasonType1
            | EndpointAttemptFailureReasonType2Type1
            | EndpointAttemptFailureReasonType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_reason_type_1 = EndpointAttemptFailureReasonType1(data)

                return failure_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_reason_type_2_type_1 = EndpointAttemptFailureReasonType2Type1(
                    data
                )

                return failure_reason_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_reason_type_3_type_1 = EndpointAttemptFailureReasonType3Type1(
                    data
                )

                return failure_reason_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                EndpointAttemptFailureReasonType1
                | EndpointAttemptFailureReasonType2Type1
                | EndpointAttemptFailureReasonType3Type1
                | None,
                data,
            )

        failure_reason = _parse_failure_reason(d.pop("failureReason"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_response_excerpt(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_excerpt = _parse_response_excerpt(d.pop("responseExcerpt"))

        duration_ms = d.pop("durationMs")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        endpoint_attempt = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            attempt=attempt,
            status_code=status_code,
            ok=ok,
            failure_reason=failure_reason,
            error=error,
            response_excerpt=response_excerpt,
            duration_ms=duration_ms,
            created_at=created_at,
        )

        return endpoint_attempt
