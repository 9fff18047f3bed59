from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payout_batch_line_rail import PayoutBatchLineRail
from ..models.payout_batch_line_status import PayoutBatchLineStatus

if TYPE_CHECKING:
    from ..models.payout_batch_line_beneficiary import PayoutBatchLineBeneficiary
    from ..models.payout_batch_line_metadata import PayoutBatchLineMetadata


T = TypeVar("T", bound="PayoutBatchLine")


@_attrs_define
class PayoutBatchLine:
    """
    Attributes:
        line (int):
        line_reference (str):
        rail (PayoutBatchLineRail):
        amount_minor (int):
        currency (str):
        beneficiary (PayoutBatchLineBeneficiary): As given, numbers masked but for their last four digits
        narrative (None | str):
        metadata (PayoutBatchLineMetadata):
        payout_reference (None | str): The line's payout, once made (read it at /payouts/{id})
        status (PayoutBatchLineStatus):
    """

    line: int
    line_reference: str
    rail: PayoutBatchLineRail
    amount_minor: int
    currency: str
    beneficiary: PayoutBatchLineBeneficiary
    narrative: None | str
    metadata: PayoutBatchLineMetadata
    payout_reference: None | str
    status: PayoutBatchLineStatus

    def to_dict(self) -> dict[str, Any]:
        line = self.line

        line_reference = self.line_reference

        rail = self.rail.value

        amount_minor = self.amount_minor

        currency = self.currency

        beneficiary = self.beneficiary.to_dict()

        narrative: None | str
        narrative = self.narrative

        metadata = self.metadata.to_dict()

        payout_reference: None | str
        payout_reference = self.payout_reference

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line": line,
                "lineReference": line_reference,
                "rail": rail,
                "amountMinor": amount_minor,
                "currency": currency,
                "beneficiary": beneficiary,
                "narrative": narrative,
                "metadata": metadata,
                "payoutReference": payout_reference,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_batch_line_beneficiary import PayoutBatchLineBeneficiary
        from ..models.payout_batch_line_metadata import PayoutBatchLineMetadata

        d = dict(src_dict)
        line = d.pop("line")

        line_reference = d.pop("lineReference")

        rail = PayoutBatchLineRail(d.pop("rail"))

        amount_minor = d.pop("amountMinor")

        currency = d.pop("currency")

        beneficiary = PayoutBatchLineBeneficiary.from_dict(d.pop("beneficiary"))

        def _parse_narrative(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        narrative = _parse_narrative(d.pop("narrative"))

        metadata = PayoutBatchLineMetadata.from_dict(d.pop("metadata"))

        def _parse_payout_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_reference = _parse_payout_reference(d.pop("payoutReference"))

        status = PayoutBatchLineStatus(d.pop("status"))

        payout_batch_line = cls(
            line=line,
            line_reference=line_reference,
            rail=rail,
            amount_minor=amount_minor,
            currency=currency,
            beneficiary=beneficiary,
            narrative=narrative,
            metadata=metadata,
            payout_reference=payout_reference,
            status=status,
        )

        return payout_batch_line
