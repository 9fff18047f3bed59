from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.error_meta_type_0 import ErrorMetaType0
    from ..models.error_meta_type_1 import ErrorMetaType1
    from ..models.error_meta_type_2 import ErrorMetaType2
    from ..models.error_meta_type_3 import ErrorMetaType3
    from ..models.error_meta_type_4 import ErrorMetaType4
    from ..models.error_meta_type_5 import ErrorMetaType5
    from ..models.error_meta_type_6 import ErrorMetaType6
    from ..models.error_meta_type_7 import ErrorMetaType7
    from ..models.error_meta_type_8 import ErrorMetaType8
    from ..models.error_meta_type_9 import ErrorMetaType9
    from ..models.error_meta_type_10 import ErrorMetaType10
    from ..models.error_meta_type_11 import ErrorMetaType11
    from ..models.error_meta_type_12 import ErrorMetaType12
    from ..models.error_meta_type_13 import ErrorMetaType13
    from ..models.error_meta_type_14 import ErrorMetaType14
    from ..models.error_meta_type_15 import ErrorMetaType15
    from ..models.error_meta_type_16 import ErrorMetaType16
    from ..models.error_meta_type_17 import ErrorMetaType17
    from ..models.error_meta_type_18 import ErrorMetaType18
    from ..models.error_meta_type_19 import ErrorMetaType19
    from ..models.error_meta_type_20 import ErrorMetaType20


T = TypeVar("T", bound="ErrorEnvelope")


