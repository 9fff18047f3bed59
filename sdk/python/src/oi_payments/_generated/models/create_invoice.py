from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.create_invoice_currency import CreateInvoiceCurrency
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_invoice_customer import CreateInvoiceCustomer
    from ..models.create_invoice_installment_plan_type_0 import (
        CreateInvoiceInstallmentPlanType0,
    )
    from ..models.create_invoice_installment_plan_type_1 import (
        CreateInvoiceInstallmentPlanType1,
    )
    from ..models.create_invoice_lines_item import CreateInvoiceLinesItem
    from ..models.create_invoice_metadata import CreateInvoiceMetadata


T = TypeVar("T", bound="CreateInvoice")


@_attrs_define
class CreateInvoice:
    """
    Attributes:
        customer (CreateInvoiceCustomer):
        lines (list[CreateInvoiceLinesItem]):
        due_date (datetime.date): When payment (the first installment, with a plan) is due: a day in the company's time
            zone (COMPANY_TIME_ZONE, Asia/Dhaka by default)
        currency (CreateInvoiceCurrency | Unset): ISO-4217 code; defaults to BDT Default: CreateInvoiceCurrency.BDT.
        notes (str | Unset): Printed on the invoice
        metadata (CreateInvoiceMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
        installment_plan (CreateInvoiceInstallmentPlanType0 | CreateInvoiceInstallmentPlanType1 | Unset): Split the
            total: a count with an interval from dueDate, or explicit amounts and dates
    """

    customer: CreateInvoiceCustomer
    lines: list[CreateInvoiceLinesItem]
    due_date: datetime.date
    currency: CreateInvoiceCurrency | Unset = CreateInvoiceCurrency.BDT
    notes: str | Unset = UNSET
    metadata: CreateInvoiceMetadata | Unset = UNSET
    installment_plan: (
        CreateInvoiceInstallmentPlanType0 | CreateInvoiceInstallmentPlanType1 | Unset
    ) = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_invoice_installment_plan_type_0 import (
            CreateInvoiceInstallmentPlanType0,
        )

        customer = self.customer.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        due_date = self.due_date.isoformat()

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency.value

        notes = self.notes

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        installment_plan: dict[str, Any] | Unset
        if isinstance(self.installment_plan, Unset):
            installment_plan = UNSET
        elif isinstance(self.installment_plan, CreateInvoiceInstallmentPlanType0):
            installment_plan = self.installment_plan.to_dict()
        else:
            installment_plan = self.installment_plan.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customer": customer,
                "lines": lines,
                "dueDate": due_date,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if notes is not UNSET:
            field_dict["notes"] = notes
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if installment_plan is not UNSET:
            field_dict["installmentPlan"] = installment_plan

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_invoice_customer import CreateInvoiceCustomer
        from ..models.create_invoice_installment_plan_type_0 import (
            CreateInvoiceInstallmentPlanType0,
        )
        from ..models.create_invoice_installment_plan_type_1 import (
            CreateInvoiceInstallmentPlanType1,
        )
        from ..models.create_invoice_lines_item import CreateInvoiceLinesItem
        from ..models.create_invoice_metadata import CreateInvoiceMetadata

        d = dict(src_dict)
        customer = CreateInvoiceCustomer.from_dict(d.pop("customer"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CreateInvoiceLinesItem.from_dict(lines_item_data)

            lines.append(lines_item)

        due_date = datetime.date.fromisoformat(d.pop("dueDate"))

        _currency = d.pop("currency", UNSET)
        currency: CreateInvoiceCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = CreateInvoiceCurrency(_currency)

        notes = d.pop("notes", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateInvoiceMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateInvoiceMetadata.from_dict(_metadata)

        def _parse_installment_plan(
            data: object,
        ) -> (
            CreateInvoiceInstallmentPlanType0
            | CreateInvoiceInstallmentPlanType1
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                installment_plan_type_0 = CreateInvoiceInstallmentPlanType0.from_dict(
                    data
                )

                return installment_plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            installment_plan_type_1 = CreateInvoiceInstallmentPlanType1.from_dict(data)

            return installment_plan_type_1

        installment_plan = _parse_installment_plan(d.pop("installmentPlan", UNSET))

        create_invoice = cls(
            customer=customer,
            lines=lines,
            due_date=due_date,
            currency=currency,
            notes=notes,
            metadata=metadata,
            installment_plan=installment_plan,
        )

        return create_invoice
