from enum import StrEnum


class CreatePaymentCurrency(StrEnum):
    AUD = "AUD"
    BDT = "BDT"
    CAD = "CAD"
    EUR = "EUR"
    GBP = "GBP"
    INR = "INR"
    JPY = "JPY"
    MYR = "MYR"
    SGD = "SGD"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
