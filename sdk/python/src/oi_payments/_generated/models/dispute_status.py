from enum import StrEnum


class DisputeStatus(StrEnum):
    LOST = "LOST"
    OPEN = "OPEN"
    WON = "WON"

    def __str__(self) -> str:
        return str(self.value)
