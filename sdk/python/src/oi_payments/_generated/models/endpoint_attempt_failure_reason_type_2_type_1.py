from enum import StrEnum


class EndpointAttemptFailureReasonType2Type1(StrEnum):
    BLOCKED_ADDRESS = "BLOCKED_ADDRESS"
    CONNECTION_REFUSED = "CONNECTION_REFUSED"
    CONNECTION_RESET = "CONNECTION_RESET"
    DNS_NOT_FOUND = "DNS_NOT_FOUND"
    HTTP_3XX = "HTTP_3XX"
    HTTP_4XX = "HTTP_4XX"
    HTTP_5XX = "HTTP_5XX"
    HTTP_OTHER = "HTTP_OTHER"
    TIMEOUT = "TIMEOUT"
    TLS_ERROR = "TLS_ERROR"
    UNREACHABLE = "UNREACHABLE"

    def __str__(self) -> str:
        return str(self.value)
