from enum import StrEnum


class EndpointAttemptFailureReasonType1(StrEnum):
    CONNECTION_REFUSED = "CONNECTION_REFUSED"
    CONNECTION_RESET = "CONNECTION_RESET"
    HTTP_3XX = "HTTP_3XX"
    HTTP_4XX = "HTTP_4XX"
    HTTP_5XX = "HTTP_5XX"
    HTTP_OTHER = "HTTP_OTHER"
    NO_REACHABLE_ADDRESS = "NO_REACHABLE_ADDRESS"
    TIMEOUT = "TIMEOUT"
    TLS_ERROR = "TLS_ERROR"
    UNREACHABLE = "UNREACHABLE"

    def __str__(self) -> str:
        return str(self.value)
