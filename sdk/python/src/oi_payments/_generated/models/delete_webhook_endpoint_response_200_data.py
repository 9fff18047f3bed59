from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="DeleteWebhookEndpointResponse200Data")


@_attrs_define
class DeleteWebhookEndpointResponse200Data:
    """
    Attributes:
        id (str): The endpoint id (we_…)
        deleted (bool):
    """

    id: str
    deleted: bool

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        deleted = self.deleted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "deleted": deleted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        deleted = d.pop("deleted")

        delete_webhook_endpoint_response_200_data = cls(
            id=id,
            deleted=deleted,
        )

        return delete_webhook_endpoint_response_200_data
