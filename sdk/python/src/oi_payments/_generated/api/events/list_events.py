import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_events_response_200 import ListEventsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    until: datetime.date | datetime.datetime | Unset = UNSET,
    payment: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["type"] = type_

    json_since: str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since.isoformat()

    params["since"] = json_since

    json_until: str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until.isoformat()

    params["until"] = json_until

    params["payment"] = payment

    params["page"] = page

    params["size"] = size

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ListEventsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListEventsResponse200.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ListEventsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    until: datetime.date | datetime.datetime | Unset = UNSET,
    payment: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEventsResponse200]:
    """List the events the app was sent, newest first (the last EVENT_RETENTION_DAYS, 30 by default)

     Every event written for the app in the credential's mode, whether or not its webhook was delivered:
    an app that missed deliveries reads what it missed here. Each item is the body the webhook
    delivered. Continue with `after` = pagination.nextCursor.

    Needs the `read` scope.

    Args:
        type_ (str | Unset):
        since (datetime.date | datetime.datetime | Unset):
        until (datetime.date | datetime.datetime | Unset):
        payment (str | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEventsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        since=since,
        until=until,
        payment=payment,
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
    type_: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    until: datetime.date | datetime.datetime | Unset = UNSET,
    payment: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListEventsResponse200 | None:
    """List the events the app was sent, newest first (the last EVENT_RETENTION_DAYS, 30 by default)

     Every event written for the app in the credential's mode, whether or not its webhook was delivered:
    an app that missed deliveries reads what it missed here. Each item is the body the webhook
    delivered. Continue with `after` = pagination.nextCursor.

    Needs the `read` scope.

    Args:
        type_ (str | Unset):
        since (datetime.date | datetime.datetime | Unset):
        until (datetime.date | datetime.datetime | Unset):
        payment (str | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEventsResponse200
    """

    return sync_detailed(
        client=client,
        type_=type_,
        since=since,
        until=until,
        payment=payment,
        page=page,
        size=size,
        after=after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    until: datetime.date | datetime.datetime | Unset = UNSET,
    payment: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> Response[ErrorEnvelope | ListEventsResponse200]:
    """List the events the app was sent, newest first (the last EVENT_RETENTION_DAYS, 30 by default)

     Every event written for the app in the credential's mode, whether or not its webhook was delivered:
    an app that missed deliveries reads what it missed here. Each item is the body the webhook
    delivered. Continue with `after` = pagination.nextCursor.

    Needs the `read` scope.

    Args:
        type_ (str | Unset):
        since (datetime.date | datetime.datetime | Unset):
        until (datetime.date | datetime.datetime | Unset):
        payment (str | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ListEventsResponse200]
    """

    kwargs = _get_kwargs(
        type_=type_,
        since=since,
        until=until,
        payment=payment,
        page=page,
        size=size,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: str | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    until: datetime.date | datetime.datetime | Unset = UNSET,
    payment: str | Unset = UNSET,
    page: int | Unset = UNSET,
    size: int | Unset = UNSET,
    after: str | Unset = UNSET,
) -> ErrorEnvelope | ListEventsResponse200 | None:
    """List the events the app was sent, newest first (the last EVENT_RETENTION_DAYS, 30 by default)

     Every event written for the app in the credential's mode, whether or not its webhook was delivered:
    an app that missed deliveries reads what it missed here. Each item is the body the webhook
    delivered. Continue with `after` = pagination.nextCursor.

    Needs the `read` scope.

    Args:
        type_ (str | Unset):
        since (datetime.date | datetime.datetime | Unset):
        until (datetime.date | datetime.datetime | Unset):
        payment (str | Unset):
        page (int | Unset):
        size (int | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ListEventsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            since=since,
            until=until,
            payment=payment,
            page=page,
            size=size,
            after=after,
        )
    ).parsed
