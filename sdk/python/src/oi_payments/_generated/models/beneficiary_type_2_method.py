from enum import StrEnum


class BeneficiaryType2Method(StrEnum):
    BEFTN = "BEFTN"
    NPSB = "NPSB"

    def __str__(self) -> str:
        return str(self.value)
