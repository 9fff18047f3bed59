from enum import StrEnum


class ErrorMetaType14DetailsLimit(StrEnum):
    PER_DAY = "PER_DAY"
    PER_TRANSACTION = "PER_TRANSACTION"

    def __str__(self) -> str:
        return str(self.value)
