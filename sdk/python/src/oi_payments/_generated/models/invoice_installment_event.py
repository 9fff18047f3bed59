from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.invoice_installment_event_mode import InvoiceInstallmentEventMode
from ..models.invoice_installment_event_status import InvoiceInstallmentEventStatus

if TYPE_CHECKING:
    from ..models.invoice_installment_event_customer import (
        InvoiceInstallmentEventCustomer,
    )
    from ..models.invoice_installment_event_due_now_type_1 import (
        InvoiceInstallmentEventDueNowType1,
    )
    from ..models.invoice_installment_event_installment import (
        InvoiceInstallmentEventInstallment,
    )
    from ..models.invoice_installment_event_installment_plan_type_1_type_0 import (
        InvoiceInstallmentEventInstallmentPlanType1Type0,
    )
    from ..models.invoice_installment_event_installment_plan_type_1_type_1 import (
        InvoiceInstallmentEventInstallmentPlanType1Type1,
    )
    from ..models.invoice_installment_event_installments_item import (
        InvoiceInstallmentEventInstallmentsItem,
    )
    from ..models.invoice_installment_event_lines_item import (
        InvoiceInstallmentEventLinesItem,
    )
    from ..models.invoice_installment_event_metadata import (
        InvoiceInstallmentEventMetadata,
    )
    from ..models.invoice_installment_event_overdue_type_1 import (
        InvoiceInstallmentEventOverdueType1,
    )
    from ..models.invoice_installment_event_totals import InvoiceInstallmentEventTotals


T = TypeVar("T", bound="InvoiceInstallmentEvent")


