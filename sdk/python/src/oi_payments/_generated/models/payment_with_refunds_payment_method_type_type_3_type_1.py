from enum import StrEnum


class PaymentWithRefundsPaymentMethodTypeType3Type1(StrEnum):
    BANK_TRANSFER = "BANK_TRANSFER"
    BKASH = "BKASH"
    CARD = "CARD"
    CASH = "CASH"
    CHEQUE = "CHEQUE"
    INTERNET_BANKING = "INTERNET_BANKING"
    MOBILE_BANKING = "MOBILE_BANKING"
    NAGAD = "NAGAD"
    OTHER = "OTHER"
    ROCKET = "ROCKET"
    UPAY = "UPAY"

    def __str__(self) -> str:
        return str(self.value)
