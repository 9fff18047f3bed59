from enum import StrEnum


class GatewayStatusRecentChangesItemStatus(StrEnum):
    DEGRADED = "DEGRADED"
    DOWN = "DOWN"
    MAINTENANCE = "MAINTENANCE"
    OPERATIONAL = "OPERATIONAL"

    def __str__(self) -> str:
        return str(self.value)
