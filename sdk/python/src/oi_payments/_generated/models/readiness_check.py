from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.readiness_check_status import ReadinessCheckStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessCheck")


@_attrs_define
class ReadinessCheck:
    """
    Attributes:
        status (ReadinessCheckStatus):
        latency_ms (int): How long the dependency took to answer
        reason (str | Unset): Why the check failed: the error, or no answer within the timeout
    """

    status: ReadinessCheckStatus
    latency_ms: int
    reason: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        latency_ms = self.latency_ms

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "latencyMs": latency_ms,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ReadinessCheckStatus(d.pop("status"))

        latency_ms = d.pop("latencyMs")

        reason = d.pop("reason", UNSET)

        readiness_check = cls(
            status=status,
            latency_ms=latency_ms,
            reason=reason,
        )

        return readiness_check
