from enum import StrEnum


class ErrorMetaType7DetailsMode(StrEnum):
    LIVE = "LIVE"
    TEST = "TEST"

    def __str__(self) -> str:
        return str(self.value)
