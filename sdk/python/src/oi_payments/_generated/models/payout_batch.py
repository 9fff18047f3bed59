from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payout_batch_source import PayoutBatchSource
from ..models.payout_batch_status import PayoutBatchStatus

if TYPE_CHECKING:
    from ..models.payout_batch_progress_item import PayoutBatchProgressItem


T = TypeVar("T", bound="PayoutBatch")


@_attrs_define
class PayoutBatch:
    """
    Attributes:
        id (int):
        reference (str):
        status (PayoutBatchStatus): WAITING_APPROVAL (approvers, by the batch’s whole total) → SCHEDULED (the cancel
            window) → CREATING (its lines’ payouts are made) → PROCESSING (followed until each is final) → COMPLETED;
            CANCELLED within the window, on rejection, or when nobody approved it in time (no line was made).
        source (PayoutBatchSource):
        currency (str):
        line_count (int):
        total_minor (int):
        approvals_required (int):
        approval_expires_at (datetime.datetime | None):
        cancellable_until (datetime.datetime | None): The end of the cancel window while it lasts; null otherwise
        cancelled_by (None | str): APP, OPERATOR, APPROVER or APPROVAL_EXPIRED
        progress (list[PayoutBatchProgressItem]): Lines' count and amount per payout status; NOT_CREATED while a line's
            payout is not made
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        completed_at (datetime.datetime | None):
    """

    id: int
    reference: str
    status: PayoutBatchStatus
    source: PayoutBatchSource
    currency: str
    line_count: int
    total_minor: int
    approvals_required: int
    approval_expires_at: datetime.datetime | None
    cancellable_until: datetime.datetime | None
    cancelled_by: None | str
    progress: list[PayoutBatchProgressItem]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    completed_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reference = self.reference

        status = self.status.value

        source = self.source.value

        currency = self.currency

        line_count = self.line_count

        total_minor = self.total_minor

        approvals_required = self.approvals_required

        approval_expires_at: None | str
        if isinstance(self.approval_expires_at, datetime.datetime):
            approval_expires_at = self.approval_expires_at.isoformat()
        else:
            approval_expires_at = self.approval_expires_at

        cancellable_until: None | str
        if isinstance(self.cancellable_until, datetime.datetime):
            cancellable_until = self.cancellable_until.isoformat()
        else:
            cancellable_until = self.cancellable_until

        cancelled_by: None | str
        cancelled_by = self.cancelled_by

        progress = []
        for progress_item_data in self.progress:
            progress_item = progress_item_data.to_dict()
            progress.append(progress_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "reference": reference,
                "status": status,
                "source": source,
                "currency": currency,
                "lineCount": line_count,
                "totalMinor": total_minor,
                "approvalsRequired": approvals_required,
                "approvalExpiresAt": approval_expires_at,
                "cancellableUntil": cancellable_until,
                "cancelledBy": cancelled_by,
                "progress": progress,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "completedAt": completed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_batch_progress_item import PayoutBatchProgressItem

        d = dict(src_dict)
        id = d.pop("id")

        reference = d.pop("reference")

        status = PayoutBatchStatus(d.pop("status"))

        source = PayoutBatchSource(d.pop("source"))

        currency = d.pop("currency")

        line_count = d.pop("lineCount")

        total_minor = d.pop("totalMinor")

        approvals_required = d.pop("approvalsRequired")

        def _parse_approval_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approval_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return approval_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        approval_expires_at = _parse_approval_expires_at(d.pop("approvalExpiresAt"))

        def _parse_cancellable_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancellable_until_type_0 = datetime.datetime.fromisoformat(data)

                return cancellable_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancellable_until = _parse_cancellable_until(d.pop("cancellableUntil"))

        def _parse_cancelled_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancelled_by = _parse_cancelled_by(d.pop("cancelledBy"))

        progress = []
        _progress = d.pop("progress")
        for progress_item_data in _progress:
            progress_item = PayoutBatchProgressItem.from_dict(progress_item_data)

            progress.append(progress_item)

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completedAt"))

        payout_batch = cls(
            id=id,
            reference=reference,
            status=status,
            source=source,
            currency=currency,
            line_count=line_count,
            total_minor=total_minor,
            approvals_required=approvals_required,
            approval_expires_at=approval_expires_at,
            cancellable_until=cancellable_until,
            cancelled_by=cancelled_by,
            progress=progress,
            created_at=created_at,
            updated_at=updated_at,
            completed_at=completed_at,
        )

        return payout_batch
