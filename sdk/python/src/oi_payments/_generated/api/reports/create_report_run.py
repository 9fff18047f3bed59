from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_report_run import CreateReportRun
from ...models.create_report_run_response_201 import CreateReportRunResponse201
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateReportRun,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/reports/runs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateReportRunResponse201 | ErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = CreateReportRunResponse201.from_dict(response.json())

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
) -> Response[CreateReportRunResponse201 | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateReportRun,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateReportRunResponse201 | ErrorEnvelope]:
    """Run a report of your own money for the days you name: payments, refunds, payouts or your statement

     The rows are read from the books when it runs, in this key's mode, for the days `from` to `to` (both
    included, in the company's time zone, at most 366 days; a period reaching past today holds what
    exists when it runs). The run answers at once with its columns and row count; download its file (CSV
    or XLSX, the same rows) or read its rows as JSON for 90 days.

    `payments`: Payments created in the period, one row each, oldest first. `refunds`: Refunds asked for
    in the period, one row each, oldest first. `payouts`: Payouts created in the period, one row each,
    oldest first. `statement`: An app's statement for the period: each payment, refund and payout with
    the fee kept and the net, then totals.

    Needs the `reporting` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreateReportRun):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateReportRunResponse201 | ErrorEnvelope]
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
    body: CreateReportRun,
    idempotency_key: str | Unset = UNSET,
) -> CreateReportRunResponse201 | ErrorEnvelope | None:
    """Run a report of your own money for the days you name: payments, refunds, payouts or your statement

     The rows are read from the books when it runs, in this key's mode, for the days `from` to `to` (both
    included, in the company's time zone, at most 366 days; a period reaching past today holds what
    exists when it runs). The run answers at once with its columns and row count; download its file (CSV
    or XLSX, the same rows) or read its rows as JSON for 90 days.

    `payments`: Payments created in the period, one row each, oldest first. `refunds`: Refunds asked for
    in the period, one row each, oldest first. `payouts`: Payouts created in the period, one row each,
    oldest first. `statement`: An app's statement for the period: each payment, refund and payout with
    the fee kept and the net, then totals.

    Needs the `reporting` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreateReportRun):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateReportRunResponse201 | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateReportRun,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateReportRunResponse201 | ErrorEnvelope]:
    """Run a report of your own money for the days you name: payments, refunds, payouts or your statement

     The rows are read from the books when it runs, in this key's mode, for the days `from` to `to` (both
    included, in the company's time zone, at most 366 days; a period reaching past today holds what
    exists when it runs). The run answers at once with its columns and row count; download its file (CSV
    or XLSX, the same rows) or read its rows as JSON for 90 days.

    `payments`: Payments created in the period, one row each, oldest first. `refunds`: Refunds asked for
    in the period, one row each, oldest first. `payouts`: Payouts created in the period, one row each,
    oldest first. `statement`: An app's statement for the period: each payment, refund and payout with
    the fee kept and the net, then totals.

    Needs the `reporting` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreateReportRun):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateReportRunResponse201 | ErrorEnvelope]
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
    body: CreateReportRun,
    idempotency_key: str | Unset = UNSET,
) -> CreateReportRunResponse201 | ErrorEnvelope | None:
    """Run a report of your own money for the days you name: payments, refunds, payouts or your statement

     The rows are read from the books when it runs, in this key's mode, for the days `from` to `to` (both
    included, in the company's time zone, at most 366 days; a period reaching past today holds what
    exists when it runs). The run answers at once with its columns and row count; download its file (CSV
    or XLSX, the same rows) or read its rows as JSON for 90 days.

    `payments`: Payments created in the period, one row each, oldest first. `refunds`: Refunds asked for
    in the period, one row each, oldest first. `payouts`: Payouts created in the period, one row each,
    oldest first. `statement`: An app's statement for the period: each payment, refund and payout with
    the fee kept and the net, then totals.

    Needs the `reporting` scope.

    Args:
        idempotency_key (str | Unset):
        body (CreateReportRun):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateReportRunResponse201 | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
