from enum import StrEnum


class ErrorMetaType19DetailsMode(StrEnum):
    LIVE = "LIVE"
    TEST = "TEST"

    def __str__(self) -> str:
        return str(self.value)
