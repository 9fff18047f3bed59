from enum import StrEnum


class CreateRefundDestinationType2Method(StrEnum):
    BEFTN = "BEFTN"
    NPSB = "NPSB"

    def __str__(self) -> str:
        return str(self.value)
