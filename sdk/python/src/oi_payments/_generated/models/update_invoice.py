from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.update_invoice_currency import UpdateInvoiceCurrency
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_invoice_customer import UpdateInvoiceCustomer
    from ..models.update_invoice_installment_plan_type_0_type_0 import (
        UpdateInvoiceInstallmentPlanType0Type0,
    )
    from ..models.update_invoice_installment_plan_type_0_type_1 import (
        UpdateInvoiceInstallmentPlanType0Type1,
    )
    from ..models.update_invoice_lines_item import UpdateInvoiceLinesItem
    from ..models.update_invoice_metadata import UpdateInvoiceMetadata


T = TypeVar("T", bound="UpdateInvoice")


@_attrs_define
class UpdateInvoice:
    """
    Attributes:
        customer (UpdateInvoiceCustomer | Unset):
        currency (UpdateInvoiceCurrency | Unset):
        lines (list[UpdateInvoiceLinesItem] | Unset):
        due_date (datetime.date | Unset): When payment (the first installment, with a plan) is due: a day in the
            company's time zone (COMPANY_TIME_ZONE, Asia/Dhaka by default)
        notes (str | Unset): Printed on the invoice
        metadata (UpdateInvoiceMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
        installment_plan (None | Unset | UpdateInvoiceInstallmentPlanType0Type0 |
            UpdateInvoiceInstallmentPlanType0Type1): null removes the plan
    """

    customer: UpdateInvoiceCustomer | Unset = UNSET
    currency: UpdateInvoiceCurrency | Unset = UNSET
    lines: list[UpdateInvoiceLinesItem] | Unset = UNSET
    due_date: datetime.date | Unset = UNSET
    notes: str | Unset = UNSET
    metadata: UpdateInvoiceMetadata | Unset = UNSET
    installment_plan: (
        None
        | Unset
        | UpdateInvoiceInstallmentPlanType0Type0
        | UpdateInvoiceInstallmentPlanType0Type1
    ) = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_invoice_installment_plan_type_0_type_0 import (
            UpdateInvoiceInstallmentPlanType0Type0,
        )
        from ..models.update_invoice_installment_plan_type_0_type_1 import (
            UpdateInvoiceInstallmentPlanType0Type1,
        )

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency.value

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        due_date: str | Unset = UNSET
        if not isinstance(self.due_date, Unset):
            due_date = self.due_date.isoformat()

        notes = self.notes

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        installment_plan: dict[str, Any] | None | Unset
        if isinstance(self.installment_plan, Unset):
            installment_plan = UNSET
        elif isinstance(
            self.installment_plan, UpdateInvoiceInstallmentPlanType0Type0
        ) or isinstance(self.installment_plan, UpdateInvoiceInstallmentPlanType0Type1):
            installment_plan = self.installment_plan.to_dict()
        else:
            installment_plan = self.installment_plan

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if customer is not UNSET:
            field_dict["customer"] = customer
        if currency is not UNSET:
            field_dict["currency"] = currency
        if lines is not UNSET:
            field_dict["lines"] = lines
        if due_date is not UNSET:
            field_dict["dueDate"] = due_date
        if notes is not UNSET:
            field_dict["notes"] = notes
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if installment_plan is not UNSET:
            field_dict["installmentPlan"] = installment_plan

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_invoice_customer import UpdateInvoiceCustomer
        from ..models.update_invoice_installment_plan_type_0_type_0 import (
            UpdateInvoiceInstallmentPlanType0Type0,
        )
        from ..models.update_invoice_installment_plan_type_0_type_1 import (
            UpdateInvoiceInstallmentPlanType0Type1,
        )
        from ..models.update_invoice_lines_item import UpdateInvoiceLinesItem
        from ..models.update_invoice_metadata import UpdateInvoiceMetadata

        d = dict(src_dict)
        _customer = d.pop("customer", UNSET)
        customer: UpdateInvoiceCustomer | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = UpdateInvoiceCustomer.from_dict(_customer)

        _currency = d.pop("currency", UNSET)
        currency: UpdateInvoiceCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = UpdateInvoiceCurrency(_currency)

        _lines = d.pop("lines", UNSET)
        lines: list[UpdateInvoiceLinesItem] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = UpdateInvoiceLinesItem.from_dict(lines_item_data)

                lines.append(lines_item)

        _due_date = d.pop("dueDate", UNSET)
        due_date: datetime.date | Unset
        if isinstance(_due_date, Unset):
            due_date = UNSET
        else:
            due_date = datetime.date.fromisoformat(_due_date)

        notes = d.pop("notes", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: UpdateInvoiceMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = UpdateInvoiceMetadata.from_dict(_metadata)

        def _parse_installment_plan(
            data: object,
        ) -> (
            None
            | Unset
            | UpdateInvoiceInstallmentPlanType0Type0
            | UpdateInvoiceInstallmentPlanType0Type1
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                installment_plan_type_0_type_0 = (
                    UpdateInvoiceInstallmentPlanType0Type0.from_dict(data)
                )

                return installment_plan_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                installment_plan_type_0_type_1 = (
                    UpdateInvoiceInstallmentPlanType0Type1.from_dict(data)
                )

                return installment_plan_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | Unset
                | UpdateInvoiceInstallmentPlanType0Type0
                | UpdateInvoiceInstallmentPlanType0Type1,
                data,
            )

        installment_plan = _parse_installment_plan(d.pop("installmentPlan", UNSET))

        update_invoice = cls(
            customer=customer,
            currency=currency,
            lines=lines,
            due_date=due_date,
            notes=notes,
            metadata=metadata,
            installment_plan=installment_plan,
        )

        return update_invoice
