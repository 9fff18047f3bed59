from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_refund_metadata import CreateRefundMetadata


T = TypeVar("T", bound="CreateRefund")


@_attrs_define
class CreateRefund:
    """
    Attributes:
        amount_minor (int | Unset): Integer minor units, > 0; defaults to everything still refundable
        reason (str | Unset): Why the money goes back; sent to the gateway as remarks
        metadata (CreateRefundMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
    """

    amount_minor: int | Unset = UNSET
    reason: str | Unset = UNSET
    metadata: CreateRefundMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        reason = self.reason

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount_minor is not UNSET:
            field_dict["amountMinor"] = amount_minor
        if reason is not UNSET:
            field_dict["reason"] = reason
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_refund_metadata import CreateRefundMetadata

        d = dict(src_dict)
        amount_minor = d.pop("amountMinor", UNSET)

        reason = d.pop("reason", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateRefundMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateRefundMetadata.from_dict(_metadata)

        create_refund = cls(
            amount_minor=amount_minor,
            reason=reason,
            metadata=metadata,
        )

        return create_refund
