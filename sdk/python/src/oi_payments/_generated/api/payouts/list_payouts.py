import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_payouts_rail import ListPayoutsRail
from ...models.list_payouts_response_200 import ListPayoutsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: str | Unset = UNSET,
    rail: ListPayoutsRail | Unset = UNSET,
    from_: datetime.date | datetime.datetime | Unset = UNSET,
    to: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["status"] = status

    json_rail: str | Unset = UNSET
    if not isinstance(rail, Unset):
        json_rail = rail.value

    params["rail"] = json_rail

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_.isoformat()

    params["from"] = json_from_

    json_to: str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to.isoformat()

    params["to"] = json_to

    params["page"] = page

    params["size"] = size

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/payouts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListPayoutsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListPayoutsResponse200.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListPayoutsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    rail: ListPayoutsRail | Unset = UNSET,
    from_: datetime.date | datetime.datetime | Unset = UNSET,
    to: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListPayoutsResponse200]:
    """List payouts, newest first, with a summary by status

     Needs the `read` scope.

    Args:
        status (str | Unset):
        rail (ListPayoutsRail | Unset):
        from_ (datetime.date | datetime.datetime | Unset):
        to (datetime.date | datetime.datetime | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListPayoutsResponse200]
    """

    kwargs = _get_kwargs(
        status=status,
        rail=rail,
        from_=from_,
        to=to,
        page=page,
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
    status: str | Unset = UNSET,
    rail: ListPayoutsRail | Unset = UNSET,
    from_: datetime.date | datetime.datetime | Unset = UNSET,
    to: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListPayoutsResponse200 | None:
    """List payouts, newest first, with a summary by status

     Needs the `read` scope.

    Args:
        status (str | Unset):
        rail (ListPayoutsRail | Unset):
        from_ (datetime.date | datetime.datetime | Unset):
        to (datetime.date | datetime.datetime | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListPayoutsResponse200
    """

    return sync_detailed(
        client=client,
        status=status,
        rail=rail,
        from_=from_,
        to=to,
        page=page,
        size=size,
        after=after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    rail: ListPayoutsRail | Unset = UNSET,
    from_: datetime.date | datetime.datetime | Unset = UNSET,
    to: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListPayoutsResponse200]:
    """List payouts, newest first, with a summary by status

     Needs the `read` scope.

    Args:
        status (str | Unset):
        rail (ListPayoutsRail | Unset):
        from_ (datetime.date | datetime.datetime | Unset):
        to (datetime.date | datetime.datetime | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListPayoutsResponse200]
    """

    kwargs = _get_kwargs(
        status=status,
        rail=rail,
        from_=from_,
        to=to,
        page=page,
        size=size,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    rail: ListPayoutsRail | Unset = UNSET,
    from_: datetime.date | datetime.datetime | Unset = UNSET,
    to: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListPayoutsResponse200 | None:
    """List payouts, newest first, with a summary by status

     Needs the `read` scope.

    Args:
        status (str | Unset):
        rail (ListPayoutsRail | Unset):
        from_ (datetime.date | datetime.datetime | Unset):
        to (datetime.date | datetime.datetime | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListPayoutsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            rail=rail,
            from_=from_,
            to=to,
            page=page,
            size=size,
            after=after,
        )
    ).parsed
