from enum import StrEnum


class GatewayHealthChangeGateway(StrEnum):
    BKASH = "bkash"
    MANUAL = "manual"
    NAGAD = "nagad"
    SSLCOMMERZ = "sslcommerz"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
