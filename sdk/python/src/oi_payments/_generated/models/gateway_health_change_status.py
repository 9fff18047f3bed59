from enum import StrEnum


class GatewayHealthChangeStatus(StrEnum):
    DEGRADED = "DEGRADED"
    DOWN = "DOWN"
    MAINTENANCE = "MAINTENANCE"
    OPERATIONAL = "OPERATIONAL"

    def __str__(self) -> str:
        return str(self.value)
