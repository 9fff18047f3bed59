from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_report_runs_response_200 import ListReportRunsResponse200
from ...models.list_report_runs_type import ListReportRunsType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: ListReportRunsType | Unset = UNSET,
    size: int | Unset = 20,
    after: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    params["size"] = size

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/reports/runs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListReportRunsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListReportRunsResponse200.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

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
) -> Response[ErrorEnvelope | ListReportRunsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListReportRunsType | Unset = UNSET,
    size: int | Unset = 20,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListReportRunsResponse200]:
    """List the runs of the last 90 days in this key's mode, newest first

     The runs the app asked for and those its schedules made. Continue with `after` =
    pagination.nextCursor (the page's last run id).

    Needs the `reporting` scope.

    Args:
        type_ (ListReportRunsType | Unset):
        size (int | Unset):  Default: 20.
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListReportRunsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        size=size,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: ListReportRunsType | Unset = UNSET,
    size: int | Unset = 20,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListReportRunsResponse200 | None:
    """List the runs of the last 90 days in this key's mode, newest first

     The runs the app asked for and those its schedules made. Continue with `after` =
    pagination.nextCursor (the page's last run id).

    Needs the `reporting` scope.

    Args:
        type_ (ListReportRunsType | Unset):
        size (int | Unset):  Default: 20.
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListReportRunsResponse200
    """

    return sync_detailed(
        client=client,
        type_=type_,
        size=size,
        after=after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListReportRunsType | Unset = UNSET,
    size: int | Unset = 20,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListReportRunsResponse200]:
    """List the runs of the last 90 days in this key's mode, newest first

     The runs the app asked for and those its schedules made. Continue with `after` =
    pagination.nextCursor (the page's last run id).

    Needs the `reporting` scope.

    Args:
        type_ (ListReportRunsType | Unset):
        size (int | Unset):  Default: 20.
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListReportRunsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        size=size,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: ListReportRunsType | Unset = UNSET,
    size: int | Unset = 20,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListReportRunsResponse200 | None:
    """List the runs of the last 90 days in this key's mode, newest first

     The runs the app asked for and those its schedules made. Continue with `after` =
    pagination.nextCursor (the page's last run id).

    Needs the `reporting` scope.

    Args:
        type_ (ListReportRunsType | Unset):
        size (int | Unset):  Default: 20.
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListReportRunsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            size=size,
            after=after,
        )
    ).parsed
