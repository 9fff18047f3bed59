from enum import StrEnum


class CreatePayoutBatchLineBeneficiaryType2Method(StrEnum):
    BEFTN = "BEFTN"
    NPSB = "NPSB"

    def __str__(self) -> str:
        return str(self.value)
