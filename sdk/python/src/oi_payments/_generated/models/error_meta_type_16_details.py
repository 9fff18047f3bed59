from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_16_details_method import ErrorMetaType16DetailsMethod
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorMetaType16Details")


@_attrs_define
class ErrorMetaType16Details:
    """How this operator steps up; then repeat the request

    Attributes:
        method (ErrorMetaType16DetailsMethod): What confirms it is the operator: a fresh authenticator code, the
            password, or a fresh sign-in at the identity provider
        url (str): CODE or PASSWORD: POST the answer here (POST /admin/session/step-up). IDENTITY_PROVIDER: open this
            page in the operator's browser with the session; it goes to the provider with prompt=login and max_age=0 and
            back
        valid_for_seconds (int): How long the step-up then lasts
        identity_provider_url (str | Unset): For a person of the identity provider who also has a code: the provider way
            as well
    """

    method: ErrorMetaType16DetailsMethod
    url: str
    valid_for_seconds: int
    identity_provider_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        url = self.url

        valid_for_seconds = self.valid_for_seconds

        identity_provider_url = self.identity_provider_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "url": url,
                "validForSeconds": valid_for_seconds,
            }
        )
        if identity_provider_url is not UNSET:
            field_dict["identityProviderUrl"] = identity_provider_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        method = ErrorMetaType16DetailsMethod(d.pop("method"))

        url = d.pop("url")

        valid_for_seconds = d.pop("validForSeconds")

        identity_provider_url = d.pop("identityProviderUrl", UNSET)

        error_meta_type_16_details = cls(
            method=method,
            url=url,
            valid_for_seconds=valid_for_seconds,
            identity_provider_url=identity_provider_url,
        )

        return error_meta_type_16_details
