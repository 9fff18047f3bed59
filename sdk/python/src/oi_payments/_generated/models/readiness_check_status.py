from enum import StrEnum


class ReadinessCheckStatus(StrEnum):
    FAILED = "failed"
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
