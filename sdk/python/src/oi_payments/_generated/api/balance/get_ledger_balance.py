from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.get_ledger_balance_response_200 import GetLedgerBalanceResponse200
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/ledger/balance",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | GetLedgerBalanceResponse200 | None:
    if response.status_code == 200:
        response_200 = GetLedgerBalanceResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 405:
        response_405 = ErrorEnvelope.from_dict(response.json())

        return response_405

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | GetLedgerBalanceResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorEnvelope | GetLedgerBalanceResponse200]:
    """The app's balance per currency, in the credential's mode

     From the ledger: capturedMinor credited to the app for its payments, refundedMinor paid back to its
    customers, disputedMinor taken back by open or lost disputes, and payableMinor, what the service
    owes the app (captured less refunded and disputed).

    Needs the `reporting` scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | GetLedgerBalanceResponse200]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ErrorEnvelope | GetLedgerBalanceResponse200 | None:
    """The app's balance per currency, in the credential's mode

     From the ledger: capturedMinor credited to the app for its payments, refundedMinor paid back to its
    customers, disputedMinor taken back by open or lost disputes, and payableMinor, what the service
    owes the app (captured less refunded and disputed).

    Needs the `reporting` scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | GetLedgerBalanceResponse200
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorEnvelope | GetLedgerBalanceResponse200]:
    """The app's balance per currency, in the credential's mode

     From the ledger: capturedMinor credited to the app for its payments, refundedMinor paid back to its
    customers, disputedMinor taken back by open or lost disputes, and payableMinor, what the service
    owes the app (captured less refunded and disputed).

    Needs the `reporting` scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | GetLedgerBalanceResponse200]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ErrorEnvelope | GetLedgerBalanceResponse200 | None:
    """The app's balance per currency, in the credential's mode

     From the ledger: capturedMinor credited to the app for its payments, refundedMinor paid back to its
    customers, disputedMinor taken back by open or lost disputes, and payableMinor, what the service
    owes the app (captured less refunded and disputed).

    Needs the `reporting` scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | GetLedgerBalanceResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