@_attrs_define
class ErrorEnvelope:
    """
    Attributes:
        data (None):
        meta (ErrorMetaType0 | ErrorMetaType1 | ErrorMetaType10 | ErrorMetaType11 | ErrorMetaType12 | ErrorMetaType13 |
            ErrorMetaType14 | ErrorMetaType15 | ErrorMetaType16 | ErrorMetaType17 | ErrorMetaType18 | ErrorMetaType19 |
            ErrorMetaType2 | ErrorMetaType20 | ErrorMetaType3 | ErrorMetaType4 | ErrorMetaType5 | ErrorMetaType6 |
            ErrorMetaType7 | ErrorMetaType8 | ErrorMetaType9): An error's meta: `details` has the shape its `errorCode`
            gives it; codes not listed with details carry none
    """

    data: None
    meta: (
        ErrorMetaType0
        | ErrorMetaType1
        | ErrorMetaType10
        | ErrorMetaType11
        | ErrorMetaType12
        | ErrorMetaType13
        | ErrorMetaType14
        | ErrorMetaType15
        | ErrorMetaType16
        | ErrorMetaType17
        | ErrorMetaType18
        | ErrorMetaType19
        | ErrorMetaType2
        | ErrorMetaType20
        | ErrorMetaType3
        | ErrorMetaType4
        | ErrorMetaType5
        | ErrorMetaType6
        | ErrorMetaType7
        | ErrorMetaType8
        | ErrorMetaType9
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_meta_type_0 import ErrorMetaType0
        from ..models.error_meta_type_1 import ErrorMetaType1
        from ..models.error_meta_type_2 import ErrorMetaType2
        from ..models.error_meta_type_3 import ErrorMetaType3
        from ..models.error_meta_type_4 import ErrorMetaType4
        from ..models.error_meta_type_5 import ErrorMetaType5
        from ..models.error_meta_type_6 import ErrorMetaType6
        from ..models.error_meta_type_7 import ErrorMetaType7
        from ..models.error_meta_type_8 import ErrorMetaType8
        from ..models.error_meta_type_9 import ErrorMetaType9
        from ..models.error_meta_type_10 import ErrorMetaType10
        from ..models.error_meta_type_11 import ErrorMetaType11
        from ..models.error_meta_type_12 import ErrorMetaType12
        from ..models.error_meta_type_13 import ErrorMetaType13
        from ..models.error_meta_type_14 import ErrorMetaType14
        from ..models.error_meta_type_15 import ErrorMetaType15
        from ..models.error_meta_type_16 import ErrorMetaType16
        from ..models.error_meta_type_17 import ErrorMetaType17
        from ..models.error_meta_type_18 import ErrorMetaType18
        from ..models.error_meta_type_19 import ErrorMetaType19

        data = self.data

        meta: dict[str, Any]
        if (
            isinstance(self.meta, ErrorMetaType0)
            or isinstance(self.meta, ErrorMetaType1)
            or isinstance(self.meta, ErrorMetaType2)
            or isinstance(self.meta, ErrorMetaType3)
            or isinstance(self.meta, ErrorMetaType4)
            or isinstance(self.meta, ErrorMetaType5)
            or isinstance(self.meta, ErrorMetaType6)
            or isinstance(self.meta, ErrorMetaType7)
            or isinstance(self.meta, ErrorMetaType8)
            or isinstance(self.meta, ErrorMetaType9)
            or isinstance(self.meta, ErrorMetaType10)
            or isinstance(self.meta, ErrorMetaType11)
            or isinstance(self.meta, ErrorMetaType12)
            or isinstance(self.meta, ErrorMetaType13)
            or isinstance(self.meta, ErrorMetaType14)
            or isinstance(self.meta, ErrorMetaType15)
            or isinstance(self.meta, ErrorMetaType16)
            or isinstance(self.meta, ErrorMetaType17)
            or isinstance(self.meta, ErrorMetaType18)
            or isinstance(self.meta, ErrorMetaType19)
        ):
            meta = self.meta.to_dict()
        else:
            meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_meta_type_0 import ErrorMetaType0
        from ..models.error_meta_type_1 import ErrorMetaType1
        from ..models.error_meta_type_2 import ErrorMetaType2
        from ..models.error_meta_type_3 import ErrorMetaType3
        from ..models.error_meta_type_4 import ErrorMetaType4
        from ..models.error_meta_type_5 import ErrorMetaType5
        from ..models.error_meta_type_6 import ErrorMetaType6
        from ..models.error_meta_type_7 import ErrorMetaType7
        from ..models.error_meta_type_8 import ErrorMetaType8
        from ..models.error_meta_type_9 import ErrorMetaType9
        from ..models.error_meta_type_10 import ErrorMetaType10
        from ..models.error_meta_type_11 import ErrorMetaType11
        from ..models.error_meta_type_12 import ErrorMetaType12
        from ..models.error_meta_type_13 import ErrorMetaType13
        from ..models.error_meta_type_14 import ErrorMetaType14
        from ..models.error_meta_type_15 import ErrorMetaType15
        from ..models.error_meta_type_16 import ErrorMetaType16
        from ..models.error_meta_type_17 import ErrorMetaType17
        from ..models.error_meta_type_18 import ErrorMetaType18
        from ..models.error_meta_type_19 import ErrorMetaType19
        from ..models.error_meta_type_20 import ErrorMetaType20

        d = dict(src_dict)
        data = d.pop("data")

        def _parse_meta(
            data: object,
        ) -> (
            ErrorMetaType0
            | ErrorMetaType1
            | ErrorMetaType10
            | ErrorMetaType11
            | ErrorMetaType12
            | ErrorMetaType13
            | ErrorMetaType14
            | ErrorMetaType15
            | ErrorMetaType16
            | ErrorMetaType17
            | ErrorMetaType18
            | ErrorMetaType19
            | ErrorMetaType2
            | ErrorMetaType20
            | ErrorMetaType3
            | ErrorMetaType4
            | ErrorMetaType5
            | ErrorMetaType6
            | ErrorMetaType7
            | ErrorMetaType8
            | ErrorMetaType9
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_0 = ErrorMetaType0.from_dict(data)

                return componentsschemas_error_meta_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_1 = ErrorMetaType1.from_dict(data)

                return componentsschemas_error_meta_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_2 = ErrorMetaType2.from_dict(data)

                return componentsschemas_error_meta_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_3 = ErrorMetaType3.from_dict(data)

                return componentsschemas_error_meta_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_4 = ErrorMetaType4.from_dict(data)

                return componentsschemas_error_meta_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_5 = ErrorMetaType5.from_dict(data)

                return componentsschemas_error_meta_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_6 = ErrorMetaType6.from_dict(data)

                return componentsschemas_error_meta_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_7 = ErrorMetaType7.from_dict(data)

                return componentsschemas_error_meta_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_8 = ErrorMetaType8.from_dict(data)

                return componentsschemas_error_meta_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_9 = ErrorMetaType9.from_dict(data)

                return componentsschemas_error_meta_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_10 = ErrorMetaType10.from_dict(data)

                return componentsschemas_error_meta_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_11 = ErrorMetaType11.from_dict(data)

                return componentsschemas_error_meta_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_12 = ErrorMetaType12.from_dict(data)

                return componentsschemas_error_meta_type_12
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_13 = ErrorMetaType13.from_dict(data)

                return componentsschemas_error_meta_type_13
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_14 = ErrorMetaType14.from_dict(data)

                return componentsschemas_error_meta_type_14
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_15 = ErrorMetaType15.from_dict(data)

                return componentsschemas_error_meta_type_15
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_16 = ErrorMetaType16.from_dict(data)

                return componentsschemas_error_meta_type_16
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_17 = ErrorMetaType17.from_dict(data)

                return componentsschemas_error_meta_type_17
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_18 = ErrorMetaType18.from_dict(data)

                return componentsschemas_error_meta_type_18
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_meta_type_19 = ErrorMetaType19.from_dict(data)

                return componentsschemas_error_meta_type_19
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_meta_type_20 = ErrorMetaType20.from_dict(data)

            return componentsschemas_error_meta_type_20

        meta = _parse_meta(d.pop("meta"))

        error_envelope = cls(
            data=data,
            meta=meta,
        )

        return error_envelope
