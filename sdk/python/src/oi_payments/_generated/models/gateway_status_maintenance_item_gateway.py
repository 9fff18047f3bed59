from enum import StrEnum


class GatewayStatusMaintenanceItemGateway(StrEnum):
    BKASH = "bkash"
    MANUAL = "manual"
    NAGAD = "nagad"
    SSLCOMMERZ = "sslcommerz"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
