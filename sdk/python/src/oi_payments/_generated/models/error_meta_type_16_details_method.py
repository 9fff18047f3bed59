from enum import StrEnum


class ErrorMetaType16DetailsMethod(StrEnum):
    CODE = "CODE"
    IDENTITY_PROVIDER = "IDENTITY_PROVIDER"
    PASSWORD = "PASSWORD"

    def __str__(self) -> str:
        return str(self.value)
