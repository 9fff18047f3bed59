from enum import StrEnum


class PayoutBatchSource(StrEnum):
    API = "API"
    UPLOAD = "UPLOAD"

    def __str__(self) -> str:
        return str(self.value)
