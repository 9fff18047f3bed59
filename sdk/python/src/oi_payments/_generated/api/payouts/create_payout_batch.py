from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_payout_batch import CreatePayoutBatch
from ...models.create_payout_batch_response_201 import CreatePayoutBatchResponse201
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreatePayoutBatch,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/payout-batches",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatePayoutBatchResponse201 | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = CreatePayoutBatchResponse201.from_dict(response.json())

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
) -> Response[CreatePayoutBatchResponse201 | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreatePayoutBatch,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatePayoutBatchResponse201 | ErrorEnvelope]:
    """Pay up to 5,000 payouts in one batch, judged and approved by its whole total, with a cancel window
    before any is made

     Needs the `payouts` scope. A LIVE batch of an app whose payouts are off is refused with 403
    PAYOUTS_NOT_ENABLED, nothing stored; the batch is judged at its total by the app’s payout rules and
    the deployment’s daily ceiling, as a payout is. Each line is a single payout’s body with its own
    lineReference; every line is checked first and any invalid line creates nothing (422
    PAYOUT_BATCH_LINES_INVALID naming each line). The body may be up to 3 MiB. After the cancel window
    each line becomes an ordinary payout (payout.* events) and the batch ends with
    payout_batch.completed.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayoutBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePayoutBatchResponse201 | ErrorEnvelope]
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
    body: CreatePayoutBatch,
    idempotency_key: str | Unset = UNSET,
) -> CreatePayoutBatchResponse201 | ErrorEnvelope | None:
    """Pay up to 5,000 payouts in one batch, judged and approved by its whole total, with a cancel window
    before any is made

     Needs the `payouts` scope. A LIVE batch of an app whose payouts are off is refused with 403
    PAYOUTS_NOT_ENABLED, nothing stored; the batch is judged at its total by the app’s payout rules and
    the deployment’s daily ceiling, as a payout is. Each line is a single payout’s body with its own
    lineReference; every line is checked first and any invalid line creates nothing (422
    PAYOUT_BATCH_LINES_INVALID naming each line). The body may be up to 3 MiB. After the cancel window
    each line becomes an ordinary payout (payout.* events) and the batch ends with
    payout_batch.completed.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayoutBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePayoutBatchResponse201 | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreatePayoutBatch,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatePayoutBatchResponse201 | ErrorEnvelope]:
    """Pay up to 5,000 payouts in one batch, judged and approved by its whole total, with a cancel window
    before any is made

     Needs the `payouts` scope. A LIVE batch of an app whose payouts are off is refused with 403
    PAYOUTS_NOT_ENABLED, nothing stored; the batch is judged at its total by the app’s payout rules and
    the deployment’s daily ceiling, as a payout is. Each line is a single payout’s body with its own
    lineReference; every line is checked first and any invalid line creates nothing (422
    PAYOUT_BATCH_LINES_INVALID naming each line). The body may be up to 3 MiB. After the cancel window
    each line becomes an ordinary payout (payout.* events) and the batch ends with
    payout_batch.completed.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayoutBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePayoutBatchResponse201 | ErrorEnvelope]
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
    body: CreatePayoutBatch,
    idempotency_key: str | Unset = UNSET,
) -> CreatePayoutBatchResponse201 | ErrorEnvelope | None:
    """Pay up to 5,000 payouts in one batch, judged and approved by its whole total, with a cancel window
    before any is made

     Needs the `payouts` scope. A LIVE batch of an app whose payouts are off is refused with 403
    PAYOUTS_NOT_ENABLED, nothing stored; the batch is judged at its total by the app’s payout rules and
    the deployment’s daily ceiling, as a payout is. Each line is a single payout’s body with its own
    lineReference; every line is checked first and any invalid line creates nothing (422
    PAYOUT_BATCH_LINES_INVALID naming each line). The body may be up to 3 MiB. After the cancel window
    each line becomes an ordinary payout (payout.* events) and the batch ends with
    payout_batch.completed.

    Needs the `payouts` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreatePayoutBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePayoutBatchResponse201 | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
