from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.app_me_mode import AppMeMode

T = TypeVar("T", bound="AppMe")


@_attrs_define
class AppMe:
    """
    Attributes:
        id (int):
        name (str):
        mode (AppMeMode):
    """

    id: int
    name: str
    mode: AppMeMode

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        mode = AppMeMode(d.pop("mode"))

        app_me = cls(
            id=id,
            name=name,
            mode=mode,
        )

        return app_me
