from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_payout import CreatePayout
from ...models.create_payout_response_201 import CreatePayoutResponse201
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreatePayout,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/payouts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatePayoutResponse201 | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = CreatePayoutResponse201.from_dict(response.json())

        return response_201

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

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
) -> Response[CreatePayoutResponse201 | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreatePayout,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatePayoutResponse201 | ErrorEnvelope]:
    """Pay money out to a bKash or Nagad wallet or a bank account; the outcome arrives as payout.succeeded
    or payout.failed

     Needs the `payouts` scope. In LIVE the app’s payouts are off until finance turns them on (an ADMIN
    approves it): until then a LIVE payout is refused with 403 PAYOUTS_NOT_ENABLED and nothing is
    stored. The payout waits out its cancel window (PAYOUT_CANCEL_WINDOW_SECONDS) before anything is
    sent, and first for approvers when the app’s payout rules ask for them (every LIVE payout waits for
    at least one until finance loosens that), or when it takes the deployment’s LIVE payouts of the
    company day above PAYOUT_DAILY_CEILING_MINOR.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayout):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePayoutResponse201 | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreatePayout,
    idempotency_key: str | Unset = UNSET,
) -> CreatePayoutResponse201 | ErrorEnvelope | None:
    """Pay money out to a bKash or Nagad wallet or a bank account; the outcome arrives as payout.succeeded
    or payout.failed

     Needs the `payouts` scope. In LIVE the app’s payouts are off until finance turns them on (an ADMIN
    approves it): until then a LIVE payout is refused with 403 PAYOUTS_NOT_ENABLED and nothing is
    stored. The payout waits out its cancel window (PAYOUT_CANCEL_WINDOW_SECONDS) before anything is
    sent, and first for approvers when the app’s payout rules ask for them (every LIVE payout waits for
    at least one until finance loosens that), or when it takes the deployment’s LIVE payouts of the
    company day above PAYOUT_DAILY_CEILING_MINOR.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayout):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePayoutResponse201 | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreatePayout,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatePayoutResponse201 | ErrorEnvelope]:
    """Pay money out to a bKash or Nagad wallet or a bank account; the outcome arrives as payout.succeeded
    or payout.failed

     Needs the `payouts` scope. In LIVE the app’s payouts are off until finance turns them on (an ADMIN
    approves it): until then a LIVE payout is refused with 403 PAYOUTS_NOT_ENABLED and nothing is
    stored. The payout waits out its cancel window (PAYOUT_CANCEL_WINDOW_SECONDS) before anything is
    sent, and first for approvers when the app’s payout rules ask for them (every LIVE payout waits for
    at least one until finance loosens that), or when it takes the deployment’s LIVE payouts of the
    company day above PAYOUT_DAILY_CEILING_MINOR.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayout):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePayoutResponse201 | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreatePayout,
    idempotency_key: str | Unset = UNSET,
) -> CreatePayoutResponse201 | ErrorEnvelope | None:
    """Pay money out to a bKash or Nagad wallet or a bank account; the outcome arrives as payout.succeeded
    or payout.failed

     Needs the `payouts` scope. In LIVE the app’s payouts are off until finance turns them on (an ADMIN
    approves it): until then a LIVE payout is refused with 403 PAYOUTS_NOT_ENABLED and nothing is
    stored. The payout waits out its cancel window (PAYOUT_CANCEL_WINDOW_SECONDS) before anything is
    sent, and first for approvers when the app’s payout rules ask for them (every LIVE payout waits for
    at least one until finance loosens that), or when it takes the deployment’s LIVE payouts of the
    company day above PAYOUT_DAILY_CEILING_MINOR.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayout):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePayoutResponse201 | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
