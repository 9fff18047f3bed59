from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="GatewayHealthWindow")


@_attrs_define
class GatewayHealthWindow:
    """
    Attributes:
        calls (int): Our calls to the gateway in the window
        failures (int): Of them, those that failed (unreachable, unreadable answers)
        error_rate (float):
    """

    calls: int
    failures: int
    error_rate: float

    def to_dict(self) -> dict[str, Any]:
        calls = self.calls

        failures = self.failures

        error_rate = self.error_rate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "calls": calls,
                "failures": failures,
                "errorRate": error_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        calls = d.pop("calls")

        failures = d.pop("failures")

        error_rate = d.pop("errorRate")

        gateway_health_window = cls(
            calls=calls,
            failures=failures,
            error_rate=error_rate,
        )

        return gateway_health_window
