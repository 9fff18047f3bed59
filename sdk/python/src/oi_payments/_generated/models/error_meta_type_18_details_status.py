from enum import StrEnum


class ErrorMetaType18DetailsStatus(StrEnum):
    DRAINING = "draining"
    NOT_READY = "not_ready"

    def __str__(self) -> str:
        return str(self.value)
