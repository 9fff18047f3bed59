from enum import StrEnum


class ErrorMetaType4DetailsMode(StrEnum):
    LIVE = "LIVE"
    TEST = "TEST"

    def __str__(self) -> str:
        return str(self.value)