@_attrs_define
class InvoiceInstallmentEvent:
    """invoice.installment_due and invoice.installment_overdue: the invoice, and the installment the notice is about

    Attributes:
        id (int):
        reference (str):
        number (None | str): Set on issue: INV-<year>-<sequence>, TEST-INV-… in TEST
        status (InvoiceInstallmentEventStatus):
        mode (InvoiceInstallmentEventMode):
        currency (str):
        customer (InvoiceInstallmentEventCustomer):
        lines (list[InvoiceInstallmentEventLinesItem]):
        totals (InvoiceInstallmentEventTotals):
        due_date (datetime.date):
        installments (list[InvoiceInstallmentEventInstallmentsItem]):
        due_now (InvoiceInstallmentEventDueNowType1 | None): The installment a customer pays now, and what it still
            lacks; null when nothing is owed
        overdue (InvoiceInstallmentEventOverdueType1 | None): Set while an installment is unpaid past the end of its due
            day in the company's time zone
        installment_plan (InvoiceInstallmentEventInstallmentPlanType1Type0 |
            InvoiceInstallmentEventInstallmentPlanType1Type1 | None): The split the invoice was given, as asked for; null
            when it is paid at once
        notes (None | str):
        metadata (InvoiceInstallmentEventMetadata):
        payable_url (None | str): The link to send the customer; set on issue
        issued_at (datetime.datetime | None):
        paid_at (datetime.datetime | None):
        voided_at (datetime.datetime | None):
        void_reason (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        installment (InvoiceInstallmentEventInstallment):
    """

    id: int
    reference: str
    number: None | str
    status: InvoiceInstallmentEventStatus
    mode: InvoiceInstallmentEventMode
    currency: str
    customer: InvoiceInstallmentEventCustomer
    lines: list[InvoiceInstallmentEventLinesItem]
    totals: InvoiceInstallmentEventTotals
    due_date: datetime.date
    installments: list[InvoiceInstallmentEventInstallmentsItem]
    due_now: InvoiceInstallmentEventDueNowType1 | None
    overdue: InvoiceInstallmentEventOverdueType1 | None
    installment_plan: (
        InvoiceInstallmentEventInstallmentPlanType1Type0
        | InvoiceInstallmentEventInstallmentPlanType1Type1
        | None
    )
    notes: None | str
    metadata: InvoiceInstallmentEventMetadata
    payable_url: None | str
    issued_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    void_reason: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    installment: InvoiceInstallmentEventInstallment

    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_installment_event_due_now_type_1 import (
            InvoiceInstallmentEventDueNowType1,
        )
        from ..models.invoice_installment_event_installment_plan_type_1_type_0 import (
            InvoiceInstallmentEventInstallmentPlanType1Type0,
        )
        from ..models.invoice_installment_event_installment_plan_type_1_type_1 import (
            InvoiceInstallmentEventInstallmentPlanType1Type1,
        )
        from ..models.invoice_installment_event_overdue_type_1 import (
            InvoiceInstallmentEventOverdueType1,
        )

        id = self.id

        reference = self.reference

        number: None | str
        number = self.number

        status = self.status.value

        mode = self.mode.value

        currency = self.currency

        customer = self.customer.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        totals = self.totals.to_dict()

        due_date = self.due_date.isoformat()

        installments = []
        for installments_item_data in self.installments:
            installments_item = installments_item_data.to_dict()
            installments.append(installments_item)

        due_now: dict[str, Any] | None
        if isinstance(self.due_now, InvoiceInstallmentEventDueNowType1):
            due_now = self.due_now.to_dict()
        else:
            due_now = self.due_now

        overdue: dict[str, Any] | None
        if isinstance(self.overdue, InvoiceInstallmentEventOverdueType1):
            overdue = self.overdue.to_dict()
        else:
            overdue = self.overdue

        installment_plan: dict[str, Any] | None
        if isinstance(
            self.installment_plan, InvoiceInstallmentEventInstallmentPlanType1Type0
        ) or isinstance(
            self.installment_plan, InvoiceInstallmentEventInstallmentPlanType1Type1
        ):
            installment_plan = self.installment_plan.to_dict()
        else:
            installment_plan = self.installment_plan

        notes: None | str
        notes = self.notes

        metadata = self.metadata.to_dict()

        payable_url: None | str
        payable_url = self.payable_url

        issued_at: None | str
        if isinstance(self.issued_at, datetime.datetime):
            issued_at = self.issued_at.isoformat()
        else:
            issued_at = self.issued_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        void_reason: None | str
        void_reason = self.void_reason

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        installment = self.installment.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "reference": reference,
                "number": number,
                "status": status,
                "mode": mode,
                "currency": currency,
                "customer": customer,
                "lines": lines,
                "totals": totals,
                "dueDate": due_date,
                "installments": installments,
                "dueNow": due_now,
                "overdue": overdue,
                "installmentPlan": installment_plan,
                "notes": notes,
                "metadata": metadata,
                "payableUrl": payable_url,
                "issuedAt": issued_at,
                "paidAt": paid_at,
                "voidedAt": voided_at,
                "voidReason": void_reason,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "installment": installment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_installment_event_customer import (
            InvoiceInstallmentEventCustomer,
        )
        from ..models.invoice_installment_event_due_now_type_1 import (
            InvoiceInstallmentEventDueNowType1,
        )
        from ..models.invoice_installment_event_installment import (
            InvoiceInstallmentEventInstallment,
        )
        from ..models.invoice_installment_event_installment_plan_type_1_type_0 import (
            InvoiceInstallmentEventInstallmentPlanType1Type0,
        )
        from ..models.invoice_installment_event_installment_plan_type_1_type_1 import (
            InvoiceInstallmentEventInstallmentPlanType1Type1,
        )
        from ..models.invoice_installment_event_installments_item import (
            InvoiceInstallmentEventInstallmentsItem,
        )
        from ..models.invoice_installment_event_lines_item import (
            InvoiceInstallmentEventLinesItem,
        )
        from ..models.invoice_installment_event_metadata import (
            InvoiceInstallmentEventMetadata,
        )
        from ..models.invoice_installment_event_overdue_type_1 import (
            InvoiceInstallmentEventOverdueType1,
        )
        from ..models.invoice_installment_event_totals import (
            InvoiceInstallmentEventTotals,
        )

        d = dict(src_dict)
        id = d.pop("id")

        reference = d.pop("reference")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        status = InvoiceInstallmentEventStatus(d.pop("status"))

        mode = InvoiceInstallmentEventMode(d.pop("mode"))

        currency = d.pop("currency")

        customer = InvoiceInstallmentEventCustomer.from_dict(d.pop("customer"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = InvoiceInstallmentEventLinesItem.from_dict(lines_item_data)

            lines.append(lines_item)

        totals = InvoiceInstallmentEventTotals.from_dict(d.pop("totals"))

        due_date = datetime.date.fromisoformat(d.pop("dueDate"))

        installments = []
        _installments = d.pop("installments")
        for installments_item_data in _installments:
            installments_item = InvoiceInstallmentEventInstallmentsItem.from_dict(
                installments_item_data
            )

            installments.append(installments_item)

        def _parse_due_now(data: object) -> InvoiceInstallmentEventDueNowType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                due_now_type_1 = InvoiceInstallmentEventDueNowType1.from_dict(data)

                return due_now_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InvoiceInstallmentEventDueNowType1 | None, data)

        due_now = _parse_due_now(d.pop("dueNow"))

        def _parse_overdue(data: object) -> InvoiceInstallmentEventOverdueType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                overdue_type_1 = InvoiceInstallmentEventOverdueType1.from_dict(data)

                return overdue_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InvoiceInstallmentEventOverdueType1 | None, data)

        overdue = _parse_overdue(d.pop("overdue"))

        def _parse_installment_plan(
            data: object,
        ) -> (
            InvoiceInstallmentEventInstallmentPlanType1Type0
            | InvoiceInstallmentEventInstallmentPlanType1Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                installment_plan_type_1_type_0 = (
                    InvoiceInstallmentEventInstallmentPlanType1Type0.from_dict(data)
                )

                return installment_plan_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                installment_plan_type_1_type_1 = (
                    InvoiceInstallmentEventInstallmentPlanType1Type1.from_dict(data)
                )

                return installment_plan_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                InvoiceInstallmentEventInstallmentPlanType1Type0
                | InvoiceInstallmentEventInstallmentPlanType1Type1
                | None,
                data,
            )

        installment_plan = _parse_installment_plan(d.pop("installmentPlan"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        metadata = InvoiceInstallmentEventMetadata.from_dict(d.pop("metadata"))

        def _parse_payable_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payable_url = _parse_payable_url(d.pop("payableUrl"))

        def _parse_issued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                issued_at_type_0 = datetime.datetime.fromisoformat(data)

                return issued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        issued_at = _parse_issued_at(d.pop("issuedAt"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paidAt"))

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voidedAt"))

        def _parse_void_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        void_reason = _parse_void_reason(d.pop("voidReason"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        installment = InvoiceInstallmentEventInstallment.from_dict(d.pop("installment"))

        invoice_installment_event = cls(
            id=id,
            reference=reference,
            number=number,
            status=status,
            mode=mode,
            currency=currency,
            customer=customer,
            lines=lines,
            totals=totals,
            due_date=due_date,
            installments=installments,
            due_now=due_now,
            overdue=overdue,
            installment_plan=installment_plan,
            notes=notes,
            metadata=metadata,
            payable_url=payable_url,
            issued_at=issued_at,
            paid_at=paid_at,
            voided_at=voided_at,
            void_reason=void_reason,
            created_at=created_at,
            updated_at=updated_at,
            installment=installment,
        )

        return invoice_installment_event
